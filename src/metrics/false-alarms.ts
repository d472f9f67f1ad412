// False alarms of node failure detection: the node lifecycle controller marking a node Unknown
// while its kubelet is alive (only out of touch, as in a KubeletStall), and the taint manager
// evicting pods from such a node. Only an observer that knows the truth can count these; the
// controllers cannot tell. Watches the store; never writes.

import type { NodeObject, PodObject } from '../models/api/objects.js';
import type { ObjectStore } from '../models/api/store.js';
import type { Kubelets } from '../models/kubelet.js';

export class FalseAlarmRecorder {
  /** Nodes marked Unknown while their kubelet was alive. */
  nodesMarkedUnknownWhileAlive = 0;
  /** Pods the taint manager evicted from nodes whose kubelet was alive. */
  evictionsFromLiveNodes = 0;
  private readonly lastReady = new Map<string, string>();
  private readonly evicted = new Set<number>();

  constructor(store: ObjectStore, private readonly kubelets: Kubelets) {
    store.watch('Node', (event) => {
      if (event.type !== 'DELETED') this.nodeChanged(event.object);
    });
    store.watch('Pod', (event) => {
      if (event.type === 'DELETED') this.evicted.delete(event.object.metadata.uid);
      else this.podChanged(event.object, store);
    });
  }

  private nodeChanged(node: NodeObject): void {
    const before = this.lastReady.get(node.metadata.name);
    if (before === node.status.ready) return; // a heartbeat
    this.lastReady.set(node.metadata.name, node.status.ready);
    if (node.status.ready === 'Unknown' && before !== 'Unknown' && this.kubelets.isRunning(node.cloud.index)) this.nodesMarkedUnknownWhileAlive++;
  }

  private podChanged(pod: PodObject, store: ObjectStore): void {
    if (pod.metadata.deletionTimestamp === undefined || pod.status.reason !== 'TaintManagerEviction' || this.evicted.has(pod.metadata.uid)) return;
    this.evicted.add(pod.metadata.uid);
    const node = pod.spec.nodeName === undefined ? undefined : store.get('Node', '', pod.spec.nodeName);
    if (node && this.kubelets.isRunning(node.cloud.index)) this.evictionsFromLiveNodes++;
  }
}
