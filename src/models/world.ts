// The simulated Kubernetes world: builds every component on one Simulation from a
// ClusterConfig and starts them. Observers (metrics) subscribe through listener interfaces and
// never change the world.

import type { RandomStreams, Simulation } from '../kernel/index.js';
import { provisionPools } from './cloud-provider.js';
import type { ClusterConfig } from './config.js';
import { NodeCrashes, type NodeCrashListener } from './faults/node-crash.js';
import { Kubelets } from './kubelet.js';
import { LeaseTable } from './lease-table.js';
import type { NodeInfo } from './node.js';

/** kubelet lease renew interval: nodeLeaseRenewIntervalFraction (0.25) × lease duration. */
export const LEASE_RENEW_FRACTION = 0.25;

export class World {
  readonly nodes: NodeInfo[];
  readonly leases: LeaseTable;
  readonly kubelets: Kubelets;
  readonly nodeCrashes: NodeCrashes;

  constructor(
    readonly sim: Simulation,
    readonly streams: RandomStreams,
    readonly config: ClusterConfig,
    listeners: { nodeCrash?: NodeCrashListener[] } = {},
  ) {
    this.nodes = provisionPools(config.nodePools);
    this.leases = new LeaseTable(this.nodes.length);
    const renewInterval = Math.round(config.controlPlane.nodeLeaseDuration * LEASE_RENEW_FRACTION);
    this.kubelets = new Kubelets(sim, streams, this.nodes, this.leases, renewInterval);
    this.nodeCrashes = new NodeCrashes(sim, streams, this.nodes, config.nodeCrashes, this.kubelets, listeners.nodeCrash);
  }

  start(): void {
    this.kubelets.start();
    this.nodeCrashes.start();
  }
}
