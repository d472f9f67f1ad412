// NodeResourcesFit in small worlds: the LeastAllocated and MostAllocated score strategies decide
// how pods spread or pack; the filter's reasons make upstream's "0/N nodes are available" message.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import type { ClusterConfig } from '../../../src/models/config.js';
import { countByNode } from '../integration-fixtures.js';
import { barePod, container, CONTROL_PLANE, makeWorld, pool } from '../world-fixtures.js';

const GiB = 2 ** 30;
// An eighth of a test node (4000m, 16 GiB) in both resources: BalancedAllocation is the same on
// every node, so only the NodeResourcesFit strategy tells nodes apart.
const EIGHTH = { cpu: 500, memory: 2 * GiB };

function withStrategy(scoringStrategy: 'LeastAllocated' | 'MostAllocated'): ClusterConfig['controlPlane'] {
  return { ...CONTROL_PLANE, scheduler: { ...CONTROL_PLANE.scheduler, scoringStrategy } };
}

function createPods(world: ReturnType<typeof makeWorld>['world'], count: number, requests: Record<string, number> = EIGHTH) {
  return Array.from({ length: count }, (_, i) => world.store.create('scenario', barePod(`p${i}`, undefined, [container('app', requests)])));
}

describe('NodeResourcesFit score strategies', () => {
  it('LeastAllocated spreads six pods two per node over three nodes', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)], controlPlane: withStrategy('LeastAllocated') });
    world.start();
    const pods = createPods(world, 6);
    sim.run(0);
    expect(pods.every((p) => p.spec.nodeName !== undefined)).toBe(true);
    expect(countByNode(pods)).toEqual({ 'n-0': 2, 'n-1': 2, 'n-2': 2 });
  });

  it('MostAllocated packs six pods onto one node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)], controlPlane: withStrategy('MostAllocated') });
    world.start();
    const pods = createPods(world, 6);
    sim.run(0);
    const counts = Object.values(countByNode(pods));
    expect(counts).toEqual([6]);
  });

  it('MostAllocated fills a node up to its allocatable before opening the next', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)], controlPlane: withStrategy('MostAllocated') });
    world.start();
    const pods = createPods(world, 10); // 8 fit on a node
    sim.run(0);
    expect(Object.values(countByNode(pods)).sort()).toEqual([2, 8]);
  });

  it('binds every pod at the virtual time it was created (binding takes no time)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    sim.run(7 * SECOND);
    const pod = world.store.create('scenario', barePod('late'));
    sim.run(7 * SECOND);
    expect(pod.spec.nodeName).toBeDefined();
    expect(pod.status.scheduled).toBe(true);
    expect(world.scheduler.bound).toBe(1);
  });
});

describe('NodeResourcesFit filter messages', () => {
  it('a pod larger than every node stays Pending with "Insufficient cpu"', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const [pod] = createPods(world, 1, { cpu: 5000, memory: GiB });
    sim.run(10 * SECOND);
    expect(pod!.spec.nodeName).toBeUndefined();
    expect(pod!.status.scheduled).toBe(false);
    expect(pod!.status.unschedulableReason).toBe('0/3 nodes are available: 3 Insufficient cpu.');
  });

  it('counts earlier pods: the third 1500m pod does not fit a 4000m node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const pods = createPods(world, 3, { cpu: 1500, memory: GiB });
    sim.run(10 * SECOND);
    expect(pods.map((p) => p.spec.nodeName)).toEqual(['n-0', 'n-0', undefined]);
    expect(pods[2]!.status.unschedulableReason).toBe('0/1 nodes are available: 1 Insufficient cpu.');
  });

  it('a node at its pod limit reports "Too many pods"', () => {
    const small = { cpu: 4000, memory: 16 * GiB, pods: 2 };
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1, ['zone-a'], { capacity: small, allocatable: small })] });
    world.start();
    const pods = createPods(world, 3, { cpu: 100, memory: GiB });
    sim.run(10 * SECOND);
    expect(pods.filter((p) => p.spec.nodeName === 'n-0')).toHaveLength(2);
    expect(pods[2]!.status.unschedulableReason).toBe('0/1 nodes are available: 1 Too many pods.');
  });

  it('explicit zero requests fit anywhere, even a full node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const pods = createPods(world, 1, { cpu: 4000, memory: 16 * GiB });
    const zero = world.store.create('scenario', barePod('zero', undefined, [container('app', { cpu: 0, memory: 0 })]));
    sim.run(0);
    expect(pods[0]!.spec.nodeName).toBe('n-0');
    expect(zero.spec.nodeName).toBe('n-0');
  });

  // Upstream fitsRequest collects every insufficient resource and Filter returns them all as
  // reasons (K pkg/scheduler/framework/plugins/noderesources/fit.go: "We will keep all failure
  // reasons"), so each node counts once per resource.
  it('reports every insufficient resource of a node, not only the first (upstream keeps all reasons)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const [pod] = createPods(world, 1, { cpu: 5000, memory: 32 * GiB });
    sim.run(10 * SECOND);
    expect(pod!.status.unschedulableReason).toBe('0/3 nodes are available: 3 Insufficient cpu, 3 Insufficient memory.');
  });

  // Upstream FitError.Error() formats each histogram entry as "<count> <reason>" and sorts those
  // strings (K pkg/scheduler/framework/types.go sortReasonsHistogram), so "1 node(s) had ..."
  // comes before "2 Insufficient cpu".
  it('orders the reasons as upstream: sorted "<count> <reason>" strings', () => {
    const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };
    const { sim, world } = makeWorld({ nodePools: [pool('a', 2), pool('gpu', 1, ['zone-a'], { taints: [taint] })] });
    world.start();
    const [pod] = createPods(world, 1, { cpu: 5000, memory: GiB });
    sim.run(10 * SECOND);
    expect(pod!.status.unschedulableReason).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 2 Insufficient cpu.');
  });
});
