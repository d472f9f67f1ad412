// Node leases (kube-node-lease/<node>): the most frequent write in a cluster (every node renews
// every 10 s). As DESIGN.md section 8 allows, the renew time is hot state kept in an array
// owned by the kubelets and read by the node lifecycle controller on its monitor tick (as
// upstream reads leases from its informer cache), instead of an object and a watch event per
// renewal. Indexed by the node's dense index; grows as nodes are added.
// Once the controller has asked for them (takeRenewals, takeStatusPosts), the table also logs
// the nodes that renewed their lease and those whose kubelet posted node status (statusPosted):
// the nodes whose renew time or Ready heartbeat may have moved since the controller last looked.

import type { Millis } from '../kernel/index.js';

/** Node indices logged in order; taking them hands out the list and starts a fresh one. */
class NodeLog {
  private current: number[] | undefined;
  private spare: number[] = [];

  add(node: number): void {
    this.current?.push(node);
  }

  /** The nodes logged since the last call (repeats kept); the first call starts the log. Valid until the next call. */
  take(): readonly number[] {
    const taken = this.current ?? [];
    this.spare.length = 0;
    this.current = this.spare;
    this.spare = taken;
    return taken;
  }
}

export class LeaseTable {
  private readonly renewTimes: Millis[] = [];
  private readonly renewed = new NodeLog();
  private readonly posted = new NodeLog();
  renewals = 0;

  renew(node: number, now: Millis): void {
    this.renewTimes[node] = now;
    this.renewals++;
    this.renewed.add(node);
  }

  /** The node's kubelet posted its status (Ready heartbeat, and Ready). */
  statusPosted(node: number): void {
    this.posted.add(node);
  }

  /** Last renew time, or -Infinity if the node never renewed. */
  renewTime(node: number): Millis {
    return this.renewTimes[node] ?? Number.NEGATIVE_INFINITY;
  }

  /** The nodes that renewed since the last call (see NodeLog.take). */
  takeRenewals(): readonly number[] {
    return this.renewed.take();
  }

  /** The nodes whose status was posted since the last call (see NodeLog.take). */
  takeStatusPosts(): readonly number[] {
    return this.posted.take();
  }
}
