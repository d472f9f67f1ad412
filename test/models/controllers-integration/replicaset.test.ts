// The ReplicaSet controller in small worlds: it keeps `replicas` live pods, replaces a pod the
// moment it starts terminating (even one stuck Terminating on a dead node), and scales down in
// upstream's order (unassigned, Pending, not ready, ready for less time, ... first).
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import type { PodObject, ReplicaSetObject } from '../../../src/models/api/objects.js';
import { crashNow, isLive, meta, ownedPods, repair, replicaSet, settle, template } from '../integration-fixtures.js';
import { container, makeWorld, pool, runUntil } from '../world-fixtures.js';

function scale(world: ReturnType<typeof makeWorld>['world'], rs: ReplicaSetObject, replicas: number): void {
  rs.spec.replicas = replicas;
  world.store.update('scenario', rs);
}

describe('ReplicaSet keeps its replicas', () => {
  it('creates the pods at once; they are Ready 6 s later (pull 5 s + start 1 s); status follows', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const rs = world.store.create('scenario', replicaSet('web', 3));
    sim.run(0);
    const pods = ownedPods(world, rs);
    expect(pods.map((p) => p.metadata.name)).toEqual(['web-0', 'web-1', 'web-2']);
    expect(pods.every((p) => p.metadata.creationTimestamp === 0 && p.spec.nodeName !== undefined)).toBe(true);
    expect(pods.every((p) => p.metadata.labels['pod-template-hash'] === 'manual' && p.metadata.ownerReference?.uid === rs.metadata.uid)).toBe(true);
    expect(rs.status).toEqual({ replicas: 3, readyReplicas: 0, availableReplicas: 0 });
    expect(runUntil(sim, () => rs.status.readyReplicas === 3, 60 * SECOND)).toBe(6 * SECOND);
    expect(rs.status.availableReplicas).toBe(3);
  });

  it('availableReplicas waits minReadySeconds after Ready', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const made = replicaSet('web', 2);
    made.spec.minReadySeconds = 10;
    const rs = world.store.create('scenario', made);
    expect(runUntil(sim, () => rs.status.readyReplicas === 2, 60 * SECOND)).toBe(6 * SECOND);
    expect(rs.status.availableReplicas).toBe(0);
    expect(runUntil(sim, () => rs.status.availableReplicas === 2, 60 * SECOND)).toBe(16 * SECOND);
  });

  it('replaces a deleted pod the moment it starts terminating', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const rs = world.store.create('scenario', replicaSet('web', 2));
    sim.run(30 * SECOND);
    const victim = ownedPods(world, rs)[0]!;
    world.store.deleteGracefully('scenario', victim);
    settle(sim);
    const pods = ownedPods(world, rs);
    expect(pods).toHaveLength(3);
    expect(pods.filter(isLive)).toHaveLength(2);
    const replacement = pods.find((p) => p.metadata.name === 'web-2')!;
    expect(replacement.metadata.creationTimestamp).toBe(30 * SECOND);
    expect(replacement.spec.nodeName).toBeDefined();
    sim.run(31 * SECOND);
    expect(world.store.get('Pod', 'default', victim.metadata.name)).toBeUndefined(); // stopped in 1 s
  });

  it('replaces a pod evicted from a dead node at the eviction, while the old one stays Terminating until the node returns', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const rs = world.store.create('scenario', replicaSet('web', 1));
    sim.run(100 * SECOND);
    const old = ownedPods(world, rs)[0]!;
    const home = old.spec.nodeName!;
    const { unknownAt, evictedAt } = crashNow(world, home);

    runUntil(sim, () => !old.status.ready, unknownAt + 60 * SECOND);
    expect(sim.now).toBe(unknownAt);
    settle(sim);
    expect(rs.status.readyReplicas).toBe(0);
    expect(ownedPods(world, rs)).toHaveLength(1); // not ready is not gone: no replacement yet

    expect(runUntil(sim, () => old.metadata.deletionTimestamp !== undefined, evictedAt + 60 * SECOND)).toBe(evictedAt);
    settle(sim);
    const replacement = ownedPods(world, rs).find((p) => p !== old)!;
    expect(replacement.metadata.creationTimestamp).toBe(evictedAt);
    expect(replacement.spec.nodeName).not.toBe(home); // the dead node is tainted unreachable
    expect(runUntil(sim, () => replacement.status.ready, evictedAt + 60 * SECOND)).toBe(evictedAt + 6 * SECOND);

    const repairAt = evictedAt + 600 * SECOND;
    sim.run(repairAt);
    expect(world.store.get('Pod', 'default', old.metadata.name)).toBe(old); // stuck Terminating
    expect(ownedPods(world, rs).filter(isLive)).toEqual([replacement]);
    repair(world, home);
    expect(world.store.get('Pod', 'default', old.metadata.name)).toBeUndefined();
    sim.run(repairAt + 60 * SECOND);
    expect(ownedPods(world, rs)).toEqual([replacement]);
    expect(rs.status).toEqual({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
  });
});

describe('ReplicaSet scale-down order', () => {
  // One 4000m node; 1000m pods (4 fit); readiness 30 s after the start.
  const tmpl = template({ app: 'web' }, { containers: [{ ...container('app', { cpu: 1000, memory: 2 ** 28 }), readinessProbe: { initialDelay: 30 * SECOND, period: 10 * SECOND, failureThreshold: 3, successThreshold: 1 } }] });

  function names(pods: PodObject[]): string[] {
    return pods.map((p) => p.metadata.name);
  }
  /** The pods the scale-down deleted: live before, terminating or gone after (an unbound pod goes at once). */
  function scaleAndSee(world: ReturnType<typeof makeWorld>['world'], sim: ReturnType<typeof makeWorld>['sim'], rs: ReplicaSetObject, replicas: number): string[] {
    const liveBefore = names(ownedPods(world, rs).filter(isLive));
    scale(world, rs, replicas);
    settle(sim);
    const liveAfter = new Set(names(ownedPods(world, rs).filter(isLive)));
    return liveBefore.filter((name) => !liveAfter.has(name));
  }

  it('unassigned first, then Pending on a node, then not ready, then the most recently ready', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const rs = world.store.create('scenario', replicaSet('web', 3, tmpl));
    sim.run(40 * SECOND); // web-0..2 Running at 6 s, Ready at 36 s

    scale(world, rs, 5); // web-3 bound (Running at 41 s, image cached), web-4 does not fit
    sim.run(40_500);
    const byName = new Map(ownedPods(world, rs).map((p) => [p.metadata.name, p]));
    expect(byName.get('web-3')!.spec.nodeName).toBe('n-0');
    expect(byName.get('web-3')!.status.phase).toBe('Pending');
    expect(byName.get('web-4')!.spec.nodeName).toBeUndefined();

    expect(scaleAndSee(world, sim, rs, 4)).toEqual(['web-4']); // unassigned
    expect(scaleAndSee(world, sim, rs, 3)).toEqual(['web-3']); // assigned but Pending

    sim.run(50 * SECOND);
    scale(world, rs, 4); // web-5: Running at 51 s, not ready until 81 s
    sim.run(60 * SECOND);
    expect(scaleAndSee(world, sim, rs, 3)).toEqual(['web-5']); // Running but not ready

    sim.run(100 * SECOND);
    scale(world, rs, 4); // web-6: Ready at 131 s
    sim.run(140 * SECOND);
    expect(ownedPods(world, rs).find((p) => p.metadata.name === 'web-6')!.status.ready).toBe(true);
    expect(scaleAndSee(world, sim, rs, 3)).toEqual(['web-6']); // ready for 9 s, the others for 104 s
    expect(names(ownedPods(world, rs).filter(isLive))).toEqual(['web-0', 'web-1', 'web-2']);
  });

  // kube-apiserver deletes a pod that is not bound to a node at once, whatever the grace period
  // (K pkg/registry/core/pod/strategy.go CheckGracefulDelete: "if the pod is not scheduled,
  // delete immediately"; likewise a pod already Succeeded or Failed). podsim's
  // ObjectStore.deleteGracefully only marks it: no kubelet ever removes it, so it stays
  // Terminating forever (still counted by podsOwnedBy, PDB members, ...).
  it('an unassigned pod deleted on scale-down is gone at once', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const rs = world.store.create('scenario', replicaSet('web', 5, tmpl));
    sim.run(10 * SECOND);
    const unassigned = ownedPods(world, rs).find((p) => p.spec.nodeName === undefined)!;
    scale(world, rs, 4);
    settle(sim);
    expect(world.store.get('Pod', 'default', unassigned.metadata.name)).toBeUndefined();
  });

  it('more restarts go before fewer', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const rs = world.store.create('scenario', replicaSet('web', 3, template({ app: 'web' })));
    sim.run(20 * SECOND);
    const crashed = ownedPods(world, rs)[2]!;
    world.kubelets.crashContainer(crashed); // restarts at once, Ready again 1 s later
    sim.run(60 * SECOND);
    expect(crashed.status.restartCount).toBe(1);
    // It is also the most recently ready; make readiness equal to isolate restarts.
    for (const p of ownedPods(world, rs)) p.status.readyTransition = 6 * SECOND;
    expect(scaleAndSee(world, sim, rs, 2)).toEqual([crashed.metadata.name]);
  });

  // Upstream getPodsToDelete ranks each pod by the number of related active pods on its node and
  // deletes pods from "doubled-up" nodes first (rank step 5 of ActivePodsWithRanks.Less, before
  // ready time and creation time; K pkg/controller/replicaset/replica_set.go,
  // pkg/controller/controller_utils.go). Without the rank, equal ready and creation times would
  // fall back to the pod name and delete the lone pod.
  it('deletes a pod from a node holding two replicas before the lone pod on another node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const rs = world.store.create('scenario', replicaSet('web', 0));
    sim.run(0);
    const place = (name: string, nodeName: string): PodObject => {
      const p: PodObject = {
        kind: 'Pod',
        metadata: { ...meta(name, { app: 'web' }), ownerReference: { kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid } },
        spec: { ...rs.spec.template.spec, nodeName },
        status: { phase: 'Pending', scheduled: true, ready: false, readyTransition: 0, everReady: false, restartCount: 0 },
      };
      return world.store.create('scenario', p);
    };
    const lone = place('web-a', 'n-0');
    place('web-b', 'n-1');
    place('web-c', 'n-1');
    scale(world, rs, 3);
    sim.run(30 * SECOND); // all Ready at 6 s
    const deleted = scaleAndSee(world, sim, rs, 2);
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).not.toBe(lone.metadata.name);
  });
});
