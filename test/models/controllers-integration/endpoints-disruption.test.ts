// The endpoints controller (ready / not-ready pods behind a Service) and the disruption
// controller (PodDisruptionBudget status) in small worlds.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import type { EndpointsObject, PodDisruptionBudgetObject } from '../../../src/models/api/objects.js';
import { crashNow, deployment, ownedPods, pdb, podsLabelled, service, settle, statefulSet, template } from '../integration-fixtures.js';
import { barePod, container, makeWorld, pool, runUntil } from '../world-fixtures.js';

type World = ReturnType<typeof makeWorld>['world'];
const probe = { initialDelay: 10 * SECOND, period: 10 * SECOND, failureThreshold: 3, successThreshold: 1 };
const webTemplate = template({ app: 'web' }, { containers: [{ ...container(), readinessProbe: probe }] });
const endpoints = (world: World): EndpointsObject => world.store.get('Endpoints', 'default', 'web')!;
const names = (world: World) => podsLabelled(world, { app: 'web' }).map((p) => p.metadata.name);

describe('EndpointsController', () => {
  it('lists bound pods as not ready until their readiness probe passes, then as ready', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    world.store.create('scenario', service('web', { app: 'web' }));
    world.store.create('scenario', deployment('web', 3, webTemplate));
    sim.run(0);
    expect(endpoints(world).ready).toEqual([]);
    expect(endpoints(world).notReady).toEqual(names(world));
    // Running at 6 s, ready at 16 s.
    expect(runUntil(sim, () => endpoints(world).ready.length === 3, 60 * SECOND)).toBe(16 * SECOND);
    expect(endpoints(world).ready).toEqual(names(world));
    expect(endpoints(world).notReady).toEqual([]);
  });

  it('drops a terminating pod at its deletion, not when it is gone', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    world.store.create('scenario', service('web', { app: 'web' }));
    world.store.create('scenario', deployment('web', 3, webTemplate));
    sim.run(60 * SECOND);
    const victim = podsLabelled(world, { app: 'web' })[0]!;
    world.store.deleteGracefully('scenario', victim);
    settle(sim);
    expect(endpoints(world).ready).not.toContain(victim.metadata.name);
    expect(endpoints(world).notReady).not.toContain(victim.metadata.name);
    // The replacement is listed as not ready at once.
    expect(endpoints(world).ready).toHaveLength(2);
    expect(endpoints(world).notReady).toHaveLength(1);
  });

  it('moves the pods of a node that goes Unknown to not ready at that moment', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    world.store.create('scenario', service('web', { app: 'web' }));
    world.store.create('scenario', deployment('web', 2, webTemplate, { maxUnavailable: 1 }));
    sim.run(100 * SECOND);
    const onDead = podsLabelled(world, { app: 'web' }).find((p) => p.spec.nodeName === 'n-0');
    const doomed = onDead ?? podsLabelled(world, { app: 'web' })[0]!;
    const { unknownAt } = crashNow(world, doomed.spec.nodeName!);
    const at = runUntil(sim, () => endpoints(world).notReady.includes(doomed.metadata.name), unknownAt + 60 * SECOND);
    expect(at).toBe(unknownAt);
    expect(endpoints(world).ready).toHaveLength(1);
  });

  it('publishNotReadyAddresses lists every bound pod as ready', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    world.store.create('scenario', service('web', { app: 'web' }, true));
    world.store.create('scenario', deployment('web', 3, webTemplate));
    sim.run(0);
    expect(endpoints(world).ready).toEqual(names(world));
  });

  it('ignores unbound pods and pods of other labels or namespaces; finished pods leave', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    world.store.create('scenario', service('web', { app: 'web' }));
    const unbound = barePod('unbound', undefined, [container('app', { cpu: 8000, memory: 1 })]);
    unbound.metadata.labels = { app: 'web' };
    world.store.create('scenario', unbound);
    const other = barePod('other');
    other.metadata.labels = { app: 'web' };
    other.metadata.namespace = 'prod';
    world.store.create('scenario', other);
    const good = barePod('good', 'n-0');
    good.metadata.labels = { app: 'web' };
    world.store.create('scenario', good);
    sim.run(30 * SECOND);
    expect(endpoints(world)).toMatchObject({ ready: ['good'], notReady: [] });
    good.status.phase = 'Succeeded';
    world.store.update('scenario', good);
    settle(sim);
    expect(endpoints(world)).toMatchObject({ ready: [], notReady: [] });
  });

  // Upstream passes service.spec.publishNotReadyAddresses as includeTerminating to
  // ShouldPodBeInEndpoints (K staging/src/k8s.io/endpointslice/util/controller_utils.go,
  // pkg/controller/endpoint/endpoints_controller.go): such Services keep terminating pods.
  // podsim's endpointState drops terminating pods whatever the Service says.
  it('publishNotReadyAddresses keeps terminating pods listed', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    world.store.create('scenario', service('web', { app: 'web' }, true));
    world.store.create('scenario', deployment('web', 3, webTemplate));
    sim.run(60 * SECOND);
    const victim = podsLabelled(world, { app: 'web' })[0]!;
    world.store.deleteGracefully('scenario', victim);
    settle(sim);
    expect(endpoints(world).ready).toContain(victim.metadata.name);
  });
});

describe('DisruptionController', () => {
  const status = (b: PodDisruptionBudgetObject) => [b.status.expectedPods, b.status.desiredHealthy, b.status.currentHealthy, b.status.disruptionsAllowed];

  function withBudget(replicas: number, budget: { minAvailable?: number | string; maxUnavailable?: number | string }) {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    world.store.create('scenario', deployment('web', replicas, webTemplate));
    const b = world.store.create('scenario', pdb('web', { app: 'web' }, budget));
    return { sim, world, b };
  }

  it.each([
    // [replicas, budget, expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed]
    [4, { minAvailable: 2 }, 4, 2, 4, 2],
    [4, { minAvailable: 4 }, 4, 4, 4, 0],
    [4, { minAvailable: 6 }, 4, 6, 4, 0],
    [4, { minAvailable: '50%' }, 4, 2, 4, 2],
    [4, { minAvailable: '30%' }, 4, 2, 4, 2], // ceil(1.2)
    [5, { maxUnavailable: 1 }, 5, 4, 5, 1],
    [5, { maxUnavailable: '30%' }, 5, 3, 5, 2], // maxUnavailable ceil(1.5) = 2
    [4, { maxUnavailable: '25%' }, 4, 3, 4, 1],
    [4, { maxUnavailable: 0 }, 4, 4, 4, 0],
    [3, { maxUnavailable: 5 }, 3, 0, 3, 3],
  ] as const)('replicas %i, %o: expected %i, desiredHealthy %i, currentHealthy %i, disruptionsAllowed %i', (replicas, budget, expected, desired, healthy, allowed) => {
    const { sim, b } = withBudget(replicas, budget);
    sim.run(60 * SECOND);
    expect(status(b)).toEqual([expected, desired, healthy, allowed]);
  });

  it('counts only Ready pods as healthy: nothing may be disrupted before the pods are ready', () => {
    const { sim, b } = withBudget(4, { maxUnavailable: 1 });
    sim.run(10 * SECOND);
    expect(status(b)).toEqual([4, 3, 0, 0]);
    expect(runUntil(sim, () => b.status.disruptionsAllowed === 1, 60 * SECOND)).toBe(16 * SECOND);
  });

  it('pods of a dead node stop counting when it goes Unknown', () => {
    const { sim, world, b } = withBudget(3, { minAvailable: 2 });
    sim.run(100 * SECOND);
    expect(status(b)).toEqual([3, 2, 3, 1]);
    const victim = podsLabelled(world, { app: 'web' })[0]!;
    const onNode = podsLabelled(world, { app: 'web' }).filter((p) => p.spec.nodeName === victim.spec.nodeName).length;
    const { unknownAt } = crashNow(world, victim.spec.nodeName!);
    expect(runUntil(sim, () => b.status.currentHealthy === 3 - onNode, unknownAt + 60 * SECOND)).toBe(unknownAt);
    expect(b.status.disruptionsAllowed).toBe(Math.max(0, 3 - onNode - 2));
  });

  it('a StatefulSet scale counts as its expected pods', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    world.store.create('scenario', statefulSet('web', 3, webTemplate, { podManagementPolicy: 'Parallel' }));
    const b = world.store.create('scenario', pdb('web', { app: 'web' }, { maxUnavailable: '34%' }));
    sim.run(60 * SECOND);
    expect(status(b)).toEqual([3, 1, 3, 2]); // maxUnavailable ceil(1.02) = 2
    expect(ownedPods(world, world.store.get('StatefulSet', 'default', 'web')!)).toHaveLength(3);
  });

  // With an integer minAvailable upstream sets expectedCount to the number of selected pods,
  // terminating ones included (K pkg/controller/disruption/disruption.go getExpectedPodCount);
  // only maxUnavailable and percentages use the controllers' scale. podsim always uses the scale.
  // Here a pod stuck Terminating on a dead node and its replacement are both selected.
  it('minAvailable as an integer: expectedPods is the number of selected pods', () => {
    const { sim, world, b } = withBudget(3, { minAvailable: 2 });
    sim.run(100 * SECOND);
    const victim = podsLabelled(world, { app: 'web' })[0]!;
    const { evictedAt } = crashNow(world, victim.spec.nodeName!);
    sim.run(evictedAt + 60 * SECOND);
    expect(podsLabelled(world, { app: 'web' }).length).toBeGreaterThan(3);
    expect(b.status.expectedPods).toBe(podsLabelled(world, { app: 'web' }).length);
  });
});
