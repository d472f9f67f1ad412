// VerticalPodAutoscaler end to end: over-provisioned requests come down once they leave the
// recommendation's bounds (wide while the history is short); a container OOM-killed at its
// memory limit gets more memory through the OOM bump.
import { describe, expect, it } from 'vitest';
import { HOUR } from '../../src/kernel/index.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';

const file = new URL('../../scenarios/vpa-rightsizing.yaml', import.meta.url).pathname;

describe('VerticalPodAutoscaler', () => {
  it('keeps the requests while the young recommendation is unsure, then recreates the pods', () => {
    // After 2 h the upper bound (p95 + 15%) × (1 + 1/confidence) is still above 1 CPU.
    const early = runScenario(loadScenario(file, { duration: '2h' }));
    const apiEarly = early.world.store.list('Pod').filter((p) => p.metadata.labels.app === 'api');
    expect(apiEarly.every((p) => p.spec.containers[0]!.requests.cpu === 1000)).toBe(true);

    const { world, result } = runScenario(loadScenario(file));
    const api = world.store.list('Pod').filter((p) => p.metadata.labels.app === 'api' && p.metadata.deletionTimestamp === undefined);
    expect(api).toHaveLength(6);
    for (const pod of api) {
      const requests = pod.spec.containers[0]!.requests;
      // Usage is 150m and 600Mi: the target is p90 + 15%, far below the 1 CPU / 2Gi asked for.
      expect(requests.cpu!).toBeGreaterThanOrEqual(150);
      expect(requests.cpu!).toBeLessThan(300);
      expect(requests.memory!).toBeGreaterThanOrEqual(600 * 2 ** 20);
      expect(requests.memory!).toBeLessThan(2 ** 30);
      expect(pod.metadata.creationTimestamp).toBeGreaterThanOrEqual(2 * HOUR);
    }
    expect(result.autoscaling.vpaEvictions).toBeGreaterThanOrEqual(6);
    expect(result.density.cpuRequestedRatio).toBeLessThan(early.result.density.cpuRequestedRatio);
  });

  it('records OOM kills and raises memory above the usage that killed the container', () => {
    const { world, result } = runScenario(loadScenario(file));
    expect(result.autoscaling.oomKills).toBeGreaterThan(0);
    const worker = world.store.get('VerticalPodAutoscaler', 'default', 'worker')!;
    expect(worker.status.recommendation!.worker!.target.memory!).toBeGreaterThan(700 * 2 ** 20);
  });
});
