// The Job controller in small worlds: `completions` pods at most `parallelism` at a time, pod
// failures (pods deleted before they succeed, e.g. evicted from a crashed node) counted against
// backoffLimit, new pods after failures held back by the 10 s doubling back-off.
import { describe, expect, it } from 'vitest';
import { constant, SECOND } from '../../../src/kernel/index.js';
import type { JobObject, PodObject } from '../../../src/models/api/objects.js';
import { crashNow, isLive, job, ownedPods, settle, template } from '../integration-fixtures.js';
import { makeWorld, pool, runUntil } from '../world-fixtures.js';

type World = ReturnType<typeof makeWorld>['world'];
type Sim = ReturnType<typeof makeWorld>['sim'];

const work = (seconds: number) => template({ app: 'batch' }, { restartPolicy: 'Never', runDuration: constant(seconds * SECOND, 'duration') });
const livePods = (world: World, j: JobObject) => ownedPods(world, j).filter(isLive);

/** Force-deletes (grace 0) the Job's live pod whenever there is one, `times` times; returns when each was created. */
function failRepeatedly(sim: Sim, world: World, j: JobObject, times: number, after = 0): number[] {
  const created: number[] = [];
  for (let i = 0; i < times; i++) {
    runUntil(sim, () => livePods(world, j).length > 0, sim.now + 3600 * SECOND);
    const pod = livePods(world, j)[0]!;
    created.push(pod.metadata.creationTimestamp);
    sim.run(sim.now + after);
    world.store.delete('scenario', pod);
    settle(sim);
  }
  return created;
}

describe('Job runs completions with parallelism', () => {
  it('four completions two at a time: 0 s and 26 s starts, Complete at 47 s', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(20), { completions: 4, parallelism: 2 }));
    sim.run(0);
    expect(livePods(world, j).map((p) => p.metadata.name)).toEqual(['batch-0', 'batch-1']);
    expect(livePods(world, j).every((p) => p.metadata.labels['job-name'] === 'batch')).toBe(true);
    settle(sim);
    expect(j.status.active).toBe(2);
    // Running at 6 s (pull 5 s + start 1 s), done 20 s later; the next two start with the image cached.
    const completeAt = runUntil(sim, () => j.status.condition !== undefined, 600 * SECOND);
    expect(completeAt).toBe(47 * SECOND);
    expect(j.status).toEqual({ active: 0, succeeded: 4, failed: 0, completionTime: 47 * SECOND, condition: 'Complete' });
    expect(ownedPods(world, j).map((p) => [p.metadata.name, p.metadata.creationTimestamp, p.status.phase])).toEqual([
      ['batch-0', 0, 'Succeeded'],
      ['batch-1', 0, 'Succeeded'],
      ['batch-2', 26 * SECOND, 'Succeeded'],
      ['batch-3', 26 * SECOND, 'Succeeded'],
    ]);
  });

  it('never runs more than parallelism pods, nor more than the completions still needed', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(15), { completions: 5, parallelism: 3 }));
    let peak = 0;
    for (;;) {
      const next = sim.peekTime();
      if (next === undefined || next > 600 * SECOND || j.status.condition) break;
      sim.step();
      const active = livePods(world, j).length;
      peak = Math.max(peak, active);
      expect(active).toBeLessThanOrEqual(Math.min(3, 5 - j.status.succeeded));
    }
    expect(peak).toBe(3);
    expect(j.status.condition).toBe('Complete');
    expect(ownedPods(world, j)).toHaveLength(5);
  });
});

describe('Job failures and back-off', () => {
  it('pods deleted before they succeed count as failures; new pods wait 10 s, 20 s, 40 s; then the Job completes', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(60), { backoffLimit: 3 }));
    // Each pod is deleted 10 s after it is created.
    const created = failRepeatedly(sim, world, j, 3, 10 * SECOND);
    expect(created).toEqual([0, 20, 50].map((s) => s * SECOND)); // failed at 10 s → +10; at 30 s → +20
    expect(j.status.failed).toBe(3);
    const last = runUntil(sim, () => livePods(world, j).length > 0, 600 * SECOND);
    expect(last).toBe(100 * SECOND); // failed at 60 s → +40 s
    const completeAt = runUntil(sim, () => j.status.condition !== undefined, 600 * SECOND);
    expect(completeAt).toBe(161 * SECOND); // image cached: start 1 s, work 60 s
    expect(j.status).toMatchObject({ succeeded: 1, failed: 3, condition: 'Complete', active: 0 });
  });

  it('more failures than backoffLimit fail the Job', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(60), { backoffLimit: 2 }));
    failRepeatedly(sim, world, j, 3, 5 * SECOND);
    settle(sim);
    expect(j.status.failed).toBe(3);
    expect(j.status.condition).toBe('Failed');
    sim.run(sim.now + 600 * SECOND);
    expect(livePods(world, j)).toEqual([]);
  });

  it('a pod evicted from a crashed node is replaced at the eviction (its failure time, Ready=False, is long past)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(3600), { backoffLimit: 2 }));
    sim.run(100 * SECOND);
    const first = livePods(world, j)[0]!;
    const { evictedAt } = crashNow(world, first.spec.nodeName!);
    expect(runUntil(sim, () => first.metadata.deletionTimestamp !== undefined, evictedAt + 60 * SECOND)).toBe(evictedAt);
    settle(sim);
    const second = livePods(world, j)[0]!;
    expect(second.metadata.creationTimestamp).toBe(evictedAt);
    expect(second.spec.nodeName).not.toBe(first.spec.nodeName);
    const completeAt = runUntil(sim, () => j.status.condition !== undefined, evictedAt + 7200 * SECOND);
    expect(completeAt).toBe(evictedAt + 6 * SECOND + 3600 * SECOND);
    expect(j.status.succeeded).toBe(1);
  });

  // Upstream counts a pod with a deletionTimestamp that has not succeeded as failed at once
  // (K pkg/controller/job/job_controller.go isPodFailed: "Count deleted Pods as failures to
  // account for orphan Pods that never have a chance to reach the Failed phase"), so the eviction
  // is a failure at the eviction time and, with backoffLimit 0, fails the Job then. podsim only
  // counts a pod when it is finally removed, which for a dead node is when the node returns: the
  // Job gets a replacement pod and status.failed stays 0.
  it('an evicted pod counts as a failure at the eviction; with backoffLimit 0 the Job fails then', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(3600), { backoffLimit: 0 }));
    sim.run(100 * SECOND);
    const first = livePods(world, j)[0]!;
    const { evictedAt } = crashNow(world, first.spec.nodeName!);
    sim.run(evictedAt + 60 * SECOND);
    expect(j.status.failed).toBe(1);
    expect(j.status.condition).toBe('Failed');
    expect(livePods(world, j)).toEqual([]);
  });

  // Upstream's back-off counts the failures since the last success
  // (K pkg/controller/job/backoff_utils.go: failuresAfterLastSuccess is reset by a succeeded
  // pod), so after a success the next failure waits 10 s again. podsim uses status.failed, the
  // Job's total, and waits 20 s.
  it('a success resets the back-off: the next failure waits 10 s again', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(30), { completions: 2, backoffLimit: 6 }));
    failRepeatedly(sim, world, j, 1, 10 * SECOND); // fails at 10 s
    const second = runUntil(sim, () => livePods(world, j).length > 0, 600 * SECOND);
    expect(second).toBe(20 * SECOND);
    // The second pod succeeds (start 1 s + 30 s) at 51 s; the third starts then and fails at 61 s.
    runUntil(sim, () => j.status.succeeded === 1, 600 * SECOND);
    settle(sim);
    failRepeatedly(sim, world, j, 1, 10 * SECOND);
    expect(j.status.failed).toBe(2);
    const failedAt = sim.now;
    const next = runUntil(sim, () => livePods(world, j).length > 0, 600 * SECOND);
    expect(next - failedAt).toBe(10 * SECOND);
  });

  // Upstream MaxJobPodFailureBackOff is 10 min (K pkg/controller/job/job_controller.go; older
  // releases had 6 min, which podsim's JOB_BACKOFF_MAX = 360 s keeps, against
  // /work/shared/k8s-reference.md §4 "podsim follows the newest"). The 7th failure gives
  // 10 s × 2^6 = 640 s, capped at 600 s.
  it('the back-off is capped at 10 minutes', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(3600), { backoffLimit: 10 }));
    const created = failRepeatedly(sim, world, j, 7);
    expect(created.slice(1).map((t, i) => t - created[i]!)).toEqual([10, 20, 40, 80, 160, 320].map((s) => s * SECOND));
    const failedAt = sim.now;
    const next = runUntil(sim, () => livePods(world, j).length > 0, failedAt + 3600 * SECOND);
    expect(next - failedAt).toBe(600 * SECOND);
  });

  it('the back-off before the 7th failure pod doubles as far as 320 s', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(3600), { backoffLimit: 10 }));
    const created = failRepeatedly(sim, world, j, 7);
    expect(created.slice(1).map((t, i) => t - created[i]!)).toEqual([10, 20, 40, 80, 160, 320].map((s) => s * SECOND));
  });

  it('activeDeadline fails the Job and deletes its running pods', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const j = world.store.create('scenario', job('batch', work(3600), { activeDeadline: 120 * SECOND }));
    const failedAt = runUntil(sim, () => j.status.condition !== undefined, 600 * SECOND);
    expect(failedAt).toBe(120 * SECOND);
    expect(j.status.condition).toBe('Failed');
    const pods: PodObject[] = ownedPods(world, j);
    expect(pods.every((p) => p.metadata.deletionTimestamp === 120 * SECOND)).toBe(true);
  });
});
