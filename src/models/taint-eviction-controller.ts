// Taint-based eviction (upstream pkg/controller/tainteviction/taint_eviction.go): when a node has
// NoExecute taints, each pod on it that does not tolerate one of them is deleted at once; a pod
// that tolerates them all is deleted when the shortest of its matching tolerationSeconds runs
// out, counted from when the controller first saw the taints (an eviction already scheduled
// keeps its start); tolerations without tolerationSeconds (DaemonSet pods) mean never. When the
// taints go away, pending evictions are cancelled. Deletion is graceful: the pod gets a
// deletionTimestamp; on a dead node it then stays Terminating until the kubelet returns.

import { KeyedTimers, type Millis, type Simulation } from '../kernel/index.js';
import type { NodeObject, PodObject } from './api/objects.js';
import type { ObjectStore } from './api/store.js';
import { tolerates, type Taint } from './api/taints.js';

export class TaintEvictionController {
  private readonly timers: KeyedTimers<PodObject>;
  private readonly scheduledFrom = new Map<PodObject, Millis>();
  evictions = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    this.timers = new KeyedTimers(sim, 'taintEviction.evict', (pod) => this.evict(pod));
    store.watch('Node', (event) => {
      if (event.type !== 'DELETED') this.processNode(event.object);
    });
    store.watch('Pod', (event) => {
      const pod = event.object;
      if (event.type === 'DELETED') return this.cancel(pod);
      if (pod.spec.nodeName === undefined) return;
      const node = store.get('Node', '', pod.spec.nodeName);
      if (!node) return;
      // Fast path: an untainted node and no eviction pending for the pod.
      if (node.spec.taints.length === 0 && !this.scheduledFrom.has(pod)) return;
      this.processPod(pod, noExecuteTaints(node));
    });
  }

  private processNode(node: NodeObject): void {
    // Fast path for the common heartbeat: no taints at all and no eviction pending anywhere.
    if (node.spec.taints.length === 0 && this.scheduledFrom.size === 0) return;
    const taints = noExecuteTaints(node);
    if (taints.length === 0 && this.scheduledFrom.size === 0) return;
    for (const pod of this.store.podsOnNode(node.metadata.name)) this.processPod(pod, taints);
  }

  private processPod(pod: PodObject, taints: Taint[]): void {
    if (pod.metadata.deletionTimestamp !== undefined) return this.cancel(pod);
    if (taints.length === 0) return this.cancel(pod);
    let minimum = Number.POSITIVE_INFINITY;
    for (const taint of taints) {
      const matching = pod.spec.tolerations.filter((t) => tolerates(t, taint));
      if (matching.length === 0) {
        this.cancel(pod);
        this.evict(pod);
        return;
      }
      for (const t of matching) {
        const seconds = t.tolerationSeconds === undefined ? Number.POSITIVE_INFINITY : Math.max(0, t.tolerationSeconds);
        minimum = Math.min(minimum, seconds);
      }
    }
    if (minimum === Number.POSITIVE_INFINITY) return this.cancel(pod);
    const start = this.scheduledFrom.get(pod) ?? this.sim.now;
    const due = start + minimum * 1000;
    const existing = this.timers.dueAt(pod);
    if (existing !== undefined && existing <= due) return;
    this.scheduledFrom.set(pod, start);
    this.timers.setAt(pod, Math.max(due, this.sim.now));
  }

  private cancel(pod: PodObject): void {
    this.timers.cancel(pod);
    this.scheduledFrom.delete(pod);
  }

  private evict(pod: PodObject): void {
    this.scheduledFrom.delete(pod);
    if (pod.metadata.deletionTimestamp !== undefined) return;
    if (!this.store.holds(pod)) return;
    pod.status.reason = 'TaintManagerEviction';
    this.store.deleteGracefully('taint-eviction-controller', pod);
    this.evictions++;
  }
}

function noExecuteTaints(node: NodeObject): Taint[] {
  return node.spec.taints.filter((t) => t.effect === 'NoExecute');
}
