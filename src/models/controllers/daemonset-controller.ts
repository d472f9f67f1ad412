// The DaemonSet controller: one pod per eligible node, new nodes included. Eligibility follows
// nodeShouldRunDaemonPod: the node matches the pod's nodeSelector and required node affinity and
// has no NoSchedule/NoExecute taint the pod does not tolerate. Pods are created with node
// affinity to their node (matchFields metadata.name) and go through the scheduler, as since
// Kubernetes 1.12, and get the DaemonSet tolerations: not-ready and unreachable NoExecute with
// no tolerationSeconds (never evicted), and unschedulable, disk-, memory- and pid-pressure
// NoSchedule. Upstream: pkg/controller/daemon/daemon_controller.go, util/daemonset_util.go.

import type { Simulation } from '../../kernel/index.js';
import { isActive, objectKey, type DaemonSetObject, type NodeObject, type PodObject } from '../api/objects.js';
import { mapSelectorMatches, nodeSelectorTermsMatch } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import { firstUntoleratedTaint, TAINT_NOT_READY, TAINT_UNREACHABLE, TAINT_UNSCHEDULABLE, type Toleration } from '../api/taints.js';
import { Controller, splitKey } from './controller.js';
import { podFromTemplate } from './pod-factory.js';

export const DAEMONSET_TOLERATIONS: readonly Toleration[] = [
  { key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute' },
  { key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: TAINT_UNSCHEDULABLE, operator: 'Exists', effect: 'NoSchedule' },
];

export class DaemonSetController extends Controller {
  private created = 0;
  private readonly nodeFields = new Map<string, readonly [unknown, unknown]>();

  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'daemonset-controller');
    store.watch('DaemonSet', (event) => this.enqueue(objectKey(event.object.metadata)));
    store.watch('Node', (event) => {
      // A new or removed node, or changed labels or taints (not a mere heartbeat), may change
      // where daemon pods belong. Writers replace labels and taints when they change them.
      const node = event.object;
      const seen = this.nodeFields.get(node.metadata.name);
      if (event.type === 'MODIFIED' && seen && seen[0] === node.metadata.labels && seen[1] === node.spec.taints) return;
      this.nodeFields.set(node.metadata.name, [node.metadata.labels, node.spec.taints]);
      for (const ds of this.store.list('DaemonSet')) this.enqueue(objectKey(ds.metadata));
    });
    store.watch('Pod', (event) => this.enqueueOwner(event.object, 'DaemonSet'));
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const ds = this.store.get('DaemonSet', namespace, name);
    if (!ds) return;
    const podsByNode = new Map<string, PodObject[]>();
    for (const pod of this.store.podsOwnedBy(ds.metadata.uid)) {
      if (!isActive(pod)) continue;
      const target = targetNode(pod);
      podsByNode.set(target, [...(podsByNode.get(target) ?? []), pod]);
    }
    let desired = 0;
    for (const node of this.store.list('Node')) {
      const { shouldRun, shouldContinueRunning } = this.placement(ds, node);
      const pods = podsByNode.get(node.metadata.name) ?? [];
      if (shouldRun) desired++;
      if (shouldRun && pods.length === 0) this.store.create('daemonset-controller', this.newPod(ds, node));
      const excess = shouldContinueRunning ? pods.slice(1) : pods;
      for (const pod of excess) this.store.deleteGracefully('daemonset-controller', pod);
    }
    const pods = [...podsByNode.values()].flat();
    const status = { desiredNumberScheduled: desired, currentNumberScheduled: pods.filter((p) => p.spec.nodeName).length, numberReady: pods.filter((p) => p.status.ready).length };
    if (status.desiredNumberScheduled !== ds.status.desiredNumberScheduled || status.currentNumberScheduled !== ds.status.currentNumberScheduled || status.numberReady !== ds.status.numberReady) {
      ds.status = status;
      this.store.update('daemonset-controller', ds);
    }
  }

  /**
   * nodeShouldRunDaemonPod: a new pod needs the selectors to match and no untolerated NoSchedule
   * or NoExecute taint; a running pod stays unless a NoExecute taint is untolerated.
   */
  private placement(ds: DaemonSetObject, node: NodeObject): { shouldRun: boolean; shouldContinueRunning: boolean } {
    const spec = ds.spec.template.spec;
    const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    const fits = mapSelectorMatches(spec.nodeSelector, node.metadata.labels) && (!required || nodeSelectorTermsMatch(required, node.metadata.labels, node.metadata.name));
    if (!fits) return { shouldRun: false, shouldContinueRunning: false };
    // Taints the controller itself adds for node conditions are tolerated by DaemonSet pods.
    const tolerations = [...spec.tolerations, ...DAEMONSET_TOLERATIONS];
    return {
      shouldRun: firstUntoleratedTaint(node.spec.taints, tolerations, ['NoSchedule', 'NoExecute']) === undefined,
      shouldContinueRunning: firstUntoleratedTaint(node.spec.taints, tolerations, ['NoExecute']) === undefined,
    };
  }

  private newPod(ds: DaemonSetObject, node: NodeObject): PodObject {
    const spec = ds.spec.template.spec;
    const pinned = { matchFields: [{ key: 'metadata.name', operator: 'In' as const, values: [node.metadata.name] }] };
    const name = `${ds.metadata.name}-${(this.created++).toString(36)}`;
    return podFromTemplate(ds.spec.template, name, ds.metadata.namespace, ds, {
      spec: {
        tolerations: [...spec.tolerations, ...DAEMONSET_TOLERATIONS.filter((t) => !spec.tolerations.some((s) => s.key === t.key && s.effect === t.effect))],
        affinity: { ...spec.affinity, nodeAffinity: { ...spec.affinity?.nodeAffinity, requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [pinned] } } },
      },
    });
  }
}

/** The node a DaemonSet pod is for: its binding, or the node its affinity pins it to. */
function targetNode(pod: PodObject): string {
  if (pod.spec.nodeName) return pod.spec.nodeName;
  const term = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0];
  return term?.matchFields?.[0]?.values?.[0] ?? '';
}
