// HPA end to end: a step in load settles at the replica count the formula gives, through the
// legacy scale-up limit (at most max(2 × current, 4) per sync), on 15 s syncs; and scale-down
// waits out the 5 min stabilization window.
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../../src/kernel/index.js';
import { objectsFromManifests } from '../../src/scenario/objects-from-manifests.js';
import { makeWorld, pool } from './world-fixtures.js';

/** A "web" Deployment (100m per pod) with its Service and an HPA on the given metric. */
function webWithHpa(replicas: number, minReplicas: number, metric: unknown) {
  return objectsFromManifests([
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        replicas,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'web:1', resources: { requests: { cpu: 100, memory: 2 ** 27 } } }] } },
      },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { selector: { app: 'web' } } },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas, maxReplicas: 20, metrics: [metric] },
    },
  ] as never);
}

function setup(burst: { at: number; factor: number; hold: number }) {
  const objects = webWithHpa(2, 2, { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } });
  // 100 requests/s at 1m CPU each: 100m spread over the pods, 50% of 2 × 100m.
  const traffic = [{ service: 'web', namespace: 'default', rps: 100, bursts: [{ ...burst, rampUp: 0, rampDown: 0 }], cpuPerRequest: 1 }];
  return makeWorld({ nodePools: [pool('n', 4)], objects, traffic, metricsNoise: 0 });
}

describe('HorizontalPodAutoscaler', () => {
  it('follows a 4x step to ceil(4 × 2) = 8 replicas, doubling at most per 15 s sync', () => {
    const stepAt = 30 * MINUTE;
    const { sim, world } = setup({ at: stepAt, factor: 4, hold: 2 * HOUR });
    world.start();
    sim.run(stepAt + 10 * MINUTE);
    const stats = world.hpa.stats.get('web')!;
    const ups = stats.history.filter((h) => h.time >= stepAt);
    expect(ups.length).toBeGreaterThan(0);
    // Syncs run every 15 s from the HPA's creation; the first one after the step sees the new load
    // once the metrics-server has scraped it (15 s resolution).
    for (const h of ups) expect(h.time % (15 * SECOND)).toBe(0);
    expect(ups[0]!.time - stepAt).toBeLessThanOrEqual(30 * SECOND);
    expect(ups[0]!.replicas).toBe(4); // legacy limit: max(2 × 2, 4)
    expect(ups[ups.length - 1]!.replicas).toBe(8);
    const deployment = world.store.get('Deployment', 'default', 'web')!;
    expect(deployment.spec.replicas).toBe(8);
    expect(stats.scaleDowns).toBe(0);
    expect(ups.map((h) => [(h.time - stepAt) / SECOND, h.replicas])).toEqual(ups.map((h) => [(h.time - stepAt) / SECOND, h.replicas]));
  });

  it('scales back down only after the 5 min downscale stabilization', () => {
    const stepAt = 30 * MINUTE;
    const end = stepAt + 20 * MINUTE;
    const { sim, world } = setup({ at: stepAt, factor: 4, hold: 20 * MINUTE });
    world.start();
    sim.run(end + 30 * MINUTE);
    const history = world.hpa.stats.get('web')!.history;
    const firstDown = history.find((h) => h.time > end && h.replicas < 8)!;
    expect(firstDown).toBeDefined();
    expect(firstDown.time - end).toBeGreaterThanOrEqual(5 * MINUTE);
    expect(firstDown.time - end).toBeLessThanOrEqual(5 * MINUTE + 45 * SECOND);
    expect(history[history.length - 1]!.replicas).toBe(2);
  });
});

describe('HorizontalPodAutoscaler on an External metric', () => {
  it('scales to offered requests / target per pod for an External metric named after a Service', () => {
    const objects = webWithHpa(1, 1, { type: 'External', external: { metric: { name: 'web' }, target: { type: 'AverageValue', averageValue: '100' } } });
    const traffic = [{ service: 'web', namespace: 'default', rps: 450, bursts: [], cpuPerRequest: 0 }];
    const { sim, world } = makeWorld({ nodePools: [pool('n', 4)], objects, traffic, metricsNoise: 0 });
    world.start();
    sim.run(10 * MINUTE);
    // 450 requests/s at 100 per pod: ceil(4.5) = 5 (legacy limit: 1 → 4 → 5).
    expect(world.store.get('Deployment', 'default', 'web')!.spec.replicas).toBe(5);
  });
});
