// VolumeZone with WaitForFirstConsumer volumes: a StatefulSet pod's claim is provisioned in the
// zone of the node the pod first lands on; from then on the pod can only go back to that zone.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import { node, statefulSet, template } from '../integration-fixtures.js';
import { barePod, container, makeWorld, pool, runUntil } from '../world-fixtures.js';

const GiB = 2 ** 30;

function world(seed = 1) {
  const made = makeWorld({ nodePools: [pool('n', 4, ['zone-a', 'zone-b'])] }, seed);
  made.world.start();
  const set = made.world.store.create(
    'scenario',
    statefulSet('db', 1, template({ app: 'db' }, { containers: [container('db', { cpu: 3000, memory: GiB })] }), { claims: [{ name: 'data', storage: 10 * GiB }] }),
  );
  return { ...made, set };
}

describe('VolumeZone', () => {
  it('provisions the claim in the zone of the first node and binds it', () => {
    const { sim, world: w } = world();
    sim.run(0);
    const pod = w.store.get('Pod', 'default', 'db-0')!;
    expect(pod.spec.volumeClaims).toEqual(['data-db-0']);
    const claim = w.store.get('PersistentVolumeClaim', 'default', 'data-db-0')!;
    expect(claim.status.phase).toBe('Bound');
    const volume = w.store.get('PersistentVolume', '', claim.status.volumeName!)!;
    expect(volume.spec.zone).toBe(node(w, pod.spec.nodeName!).cloud.zone);
  });

  it('a recreated pod always returns to its volume zone', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { sim, world: w } = world(seed);
      sim.run(0);
      const zone = node(w, w.store.get('Pod', 'default', 'db-0')!.spec.nodeName!).cloud.zone;
      for (let round = 0; round < 4; round++) {
        const pod = w.store.get('Pod', 'default', 'db-0')!;
        runUntil(sim, () => pod.status.ready, sim.now + 60 * SECOND);
        w.store.deleteGracefully('scenario', pod);
        runUntil(sim, () => (w.store.get('Pod', 'default', 'db-0') ?? pod) !== pod && w.store.get('Pod', 'default', 'db-0')!.spec.nodeName !== undefined, sim.now + 60 * SECOND);
        expect(node(w, w.store.get('Pod', 'default', 'db-0')!.spec.nodeName!).cloud.zone).toBe(zone);
      }
    }
  });

  it('waits (Insufficient cpu / no available volume zone) while its zone is full, and goes back when room frees', () => {
    const { sim, world: w } = makeWorld({ nodePools: [pool('n', 2, ['zone-a', 'zone-b'])] });
    w.start();
    w.store.create('scenario', statefulSet('db', 1, template({ app: 'db' }, { containers: [container('db', { cpu: 3000, memory: GiB })] }), { claims: [{ name: 'data', storage: GiB }] }));
    sim.run(0);
    const first = w.store.get('Pod', 'default', 'db-0')!;
    const home = first.spec.nodeName!;
    runUntil(sim, () => first.status.ready, 60 * SECOND);
    expect(first.status.readyTransition).toBe(6 * SECOND); // pull 5 s + start 1 s

    sim.run(100 * SECOND);
    const filler = w.store.create('scenario', barePod('filler', home, [container('filler', { cpu: 2000, memory: GiB })]));
    w.store.deleteGracefully('scenario', first);
    // The kubelet stops it in 1 s; the controller recreates db-0 at once; it no longer fits at home.
    const recreated = runUntil(sim, () => (w.store.get('Pod', 'default', 'db-0') ?? first) !== first, 200 * SECOND);
    expect(recreated).toBe(101 * SECOND);
    sim.run(150 * SECOND);
    const again = w.store.get('Pod', 'default', 'db-0')!;
    expect(again.spec.nodeName).toBeUndefined();
    expect(again.status.unschedulableReason).toBe('0/2 nodes are available: 1 Insufficient cpu, 1 node(s) had no available volume zone.');

    // Room frees at home (the filler is removed): the pod goes there at once (its back-off ran out long ago).
    w.store.delete('scenario', filler);
    const bound = runUntil(sim, () => again.spec.nodeName !== undefined, 200 * SECOND);
    expect(bound).toBe(150 * SECOND);
    expect(again.spec.nodeName).toBe(home);
  });
});
