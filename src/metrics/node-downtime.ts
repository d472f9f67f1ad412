// Records when nodes are down (crashed and not yet repaired). Observes, never mutates.

import type { Millis, Simulation } from '../kernel/index.js';
import type { NodeCrashListener } from '../models/faults/node-crash.js';

export class NodeDowntimeRecorder implements NodeCrashListener {
  private readonly downSince = new Map<number, Millis>();
  private downMillis = 0;

  constructor(private readonly sim: Simulation) {}

  nodeCrashed(node: number): void {
    this.downSince.set(node, this.sim.now);
  }

  nodeRepaired(node: number): void {
    const since = this.downSince.get(node);
    if (since === undefined) return;
    this.downMillis += this.sim.now - since;
    this.downSince.delete(node);
  }

  /** Node-milliseconds of downtime up to `now`, counting nodes still down. */
  totalDownMillis(now: Millis): number {
    let total = this.downMillis;
    for (const since of this.downSince.values()) total += now - since;
    return total;
  }
}
