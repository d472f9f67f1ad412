// The StatefulSet controller in small worlds: OrderedReady creates ordinal i only once i−1 is
// Running and Ready, Parallel creates all at once; PVCs <template>-<set>-<ordinal> outlive their
// pods; a pod stuck Terminating on an unreachable node is not replaced until it is really gone.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import type { StatefulSetObject } from '../../../src/models/api/objects.js';
import { crashNow, isLive, node, ownedPods, repair, settle, statefulSet, template } from '../integration-fixtures.js';
import { container, makeWorld, pool, runUntil } from '../world-fixtures.js';

type World = ReturnType<typeof makeWorld>['world'];
const GiB = 2 ** 30;
const probe = { initialDelay: 10 * SECOND, period: 10 * SECOND, failureThreshold: 3, successThreshold: 1 };
const dbTemplate = template({ app: 'db' }, { containers: [{ ...container('db'), readinessProbe: probe }] });
const claims = [{ name: 'data', storage: 10 * GiB }];

const pod = (world: World, name: string) => world.store.get('Pod', 'default', name);
const created = (world: World, set: StatefulSetObject) => ownedPods(world, set).map((p) => [p.metadata.name, p.metadata.creationTimestamp]);

function scale(world: World, set: StatefulSetObject, replicas: number): void {
  set.spec.replicas = replicas;
  world.store.update('scenario', set);
}

describe('StatefulSet pod management', () => {
  it('OrderedReady: pod-1 is created only when pod-0 is Ready, pod-2 when pod-1 is', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const set = world.store.create('scenario', statefulSet('db', 3, dbTemplate));
    sim.run(0);
    expect(created(world, set)).toEqual([['db-0', 0]]);
    // db-0: pull 5 s + start 1 s → Running at 6 s, Ready at 16 s. db-1 (image cached): Running
    // at 17 s, Ready at 27 s. db-2 at 27 s.
    sim.run(15_999);
    expect(created(world, set)).toEqual([['db-0', 0]]);
    sim.run(200 * SECOND);
    expect(created(world, set)).toEqual([
      ['db-0', 0],
      ['db-1', 16 * SECOND],
      ['db-2', 27 * SECOND],
    ]);
    expect(ownedPods(world, set).map((p) => p.status.readyTransition)).toEqual([16, 27, 38].map((s) => s * SECOND));
    expect(set.status).toEqual({ replicas: 3, readyReplicas: 3, currentReplicas: 3 });
    expect(ownedPods(world, set).map((p) => p.metadata.labels['statefulset.kubernetes.io/pod-name'])).toEqual(['db-0', 'db-1', 'db-2']);
  });

  it('OrderedReady: a pod that is not Ready blocks the next ordinal', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const n0 = node(world, 'n-0');
    n0.spec.unschedulable = true; // db-0 cannot be scheduled
    world.store.update('scenario', n0);
    const set = world.store.create('scenario', statefulSet('db', 3, dbTemplate));
    sim.run(100 * SECOND);
    expect(created(world, set)).toEqual([['db-0', 0]]);
    n0.spec.unschedulable = false;
    world.store.update('scenario', n0);
    expect(runUntil(sim, () => ownedPods(world, set).length === 2, 300 * SECOND)).toBe(116 * SECOND);
  });

  it('Parallel: every pod is created at once', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const set = world.store.create('scenario', statefulSet('db', 3, dbTemplate, { podManagementPolicy: 'Parallel' }));
    sim.run(0);
    expect(created(world, set)).toEqual([
      ['db-0', 0],
      ['db-1', 0],
      ['db-2', 0],
    ]);
    expect(runUntil(sim, () => set.status.readyReplicas === 3, 60 * SECOND)).toBe(16 * SECOND);
  });

  it('OrderedReady scale-down removes the highest ordinal first, one at a time', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const set = world.store.create('scenario', statefulSet('db', 3, dbTemplate));
    sim.run(100 * SECOND);
    scale(world, set, 1);
    settle(sim);
    expect(ownedPods(world, set).filter((p) => !isLive(p)).map((p) => p.metadata.name)).toEqual(['db-2']);
    // db-2 is gone 1 s later; only then is db-1 deleted, and gone 1 s after that.
    expect(runUntil(sim, () => pod(world, 'db-1')?.metadata.deletionTimestamp !== undefined, 200 * SECOND)).toBe(101 * SECOND);
    expect(pod(world, 'db-2')).toBeUndefined();
    expect(runUntil(sim, () => pod(world, 'db-1') === undefined, 200 * SECOND)).toBe(102 * SECOND);
    expect(ownedPods(world, set).map((p) => p.metadata.name)).toEqual(['db-0']);
  });

  it('Parallel scale-down deletes the excess pods at once', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const set = world.store.create('scenario', statefulSet('db', 3, dbTemplate, { podManagementPolicy: 'Parallel' }));
    sim.run(100 * SECOND);
    scale(world, set, 1);
    settle(sim);
    expect(ownedPods(world, set).filter((p) => !isLive(p)).map((p) => p.metadata.name)).toEqual(['db-1', 'db-2']);
  });
});

describe('StatefulSet volume claims', () => {
  it('creates PVCs <template>-<set>-<ordinal> and keeps them when pods go, reusing them when pods return', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2, ['zone-a', 'zone-b'])] });
    world.start();
    const set = world.store.create('scenario', statefulSet('db', 2, dbTemplate, { claims }));
    sim.run(100 * SECOND);
    const claimNames = () => world.store.list('PersistentVolumeClaim').map((c) => c.metadata.name);
    expect(claimNames()).toEqual(['data-db-0', 'data-db-1']);
    expect(pod(world, 'db-1')!.spec.volumeClaims).toEqual(['data-db-1']);
    const claim1 = world.store.get('PersistentVolumeClaim', 'default', 'data-db-1')!;
    expect(claim1.status.phase).toBe('Bound');
    const uid = claim1.metadata.uid;

    scale(world, set, 1);
    sim.run(200 * SECOND);
    expect(pod(world, 'db-1')).toBeUndefined();
    expect(claimNames()).toEqual(['data-db-0', 'data-db-1']); // Retain

    scale(world, set, 2);
    sim.run(300 * SECOND);
    const back = pod(world, 'db-1')!;
    expect(back.spec.volumeClaims).toEqual(['data-db-1']);
    expect(world.store.get('PersistentVolumeClaim', 'default', 'data-db-1')!.metadata.uid).toBe(uid);
    const volume = world.store.get('PersistentVolume', '', claim1.status.volumeName!)!;
    expect(node(world, back.spec.nodeName!).cloud.zone).toBe(volume.spec.zone);
  });

  it('a deleted pod is recreated with the same name and claim once it is gone', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const set = world.store.create('scenario', statefulSet('db', 2, dbTemplate, { claims }));
    sim.run(100 * SECOND);
    const old = pod(world, 'db-0')!;
    world.store.deleteGracefully('scenario', old);
    sim.run(100_999);
    expect(pod(world, 'db-0')).toBe(old); // at most one pod per identity
    const at = runUntil(sim, () => (pod(world, 'db-0') ?? old) !== old, 200 * SECOND);
    expect(at).toBe(101 * SECOND);
    expect(pod(world, 'db-0')!.spec.volumeClaims).toEqual(['data-db-0']);
    expect(world.store.list('PersistentVolumeClaim')).toHaveLength(2);
    expect(ownedPods(world, set)).toHaveLength(2);
  });
});

describe('StatefulSet and an unreachable node', () => {
  it('does not replace a pod stuck Terminating on a dead node; replaces it only when the node returns', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const set = world.store.create('scenario', statefulSet('db', 1, dbTemplate));
    sim.run(100 * SECOND);
    const old = pod(world, 'db-0')!;
    const home = old.spec.nodeName!;
    const { unknownAt, evictedAt } = crashNow(world, home);
    expect(runUntil(sim, () => !old.status.ready, evictedAt)).toBe(unknownAt);
    expect(runUntil(sim, () => old.metadata.deletionTimestamp !== undefined, evictedAt + 10 * SECOND)).toBe(evictedAt);

    const repairAt = evictedAt + 30 * 60 * SECOND;
    sim.run(repairAt - 1);
    expect(ownedPods(world, set)).toEqual([old]); // no second db-0 while the first may still run
    expect(set.status.replicas).toBe(0);

    sim.run(repairAt);
    repair(world, home); // the kubelet removes the pod that was deleted meanwhile
    settle(sim);
    const replacement = pod(world, 'db-0')!;
    expect(replacement).not.toBe(old);
    expect(replacement.metadata.creationTimestamp).toBe(repairAt);
    expect(replacement.spec.nodeName).toBeDefined();
    runUntil(sim, () => replacement.status.ready, repairAt + 60 * SECOND);
    settle(sim);
    expect(set.status.readyReplicas).toBe(1);
  });
});
