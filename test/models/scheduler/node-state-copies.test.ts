// The scheduler keeps copies of each node's scheduling fields on its NodeState and in its
// NodeTable (the typed arrays its per-node loops read). They must equal the live node at every
// moment a scheduling cycle could run: right after the write, before any watcher heard of it.
import { describe, expect, it } from 'vitest';
import { TAINTED, UNSCHEDULABLE } from '../../../src/models/scheduler/node-table.js';
import { barePod, makeWorld, pool } from '../world-fixtures.js';

describe('scheduler node copies', () => {
  it('follow a node update at once, before its watch event is delivered', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    sim.run(1000);
    const node = world.store.get('Node', '', 'n-0')!;
    const { table } = world.scheduler.snapshot;
    const state = world.scheduler.snapshot.nodes.get('n-0')!;
    const versions = (): number[] => [table.allocatableVersion[state.slot]!];
    const holds = (image: string): number => world.scheduler.snapshot.imageHolders.of(image)[state.slot]!;
    const before = versions();
    expect(table.flags[state.slot]).toBe(0);
    expect(holds('registry/app:1')).toBe(0);

    node.spec.taints = [{ key: 'example.com/maintenance', effect: 'NoSchedule' }];
    node.spec.unschedulable = true;
    node.status.allocatable = { ...node.status.allocatable, cpu: 1000 };
    node.status.images = ['registry/app:1'];
    node.metadata.labels = { ...node.metadata.labels, tier: 'batch' };
    world.store.update('scenario', node);

    expect(state.taints).toBe(node.spec.taints);
    expect(table.flags[state.slot]).toBe(TAINTED | UNSCHEDULABLE);
    expect(versions()).toEqual(before.map((v) => v + 1));
    expect(state.allocatable).toBe(node.status.allocatable);
    expect(state.images).toBe(node.status.images);
    expect(holds('registry/app:1')).toBe(1);
    expect(state.labels).toBe(node.metadata.labels);
  });

  it('a cycle that runs between a taint and its watch event sees the taint', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    sim.run(1000);
    const node = world.store.get('Node', '', 'n-0')!;
    // Same instant, in this order: the pod's ADDED event (it queues a scheduling cycle), the
    // taint, the cycle, and only then the taint's watch event.
    const pod = world.store.create('scenario', barePod('p'));
    const taintNow = sim.define('test.taint', () => {
      node.spec.taints = [{ key: 'example.com/maintenance', effect: 'NoSchedule' }];
      world.store.update('scenario', node);
    });
    sim.at(sim.now, taintNow);
    sim.run(sim.now);
    expect(pod.spec.nodeName).toBeUndefined();
    expect(pod.status.unschedulableReason).toContain('untolerated taint');
  });
});

describe('ObjectStore.onUpdate', () => {
  it('runs inside the write, before watchers hear of it', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    sim.run(1000);
    const seen: string[] = [];
    world.store.onUpdate('Node', (n) => seen.push(`hook ${n.metadata.name}`));
    world.store.watch('Node', (e) => seen.push(`watch ${e.type}`));
    const node = world.store.get('Node', '', 'n-0')!;
    world.store.update('scenario', node);
    expect(seen).toEqual(['hook n-0']);
    sim.run(sim.now);
    expect(seen).toEqual(['hook n-0', 'watch MODIFIED']);
  });
});
