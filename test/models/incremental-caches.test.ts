// The caches kept for the scale benchmark agree with a from-scratch computation through churn:
// the endpoints controller's sorted member lists, the service tracker's merged endpoint sets,
// and the store's per-node version that the cluster recorder caches each node's pods by.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/kernel/index.js';
import type { PodObject } from '../../src/models/api/objects.js';
import { crash, deployment, podsLabelled, repair, service, template } from './integration-fixtures.js';
import { container, makeWorld, pool } from './world-fixtures.js';

type World = ReturnType<typeof makeWorld>['world'];
const probe = { initialDelay: 10 * SECOND, period: 10 * SECOND, failureThreshold: 3, successThreshold: 1 };
const webTemplate = template({ app: 'web' }, { containers: [{ ...container(), readinessProbe: probe }] });

function isEndpoint(pod: PodObject): boolean {
  return pod.spec.nodeName !== undefined && pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
}

/**
 * Checks the published Endpoints and the tracked state against the pods as they are now, and
 * that no list the Endpoints object ever held was edited afterwards (the service tracker keeps
 * the last one instead of a copy). `published`: every list seen so far, with its contents then.
 */
function expectConsistent(world: World, published = new Map<readonly string[], string[]>()): void {
  const pods = podsLabelled(world, { app: 'web' }).filter(isEndpoint);
  const endpoints = world.store.get('Endpoints', 'default', 'web');
  const ready = pods.filter((p) => p.status.ready).map((p) => p.metadata.name).sort();
  const notReady = pods.filter((p) => !p.status.ready).map((p) => p.metadata.name).sort();
  expect(endpoints?.ready).toEqual(ready);
  expect(endpoints?.notReady).toEqual(notReady);
  for (const list of [endpoints?.ready, endpoints?.notReady]) if (list && !published.has(list)) published.set(list, [...list]);
  for (const [list, contents] of published) expect(list).toEqual(contents);
  const serving = ready.filter((name) => world.kubelets.isServing(world.store.get('Pod', 'default', name) as PodObject)).length;
  expect(world.services.state('web')).toEqual({ endpoints: ready.length, serving });
}

describe('incremental caches', () => {
  it('keep endpoints and service state equal to a recomputation through scaling and node failure', () => {
    const web = deployment('web', 6, webTemplate);
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)], objects: [service('web', { app: 'web' }), web] });
    world.start();
    const published = new Map<readonly string[], string[]>();
    const steps: Array<() => void> = [
      () => {},
      () => {
        web.spec.replicas = 9;
        world.store.update('scenario', web);
      },
      () => crash(world, 'n-0'),
      () => repair(world, 'n-0'),
      () => {
        web.spec.replicas = 2;
        world.store.update('scenario', web);
      },
      () => {
        web.spec.replicas = 5;
        world.store.update('scenario', web);
      },
    ];
    for (const step of steps) {
      step();
      for (let t = 0; t < 12; t++) {
        sim.run(sim.now + 5 * SECOND);
        expectConsistent(world, published);
      }
    }
    expect(published.size).toBeGreaterThan(10);
  });

  it('changes a node version whenever the node gains or loses a pod', () => {
    const web = deployment('web', 2, webTemplate);
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)], objects: [web] });
    world.start();
    expect(world.store.podsOnNodeVersion('n-0')).toBe(0);
    sim.run(30 * SECOND);
    const bound = world.store.podsOnNodeVersion('n-0');
    expect(bound).not.toBe(0);
    expect(world.store.podsOnNode('n-0').size).toBe(2);
    sim.run(60 * SECOND);
    expect(world.store.podsOnNodeVersion('n-0')).toBe(bound);
    web.spec.replicas = 1;
    world.store.update('scenario', web);
    sim.run(200 * SECOND);
    expect(world.store.podsOnNode('n-0').size).toBe(1);
    expect(world.store.podsOnNodeVersion('n-0')).not.toBe(bound);
  });
});
