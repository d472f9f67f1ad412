// The cloud provider: turns node pools into nodes. Nodes are named <pool>-<i>, spread
// round-robin over the pool's zones, labelled as a real cloud node is, and priced per hour.
// Simplification: provisioning time applies only to nodes added later (autoscaling); the
// initial nodes exist at time 0.

import type { NodePoolConfig } from './config.js';
import { HOSTNAME_LABEL, INSTANCE_TYPE_LABEL, ZONE_LABEL, type NodeInfo } from './node.js';

export function provisionPools(pools: readonly NodePoolConfig[]): NodeInfo[] {
  const nodes: NodeInfo[] = [];
  for (const pool of pools) {
    for (let i = 0; i < pool.count; i++) nodes.push(makeNode(pool, i, nodes.length));
  }
  return nodes;
}

export function makeNode(pool: NodePoolConfig, ordinal: number, index: number): NodeInfo {
  const name = `${pool.name}-${ordinal}`;
  const zone = pool.zones[ordinal % pool.zones.length] as string;
  return {
    index,
    name,
    pool: pool.name,
    zone,
    labels: {
      ...pool.labels,
      [HOSTNAME_LABEL]: name,
      [ZONE_LABEL]: zone,
      [INSTANCE_TYPE_LABEL]: pool.instanceType,
      'podsim.dev/pool': pool.name,
    },
    capacity: { ...pool.capacity },
    allocatable: { ...pool.allocatable },
    pricePerHour: pool.pricePerHour,
    spot: pool.spot,
    taints: [...pool.taints],
  };
}
