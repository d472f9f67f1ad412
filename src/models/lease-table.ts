// Node leases (kube-node-lease/<node>): the most frequent write in a cluster (every node renews
// every 10 s). As DESIGN.md section 8 allows, the renew time is hot state kept in an array
// owned by the kubelets and read by the node lifecycle controller on its monitor tick (as
// upstream reads leases from its informer cache), instead of an object and a watch event per
// renewal. Indexed by the node's dense index; grows as nodes are added.
// Once the controller has asked for them (takeRenewals, takeStatusPosts), the table also logs
// the nodes that renewed their lease and those whose kubelet posted node status (statusPosted):
// the nodes whose renew time or Ready heartbeat may have moved since the controller last looked.

import type { Millis } from '../kernel/index.js';

/**
 * Node indices logged in order; taking them hands out the entries and starts afresh. Two
 * buffers take turns and keep their size: a plain array emptied by `length = 0` dropped its
 * storage, and the next 2,500 renewals grew it again.
 */
class NodeLog {
  /** Undefined until the first take: nothing is logged before anyone asks. */
  private current: Int32Array<ArrayBuffer> | undefined;
  private spare = new Int32Array(1024);
  private count = 0;

  add(node: number): void {
    if (this.current === undefined) return;
    if (this.count === this.current.length) this.current = grown(this.current);
    this.current[this.count++] = node;
  }

  /** The nodes logged since the last call (repeats kept); the first call starts the log. Valid until the next call. */
  take(): Int32Array {
    const taken = this.current?.subarray(0, this.count) ?? new Int32Array(0);
    const next = this.spare;
    this.spare = this.current ?? new Int32Array(1024);
    this.current = next;
    this.count = 0;
    return taken;
  }
}

function grown(entries: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(Math.max(1024, 2 * entries.length));
  bigger.set(entries);
  return bigger;
}

export class LeaseTable {
  /** By node index; −Infinity: never renewed. Typed, as the first renewals come in random node order. */
  private renewTimes = new Float64Array(0);
  private readonly renewed = new NodeLog();
  private readonly posted = new NodeLog();
  renewals = 0;

  renew(node: number, now: Millis): void {
    if (node >= this.renewTimes.length) this.growTo(node + 1);
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
    return node < this.renewTimes.length ? (this.renewTimes[node] as number) : Number.NEGATIVE_INFINITY;
  }

  private growTo(size: number): void {
    const times = new Float64Array(Math.max(size, 2 * this.renewTimes.length)).fill(Number.NEGATIVE_INFINITY);
    times.set(this.renewTimes);
    this.renewTimes = times;
  }

  /** The nodes that renewed since the last call (see NodeLog.take). */
  takeRenewals(): Int32Array {
    return this.renewed.take();
  }

  /** The nodes whose status was posted since the last call (see NodeLog.take). */
  takeStatusPosts(): Int32Array {
    return this.posted.take();
  }
}
