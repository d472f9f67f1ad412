// Node leases (kube-node-lease/<node>): the most frequent write in a cluster (every node renews
// every 10 s). As DESIGN.md section 8 allows, the renew time is hot state kept in an array
// owned by the kubelets and read by the node lifecycle controller on its monitor tick (as
// upstream reads leases from its informer cache), instead of an object and a watch event per
// renewal. Indexed by the node's dense index; grows as nodes are added.

import type { Millis } from '../kernel/index.js';

export class LeaseTable {
  private readonly renewTimes: Millis[] = [];
  renewals = 0;

  renew(node: number, now: Millis): void {
    this.renewTimes[node] = now;
    this.renewals++;
  }

  /** Last renew time, or -Infinity if the node never renewed. */
  renewTime(node: number): Millis {
    return this.renewTimes[node] ?? Number.NEGATIVE_INFINITY;
  }
}
