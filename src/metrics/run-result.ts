// RunResult: everything a run reports, as plain data. summary.json is this object (DESIGN.md
// section 6 keys; times in seconds, money in the scenario's currency).

export interface PoolCost {
  pool: string;
  nodes: number;
  nodeHours: number;
  pricePerHour: number;
  cost: number;
}

export interface RunResult {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  events: number;
  wallSeconds: number;
  fingerprint: string;
  density: {
    nodeHours: number;
    avgNodes: number;
    peakNodes: number;
  };
  cost: {
    currency: string;
    total: number;
    compute: number;
    byPool: PoolCost[];
  };
  failures: {
    nodeCrashes: number;
    nodeRepairs: number;
    nodeCrashesIgnored: number;
    nodeDownSeconds: number;
  };
  controlPlane: {
    leaseRenewals: number;
  };
}
