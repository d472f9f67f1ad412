// Pods from a template, as the workload controllers create them: the template's labels and
// spec, an owner reference to the controller, Pending and unscheduled.

import type { ObjectMeta, OwnerReference, PodObject, PodSpec, PodTemplate } from '../api/objects.js';

export function podFromTemplate(
  template: PodTemplate,
  name: string,
  namespace: string,
  owner: { kind: string; metadata: ObjectMeta },
  /**
   * labels: added to the template's; podLabels instead: the pod's whole labels object, as is (a
   * controller may give its pods one shared object: nobody edits a pod's labels in place).
   */
  extra: { labels?: Record<string, string>; podLabels?: Record<string, string>; spec?: Partial<PodSpec> } = {},
): PodObject {
  return {
    kind: 'Pod',
    metadata: {
      name,
      namespace,
      uid: 0,
      labels: extra.podLabels ?? { ...template.labels, ...(extra.labels ?? {}) },
      annotations: template.annotations, // shared: nobody edits a pod's annotations in place
      resourceVersion: 0,
      generation: 1,
      creationTimestamp: 0,
      ownerReference: ownerReferenceTo(owner),
    },
    spec: podSpec(template.spec, extra.spec),
    status: { phase: 'Pending', scheduled: false, ready: false, readyTransition: 0, everReady: false, restartCount: 0 },
  };
}

/**
 * One OwnerReference object per owner, shared by the pods it creates (nobody edits one): the
 * controllers' work queues find their key text by it (controller.ts enqueueOwner).
 */
const OWNER_REFERENCES = new WeakMap<ObjectMeta, OwnerReference>();

function ownerReferenceTo(owner: { kind: string; metadata: ObjectMeta }): OwnerReference {
  const { name, uid } = owner.metadata;
  const cached = OWNER_REFERENCES.get(owner.metadata);
  if (cached?.kind === owner.kind && cached.name === name && cached.uid === uid) return cached;
  const reference = { kind: owner.kind, name, uid };
  OWNER_REFERENCES.set(owner.metadata, reference);
  return reference;
}

/**
 * The template's spec with `extra` over it, every field written out in one order (nodeName
 * included, though unset). Why not object spread: V8 gave each spread copy a hidden class of its
 * own once the scheduler set nodeName, which made every read of a pod's spec megamorphic; at
 * 150,000 pods that tripled the cost of the metrics sampling and slowed every controller. (A
 * spread merge of template and extra is only read from here, never kept.)
 */
function podSpec(base: PodSpec, extra: Partial<PodSpec> | undefined): PodSpec {
  // Most pods take the template's spec as it is: no merged copy (and no lookup per field) for them.
  const spec: PodSpec = extra !== undefined && hasOwnKeys(extra) ? { ...base, ...extra } : base;
  return {
    nodeName: spec.nodeName,
    containers: spec.containers,
    initContainers: spec.initContainers,
    nodeSelector: spec.nodeSelector,
    affinity: spec.affinity,
    tolerations: spec.tolerations, // shared: admission and the controllers replace the list, never edit it
    topologySpreadConstraints: spec.topologySpreadConstraints,
    priority: spec.priority,
    terminationGracePeriod: spec.terminationGracePeriod,
    restartPolicy: spec.restartPolicy,
    volumeClaims: spec.volumeClaims,
    overhead: spec.overhead,
    runDuration: spec.runDuration,
    baseUsage: spec.baseUsage,
  };
}

function hasOwnKeys(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/**
 * Which pods a controller deletes first when it scales down, as upstream's ActivePodsWithRanks
 * (pkg/controller/controller_utils.go): unassigned before assigned; Pending before Running; not
 * ready before ready; pods on nodes holding more of the same controller's pods ("doubled up")
 * before others; ready for less time before longer; more restarts before fewer; newer before
 * older. `rank` gives each pod's count of related active pods on its node.
 * Returns a negative number if a goes first.
 */
export function deletionOrder(a: PodObject, b: PodObject, rank: (pod: PodObject) => number = () => 0): number {
  const assigned = (p: PodObject): number => (p.spec.nodeName === undefined ? 0 : 1);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: PodObject): number => (p.status.phase === 'Pending' ? 0 : p.status.phase === 'Running' ? 2 : 1);
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  if (a.status.ready !== b.status.ready) return a.status.ready ? 1 : -1;
  if (rank(a) !== rank(b)) return rank(b) - rank(a);
  if (a.status.ready && b.status.ready && a.status.readyTransition !== b.status.readyTransition) {
    return b.status.readyTransition - a.status.readyTransition;
  }
  if (a.status.restartCount !== b.status.restartCount) return b.status.restartCount - a.status.restartCount;
  if (a.metadata.creationTimestamp !== b.metadata.creationTimestamp) return b.metadata.creationTimestamp - a.metadata.creationTimestamp;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** Each pod's number of pods from `pods` on its node (upstream's rank for doubled-up pods). */
export function podsPerNodeRank(pods: readonly PodObject[]): (pod: PodObject) => number {
  const perNode = new Map<string, number>();
  for (const pod of pods) if (pod.spec.nodeName !== undefined) perNode.set(pod.spec.nodeName, (perNode.get(pod.spec.nodeName) ?? 0) + 1);
  return (pod) => (pod.spec.nodeName === undefined ? 0 : (perNode.get(pod.spec.nodeName) ?? 0));
}
