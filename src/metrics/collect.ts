// Turns a finished world into a RunResult. Reads models' state; changes nothing.

import { HOUR, toSeconds } from '../kernel/index.js';
import type { World } from '../models/world.js';
import type { NodeDowntimeRecorder } from './node-downtime.js';
import type { PoolCost, RunResult } from './run-result.js';

export interface RunInfo {
  scenario: string;
  seed: number;
  currency: string;
  wallSeconds: number;
}

export function collectRunResult(world: World, downtime: NodeDowntimeRecorder, info: RunInfo): RunResult {
  const now = world.sim.now;
  const hours = now / HOUR;
  // Nodes exist for the whole run until the cluster autoscaler can add and remove them.
  const byPool: PoolCost[] = world.config.nodePools.map((pool) => {
    const nodeHours = pool.count * hours;
    return { pool: pool.name, nodes: pool.count, nodeHours: round(nodeHours), pricePerHour: pool.pricePerHour, cost: round(nodeHours * pool.pricePerHour) };
  });
  const compute = round(byPool.reduce((sum, p) => sum + p.nodeHours * p.pricePerHour, 0));
  const nodeHours = byPool.reduce((sum, p) => sum + p.nodeHours, 0);
  return {
    scenario: info.scenario,
    seed: info.seed,
    simulatedSeconds: toSeconds(now),
    events: world.sim.eventsExecuted,
    wallSeconds: info.wallSeconds,
    fingerprint: world.sim.fingerprint,
    density: { nodeHours: round(nodeHours), avgNodes: world.cloud.nodes.length, peakNodes: world.cloud.nodes.length },
    cost: { currency: info.currency, total: compute, compute, byPool },
    failures: {
      nodeCrashes: world.nodeCrashes.crashes,
      nodeRepairs: world.nodeCrashes.repairs,
      nodeCrashesIgnored: world.nodeCrashes.ignored,
      nodeDownSeconds: toSeconds(downtime.totalDownMillis(now)),
    },
    controlPlane: { leaseRenewals: world.leases.renewals },
  };
}

/** Money and hours to 1e-6: stable output without float noise in the last digits. */
function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
