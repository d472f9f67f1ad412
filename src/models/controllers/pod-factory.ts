// Pods from a template, as the workload controllers create them: the template's labels and
// spec, an owner reference to the controller, Pending and unscheduled.

import type { ObjectMeta, PodObject, PodSpec, PodTemplate } from '../api/objects.js';

export function podFromTemplate(
  template: PodTemplate,
  name: string,
  namespace: string,
  owner: { kind: string; metadata: ObjectMeta },
  extra: { labels?: Record<string, string>; spec?: Partial<PodSpec> } = {},
): PodObject {
  return {
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: 0,
      labels: { ...template.labels, ...(extra.labels ?? {}) },
      annotations: { ...template.annotations },
      resourceVersion: 0,
      generation: 1,
      creationTimestamp: 0,
      ownerReference: { kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid },
    },
    spec: { ...template.spec, tolerations: [...template.spec.tolerations], ...(extra.spec ?? {}) },
    status: { phase: 'Pending', scheduled: false, ready: false, readyTransition: 0, everReady: false, restartCount: 0 },
  };
}

/** Active pods: not terminating and not finished (what a ReplicaSet counts). */
export function isActive(pod: PodObject): boolean {
  return pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
}

/**
 * Which pods a controller deletes first when it scales down, as upstream's ActivePods ordering
 * (pkg/controller/controller_utils.go): unassigned before assigned; Pending before Running; not
 * ready before ready; ready for less time before longer; more restarts before fewer; newer
 * before older. Returns a negative number if a goes first.
 */
export function deletionOrder(a: PodObject, b: PodObject): number {
  const assigned = (p: PodObject): number => (p.spec.nodeName === undefined ? 0 : 1);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: PodObject): number => (p.status.phase === 'Pending' ? 0 : p.status.phase === 'Running' ? 2 : 1);
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  if (a.status.ready !== b.status.ready) return a.status.ready ? 1 : -1;
  if (a.status.ready && b.status.ready && a.status.readyTransition !== b.status.readyTransition) {
    return b.status.readyTransition - a.status.readyTransition;
  }
  if (a.status.restartCount !== b.status.restartCount) return b.status.restartCount - a.status.restartCount;
  if (a.metadata.creationTimestamp !== b.metadata.creationTimestamp) return b.metadata.creationTimestamp - a.metadata.creationTimestamp;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
