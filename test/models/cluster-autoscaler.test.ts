// The cluster autoscaler end to end: scale-up from unschedulable pods after the provisioning
// time, scale-down only after 10 min below the 0.5 utilization threshold, and a
// PodDisruptionBudget that blocks a drain.
import { describe, expect, it } from 'vitest';
import { constant, MINUTE, SECOND } from '../../src/kernel/index.js';
import { objectsFromManifests } from '../../src/scenario/objects-from-manifests.js';
import { makeWorld, pool } from './world-fixtures.js';

function deployment(name: string, replicas: number, cpu: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: `${name}:1`, resources: { requests: { cpu, memory: 2 ** 28 } } }] } },
    },
  };
}

const autoscaled = (count: number, min: number, max: number) =>
  pool('g', count, ['zone-a'], { autoscaling: { min, max }, provisioningTime: constant(90 * SECOND, 'duration') });

describe('cluster autoscaler', () => {
  it('adds the nodes the binpacking estimator asks for once pods are unschedulable', () => {
    // 4000m nodes; 10 pods of 1500m: 2 fit per node → 5 nodes, 1 exists.
    const objects = objectsFromManifests([deployment('web', 10, 1500)] as never);
    const { sim, world } = makeWorld({ nodePools: [autoscaled(1, 1, 10)], objects });
    world.start();
    sim.run(10 * MINUTE);
    const nodes = world.cloud.nodes.filter((n) => n.cloud.deletedAt === undefined);
    expect(nodes).toHaveLength(5);
    expect(world.clusterAutoscaler.stats.nodesAdded).toBe(4);
    // The first scan (10 s) sees the pods the scheduler marked unschedulable; nodes come 90 s later.
    const added = nodes.filter((n) => n.metadata.creationTimestamp > 0);
    for (const node of added) {
      expect(node.metadata.creationTimestamp).toBe(node.cloud.billedFrom + 90 * SECOND);
      expect(node.cloud.billedFrom % (10 * SECOND)).toBe(0);
    }
    expect(world.store.pendingPods().size).toBe(0);
    expect(world.store.list('Pod').filter((p) => p.status.ready)).toHaveLength(10);
  });

  it('stops at the pool maximum', () => {
    const objects = objectsFromManifests([deployment('web', 10, 1500)] as never);
    const { sim, world } = makeWorld({ nodePools: [autoscaled(1, 1, 3)], objects });
    world.start();
    sim.run(10 * MINUTE);
    expect(world.cloud.nodes.filter((n) => n.cloud.deletedAt === undefined)).toHaveLength(3);
    expect(world.store.pendingPods().size).toBe(4);
  });

  it('removes an underutilized node only after 10 min unneeded, down to the minimum', () => {
    // Three nodes, one small pod: two nodes are empty and unneeded from the first scan.
    const objects = objectsFromManifests([deployment('web', 1, 500)] as never);
    const { sim, world } = makeWorld({ nodePools: [autoscaled(3, 2, 5)], objects });
    world.start();
    sim.run(10 * MINUTE);
    expect(world.clusterAutoscaler.stats.nodesRemoved).toBe(0);
    sim.run(10 * MINUTE + 20 * SECOND);
    const removed = world.cloud.nodes.filter((n) => n.cloud.deletedAt !== undefined);
    expect(removed).toHaveLength(1); // the minimum of 2 keeps the second one
    expect(removed[0]!.cloud.deletedAt).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(removed[0]!.cloud.deletedAt).toBeLessThanOrEqual(10 * MINUTE + 20 * SECOND);
    sim.run(60 * MINUTE);
    expect(world.cloud.nodes.filter((n) => n.cloud.deletedAt === undefined)).toHaveLength(2);
  });

  it('does not drain a node when a PodDisruptionBudget forbids the eviction', () => {
    const objects = objectsFromManifests([
      deployment('db', 2, 500),
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'db' }, spec: { selector: { matchLabels: { app: 'db' } }, minAvailable: 2 } },
    ] as never);
    // Two nodes: the scheduler's spreading puts one db pod on each; each node is under 0.5.
    const { sim, world } = makeWorld({ nodePools: [autoscaled(2, 1, 4)], objects });
    world.start();
    sim.run(2 * 60 * MINUTE);
    const budget = world.store.get('PodDisruptionBudget', 'default', 'db')!;
    expect(budget.status.disruptionsAllowed).toBe(0);
    expect(world.cloud.nodes.filter((n) => n.cloud.deletedAt === undefined)).toHaveLength(2);
    expect(world.store.list('Pod').filter((p) => p.metadata.deletionTimestamp !== undefined)).toHaveLength(0);
  });
});

describe('cluster autoscaler expanders', () => {
  const pools = () => [
    pool('cheap', 1, ['zone-a'], { autoscaling: { min: 1, max: 10 }, pricePerHour: 0.1, provisioningTime: constant(60 * SECOND, 'duration') }),
    pool('dear', 1, ['zone-a'], { autoscaling: { min: 1, max: 10 }, pricePerHour: 0.3, provisioningTime: constant(60 * SECOND, 'duration') }),
  ];
  const added = (world: ReturnType<typeof makeWorld>['world'], name: string) => world.cloud.nodes.filter((n) => n.cloud.pool === name && n.metadata.creationTimestamp > 0).length;

  it('price picks the pool whose new nodes cost least', () => {
    const objects = objectsFromManifests([deployment('web', 8, 1500)] as never);
    const { sim, world } = makeWorld({ nodePools: pools(), objects, clusterAutoscaler: { expander: 'price' } });
    world.start();
    sim.run(10 * MINUTE);
    expect(added(world, 'cheap')).toBeGreaterThan(0);
    expect(added(world, 'dear')).toBe(0);
  });

  it('priority picks the pool with the highest matching priority', () => {
    const objects = objectsFromManifests([deployment('web', 8, 1500)] as never);
    const { sim, world } = makeWorld({ nodePools: pools(), objects, clusterAutoscaler: { expander: 'priority', priorities: { 10: ['^dear$'], 1: ['.*'] } } });
    world.start();
    sim.run(10 * MINUTE);
    expect(added(world, 'dear')).toBeGreaterThan(0);
    expect(added(world, 'cheap')).toBe(0);
  });
});
