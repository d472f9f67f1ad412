// Node leases (kube-node-lease/<node>): the most frequent write in a cluster (every node renews
// every 10 s). As DESIGN.md section 8 allows, the renew time is hot state kept in a typed array
// owned by the kubelets and read by whoever needs it (the node lifecycle controller reads it on
// its monitor tick, as upstream reads leases from its informer cache), instead of an object and
// a watch event per renewal.

import type { Millis } from '../kernel/index.js';

export class LeaseTable {
  private readonly renewTimes: Float64Array;
  renewals = 0;

  constructor(nodeCount: number) {
    this.renewTimes = new Float64Array(nodeCount).fill(Number.NEGATIVE_INFINITY);
  }

  renew(node: number, now: Millis): void {
    this.renewTimes[node] = now;
    this.renewals++;
  }

  /** Last renew time, or -Infinity if the node never renewed. */
  renewTime(node: number): Millis {
    return this.renewTimes[node] as number;
  }
}
