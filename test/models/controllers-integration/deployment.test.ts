// The Deployment controller in small worlds: its ReplicaSet and the pod-template-hash label, a
// rolling update that never exceeds maxSurge nor drops below replicas − maxUnavailable,
// revisionHistoryLimit, and the Recreate strategy.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import type { DeploymentObject, PodObject } from '../../../src/models/api/objects.js';
import { templateHash } from '../../../src/models/controllers/deployment-controller.js';
import { deployment, isLive, ownedPods, podsLabelled, runChecking, settle, template } from '../integration-fixtures.js';
import { container, makeWorld, pool, runUntil } from '../world-fixtures.js';

type World = ReturnType<typeof makeWorld>['world'];

const probe = { initialDelay: 10 * SECOND, period: 10 * SECOND, failureThreshold: 3, successThreshold: 1 };

function webTemplate(image = 'app:1') {
  return template({ app: 'web' }, { containers: [{ ...container('app', { cpu: 100, memory: 2 ** 27 }), image, readinessProbe: probe }] });
}

/** Changes the pod template (a new image), as `kubectl set image` does. */
function setImage(world: World, d: DeploymentObject, image: string): void {
  d.spec.template = { ...d.spec.template, spec: { ...d.spec.template.spec, containers: d.spec.template.spec.containers.map((c) => ({ ...c, image })) } };
  world.store.update('scenario', d);
}

const ownReplicaSets = (world: World, d: DeploymentObject) => world.store.list('ReplicaSet').filter((rs) => rs.metadata.ownerReference?.uid === d.metadata.uid);
const webPods = (world: World) => podsLabelled(world, { app: 'web' });
const complete = (world: World, d: DeploymentObject) => {
  const pods = webPods(world);
  const hash = templateHash(d);
  return pods.length === d.spec.replicas && pods.every((p) => isLive(p) && p.status.ready && p.metadata.labels['pod-template-hash'] === hash);
};

describe('Deployment creates its ReplicaSet', () => {
  it('named <deployment>-<hash>, with the pod-template-hash label on the ReplicaSet and its pods', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 3, webTemplate()));
    sim.run(0);
    const hash = templateHash(d);
    const sets = ownReplicaSets(world, d);
    expect(sets).toHaveLength(1);
    const rs = sets[0]!;
    expect(rs.metadata.name).toBe(`web-${hash}`);
    expect(rs.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(rs.spec.replicas).toBe(3);
    const pods = ownedPods(world, rs);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
      expect(p.metadata.name.startsWith(`web-${hash}-`)).toBe(true);
    }
    // Running at 6 s, ready 10 s later; the Deployment status sums its ReplicaSets.
    expect(runUntil(sim, () => d.status.availableReplicas === 3, 60 * SECOND)).toBe(16 * SECOND);
    expect(d.status).toEqual({ replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3, revision: 1 });
  });

  // Upstream the new ReplicaSet's selector and template carry the pod-template-hash label
  // (K pkg/controller/deployment/sync.go getNewReplicaSet: CloneSelectorAndAddLabel,
  // CloneAndAddLabel), so each ReplicaSet selects only its own pods: the scheduler's default
  // spreading (selector from the owning ReplicaSet) and PDBs see per-revision sets. podsim copies
  // the Deployment's selector and template unchanged.
  it("the ReplicaSet's selector and template include the pod-template-hash", () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 3, webTemplate()));
    sim.run(0);
    const rs = ownReplicaSets(world, d)[0]!;
    const hash = templateHash(d);
    expect(rs.spec.selector.matchLabels).toEqual({ app: 'web', 'pod-template-hash': hash });
    expect(rs.spec.template.labels).toEqual({ app: 'web', 'pod-template-hash': hash });
  });

  it('the same template gives the same hash; a new image gives another', () => {
    const a = deployment('web', 3, webTemplate('app:1'));
    const b = deployment('web', 5, webTemplate('app:1'));
    const c = deployment('web', 3, webTemplate('app:2'));
    expect(templateHash(a)).toBe(templateHash(b));
    expect(templateHash(a)).not.toBe(templateHash(c));
  });
});

describe('rolling update', () => {
  const cases: Array<{ replicas: number; maxSurge: number | string; maxUnavailable: number | string; surge: number; unavailable: number }> = [
    { replicas: 4, maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavailable: 1 },
    { replicas: 10, maxSurge: '25%', maxUnavailable: '25%', surge: 3, unavailable: 2 },
    { replicas: 5, maxSurge: 0, maxUnavailable: 1, surge: 0, unavailable: 1 },
    { replicas: 5, maxSurge: 2, maxUnavailable: 0, surge: 2, unavailable: 0 },
    { replicas: 3, maxSurge: '100%', maxUnavailable: 0, surge: 3, unavailable: 0 },
    { replicas: 3, maxSurge: '10%', maxUnavailable: '10%', surge: 1, unavailable: 0 }, // ceil 0.3 = 1, floor 0.3 = 0
  ];

  it.each(cases)('replicas $replicas, maxSurge $maxSurge, maxUnavailable $maxUnavailable: live ≤ replicas + $surge and ready ≥ replicas − $unavailable at every event', ({ replicas, maxSurge, maxUnavailable, surge, unavailable }) => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 4)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', replicas, webTemplate('app:1'), { maxSurge, maxUnavailable }));
    runUntil(sim, () => complete(world, d), 120 * SECOND);
    sim.run(200 * SECOND);
    const oldHash = templateHash(d);

    setImage(world, d, 'app:2');
    const newHash = templateHash(d);
    let peakLive = 0;
    let lowReady = Number.POSITIVE_INFINITY;
    runChecking(sim, 800 * SECOND, () => {
      const live = webPods(world).filter(isLive);
      peakLive = Math.max(peakLive, live.length);
      lowReady = Math.min(lowReady, live.filter((p) => p.status.ready).length);
      expect(live.length).toBeLessThanOrEqual(replicas + surge);
      expect(live.filter((p) => p.status.ready).length).toBeGreaterThanOrEqual(replicas - unavailable);
    });
    expect(complete(world, d)).toBe(true);
    expect(peakLive).toBe(replicas + surge); // the surge is used
    expect(lowReady).toBe(replicas - unavailable); // and so is the unavailability budget
    const sets = ownReplicaSets(world, d);
    expect(sets.map((rs) => [rs.spec.templateHash, rs.spec.replicas, rs.spec.revision])).toEqual(
      [
        [oldHash, 0, 1],
        [newHash, replicas, 2],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
    expect(d.status).toEqual({ replicas, updatedReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, revision: 2 });
  });

  it('keeps revisionHistoryLimit old ReplicaSets (the newest ones)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 2, webTemplate('app:1'), { revisionHistoryLimit: 2 }));
    runUntil(sim, () => complete(world, d), 100 * SECOND);
    for (let version = 2; version <= 5; version++) {
      setImage(world, d, `app:${version}`);
      runUntil(sim, () => complete(world, d), sim.now + 300 * SECOND);
      sim.run(sim.now + 10 * SECOND);
    }
    const sets = ownReplicaSets(world, d).sort((a, b) => a.spec.revision - b.spec.revision);
    expect(sets.map((rs) => [rs.spec.revision, rs.spec.replicas])).toEqual([
      [3, 0],
      [4, 0],
      [5, 2],
    ]);
  });

  it('revisionHistoryLimit 0 keeps no old ReplicaSet', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 2, webTemplate('app:1'), { revisionHistoryLimit: 0 }));
    runUntil(sim, () => complete(world, d), 100 * SECOND);
    setImage(world, d, 'app:2');
    runUntil(sim, () => complete(world, d), sim.now + 300 * SECOND);
    sim.run(sim.now + 10 * SECOND);
    expect(ownReplicaSets(world, d).map((rs) => rs.spec.revision)).toEqual([2]);
  });

  // Rolling back to an earlier template reuses that template's ReplicaSet and gives it the next
  // revision (K pkg/controller/deployment/sync.go getNewReplicaSet: SetNewReplicaSetAnnotations
  // sets deployment.kubernetes.io/revision to maxOldRevision + 1). podsim reuses the ReplicaSet
  // but leaves its revision at 1, so the Deployment reports revision 1 after the rollback.
  it('a rollback to an earlier template reuses its ReplicaSet with the next revision', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 2, webTemplate('app:1')));
    runUntil(sim, () => complete(world, d), 100 * SECOND);
    const first = ownReplicaSets(world, d)[0]!;
    setImage(world, d, 'app:2');
    runUntil(sim, () => complete(world, d), sim.now + 300 * SECOND);
    setImage(world, d, 'app:1');
    runUntil(sim, () => complete(world, d), sim.now + 300 * SECOND);
    sim.run(sim.now + 10 * SECOND);
    expect(ownReplicaSets(world, d)).toContain(first);
    expect(first.spec.replicas).toBe(2);
    expect(first.spec.revision).toBe(3);
    expect(first.metadata.annotations['deployment.kubernetes.io/revision']).toBe('3');
    expect(d.status.revision).toBe(3);
  });

  it('scaling a Deployment up and down goes through its ReplicaSet', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 2, webTemplate()));
    sim.run(30 * SECOND);
    d.spec.replicas = 5;
    world.store.update('scenario', d);
    settle(sim);
    expect(webPods(world).filter(isLive)).toHaveLength(5);
    d.spec.replicas = 1;
    world.store.update('scenario', d);
    settle(sim);
    expect(webPods(world).filter(isLive)).toHaveLength(1);
    expect(ownReplicaSets(world, d)).toHaveLength(1);
  });
});

describe('Recreate', () => {
  function recreateWorld() {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 3, webTemplate('app:1'), { type: 'Recreate' }));
    runUntil(sim, () => complete(world, d), 100 * SECOND);
    sim.run(100 * SECOND);
    return { sim, world, d };
  }
  const hashOf = (p: PodObject) => p.metadata.labels['pod-template-hash'];

  it('deletes every old pod at once and creates no new pod while an old one exists', () => {
    const { sim, world, d } = recreateWorld();
    const oldHash = templateHash(d);
    const old = webPods(world);
    setImage(world, d, 'app:2');
    const newHash = templateHash(d);
    settle(sim);
    expect(old.every((p) => p.metadata.deletionTimestamp === 100 * SECOND)).toBe(true);
    runChecking(sim, 200 * SECOND, () => {
      const pods = webPods(world);
      expect(pods.some((p) => hashOf(p) === oldHash) && pods.some((p) => hashOf(p) === newHash)).toBe(false);
    });
    expect(webPods(world).filter((p) => hashOf(p) === oldHash)).toEqual([]); // gone after their 1 s stop
  });

  // Upstream the Deployment controller watches pods: deletePod enqueues a Recreate Deployment
  // once its old pods are all gone (K pkg/controller/deployment/deployment_controller.go
  // deletePod), and rolloutRecreate then scales the new ReplicaSet up. podsim's controller only
  // watches Deployments and ReplicaSets; the old ReplicaSet's status does not change when its
  // terminating pods finally disappear (they were already not counted), so nothing re-runs the
  // Deployment and it stays at 0 pods forever.
  it('creates the new pods as soon as the old ones are gone (101 s), Ready at 117 s', () => {
    const { sim, world, d } = recreateWorld();
    setImage(world, d, 'app:2');
    const newHash = templateHash(d);
    let firstNewAt: number | undefined;
    runChecking(sim, 300 * SECOND, () => {
      if (firstNewAt === undefined && webPods(world).some((p) => hashOf(p) === newHash)) firstNewAt = sim.now;
    });
    // Old pods stop within 1 s; the new ones are created then, pull the new image (5 s), start
    // (1 s) and pass the readiness probe 10 s later.
    expect(firstNewAt).toBe(101 * SECOND);
    const pods = webPods(world);
    expect(pods.every((p) => hashOf(p) === newHash && p.metadata.creationTimestamp === 101 * SECOND)).toBe(true);
    expect(Math.max(...pods.map((p) => p.status.readyTransition))).toBe(117 * SECOND);
    expect(complete(world, d)).toBe(true);
  });
});
