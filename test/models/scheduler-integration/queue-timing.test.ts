// The scheduling queue's timing: a Pending pod is retried as soon as a cluster change may help
// (a pod leaves a node, a node joins), but not before its back-off (1 s, 2 s, 4 s, 8 s, then
// 10 s) runs out, and back-offs end on the 1 s flush ticks; without any change the pod waits in
// the unschedulable pool until the 5 min leftover flush. Ties between equal nodes are broken by
// the seeded stream; adaptive percentageOfNodesToScore limits the nodes filtered per attempt.
import { describe, expect, it } from 'vitest';
import { SECOND, type Simulation } from '../../../src/kernel/index.js';
import type { World } from '../../../src/models/world.js';
import { countByNode, joinNode, runChecking } from '../integration-fixtures.js';
import { barePod, container, CONTROL_PLANE, makeWorld, pool, runUntil } from '../world-fixtures.js';

const GiB = 2 ** 30;
const big = (name: string, node?: string) => barePod(name, node, [container('app', { cpu: 3000, memory: GiB })]);
/** Larger than any node: never fits. */
const huge = (name: string) => barePod(name, undefined, [container('app', { cpu: 8000, memory: GiB })]);

/** Virtual times of the scheduler's attempts until `limit`, running `tick` at each `every` ms from `offset`. */
function attemptTimes(sim: Simulation, world: World, limit: number, tick?: { offset: number; every: number; run: () => void }): number[] {
  const times: number[] = [];
  let seen = world.scheduler.attempts;
  if (tick) sim.every(tick.every, tick.run, tick.offset, 'test.tick');
  runChecking(sim, limit, () => {
    while (world.scheduler.attempts > seen) {
      seen++;
      times.push(sim.now);
    }
  });
  return times;
}

describe('a Pending pod is scheduled as soon as room appears', () => {
  it('when a pod on the full node is gone (after its 1 s stop), at that exact time', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const holder = world.store.create('scenario', big('holder'));
    const waiting = world.store.create('scenario', big('waiting'));
    sim.run(20 * SECOND);
    expect(holder.spec.nodeName).toBe('n-0');
    expect(waiting.spec.nodeName).toBeUndefined();
    expect(waiting.status.unschedulableReason).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    expect(world.scheduler.attempts).toBe(2); // no retry without a cluster change

    world.store.deleteGracefully('scenario', holder);
    sim.run(20 * SECOND);
    expect(waiting.spec.nodeName).toBeUndefined(); // a terminating pod still holds its room
    const bound = runUntil(sim, () => waiting.spec.nodeName !== undefined, 60 * SECOND);
    expect(bound).toBe(21 * SECOND);
    expect(waiting.spec.nodeName).toBe('n-0');
    expect(waiting.status.unschedulableReason).toBeUndefined();
    expect(world.scheduler.attempts).toBe(3);
  });

  it('when room frees during the back-off, at the 1 s tick after the back-off ends', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const holder = world.store.create('scenario', big('holder'));
    sim.run(10_300);
    const waiting = world.store.create('scenario', big('waiting'));
    sim.run(10_500); // failed at 10.3 s: back-off until 11.3 s
    expect(waiting.spec.nodeName).toBeUndefined();
    world.store.delete('scenario', holder);
    const bound = runUntil(sim, () => waiting.spec.nodeName !== undefined, 60 * SECOND);
    expect(bound).toBe(12 * SECOND);
  });

  it('when a node joins the cluster, at once', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    world.store.create('scenario', big('holder'));
    const waiting = world.store.create('scenario', big('waiting'));
    sim.run(30 * SECOND);
    expect(waiting.spec.nodeName).toBeUndefined();
    joinNode(world, world.cloud.pools[0]!);
    const bound = runUntil(sim, () => waiting.spec.nodeName !== undefined, 60 * SECOND);
    expect(bound).toBe(30 * SECOND);
    expect(waiting.spec.nodeName).toBe('n-1');
    runUntil(sim, () => waiting.status.ready, 60 * SECOND);
    expect(waiting.status.readyTransition).toBe(36 * SECOND);
  });

  it('when a node is uncordoned, at once', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const n0 = world.store.get('Node', '', 'n-0')!;
    n0.spec.unschedulable = true;
    world.store.update('scenario', n0);
    const waiting = world.store.create('scenario', barePod('waiting'));
    sim.run(40 * SECOND);
    expect(waiting.status.unschedulableReason).toBe('0/1 nodes are available: 1 node(s) were unschedulable.');
    n0.spec.unschedulable = false;
    world.store.update('scenario', n0);
    expect(runUntil(sim, () => waiting.spec.nodeName !== undefined, 60 * SECOND)).toBe(40 * SECOND);
  });
});

describe('back-off of retried pods', () => {
  // A node change every 500 ms (its allocatable CPU flips by 1m, too little to help) moves the
  // pod out of the unschedulable pool each time; only its back-off paces the attempts.
  function flipper(world: World) {
    let flip = 0;
    return () => {
      const n0 = world.store.get('Node', '', 'n-0')!;
      n0.status.allocatable = { ...n0.status.allocatable, cpu: 1000 + (flip++ % 2) };
      world.store.update('scenario', n0);
    };
  }

  it('1 s, 2 s, 4 s, 8 s, then 10 s between attempts of a pod created on a tick', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    world.store.create('scenario', huge('never'));
    const times = attemptTimes(sim, world, 46 * SECOND, { offset: 250, every: 500, run: flipper(world) });
    expect(times).toEqual([0, 1, 3, 7, 15, 25, 35, 45].map((s) => s * SECOND));
  });

  it('back-offs end on the 1 s flush ticks', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    sim.run(300);
    world.store.create('scenario', huge('never'));
    const times = attemptTimes(sim, world, 40 * SECOND, { offset: 450, every: 500, run: flipper(world) });
    // 0.3 s + 1 s = 1.3 s → tick 2 s; 2 + 2 = 4; 4 + 4 = 8; 8 + 8 = 16; 16 + 10 = 26; 36.
    expect(times).toEqual([300, 2000, 4000, 8000, 16000, 26000, 36000]);
  });

  // Upstream flushUnschedulablePodsLeftover moves a pod when
  // `currentTime.Sub(lastScheduleTime) > podMaxInUnschedulablePodsDuration` (strictly greater;
  // K pkg/scheduler/backend/queue/scheduling_queue.go), so a pod that failed at 0 is not moved by
  // the flush at exactly 300 s but by the one at 330 s.
  it('without any cluster change a pod waits for the leftover flush: strictly more than 5 min (330 s, 660 s)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    world.store.create('scenario', big('holder'));
    world.store.create('scenario', big('waiting'));
    const times = attemptTimes(sim, world, 700 * SECOND).filter((t) => t > 0);
    expect(times).toEqual([330 * SECOND, 660 * SECOND]);
  });

  it('higher priority pods are tried first', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const low = world.store.create('scenario', big('low'));
    const high = barePod('high', undefined, [container('app', { cpu: 3000, memory: GiB })]);
    high.spec.priority = 1000;
    world.store.create('scenario', high);
    sim.run(0);
    expect(high.spec.nodeName).toBe('n-0');
    expect(low.spec.nodeName).toBeUndefined();
  });
});

describe('ties and node sampling', () => {
  function firstChoice(seed: number): string {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 10)] }, seed);
    world.start();
    const pod = world.store.create('scenario', barePod('p'));
    sim.run(0);
    return pod.spec.nodeName!;
  }

  it('ties among equal nodes are broken the same way for the same seed', () => {
    for (const seed of [1, 2, 3, 7, 42]) expect(firstChoice(seed)).toBe(firstChoice(seed));
  });

  it('and differently across seeds', () => {
    const choices = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map(firstChoice));
    expect(choices.size).toBeGreaterThanOrEqual(4);
  });

  it('with 200 nodes, each attempt filters only numFeasibleNodesToFind = 100 nodes, round-robin', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 200)] });
    world.start();
    const sorted = world.store.list('Node').map((n) => n.metadata.name); // name order, as the scheduler walks them
    const placed: string[] = [];
    for (let i = 0; i < 4; i++) {
      const pod = world.store.create('scenario', barePod(`p${i}`));
      sim.run(sim.now);
      placed.push(pod.spec.nodeName!);
    }
    // Attempt k starts at index 100·k mod 200 and stops after 100 feasible nodes.
    placed.forEach((name, k) => {
      const index = sorted.indexOf(name);
      const start = (100 * k) % 200;
      expect(index >= start && index < start + 100).toBe(true);
    });
    expect(world.scheduler.attempts).toBe(4);
  });

  function firstAttemptHalves(percentageOfNodesToScore: number): number[] {
    const halves = new Set<number>();
    for (let seed = 1; seed <= 12; seed++) {
      const controlPlane = { ...CONTROL_PLANE, scheduler: { ...CONTROL_PLANE.scheduler, percentageOfNodesToScore } };
      const { sim, world } = makeWorld({ nodePools: [pool('n', 200)], controlPlane }, seed);
      world.start();
      const sorted = world.store.list('Node').map((n) => n.metadata.name);
      const pod = world.store.create('scenario', barePod('p'));
      sim.run(0);
      halves.add(Math.floor(sorted.indexOf(pod.spec.nodeName!) / 100));
    }
    return [...halves].sort();
  }

  it('adaptive sampling: over many seeds the first pod only ever lands among the first 100 nodes', () => {
    expect(firstAttemptHalves(0)).toEqual([0]);
  });

  it('percentageOfNodesToScore 100: every node is a candidate for the first pod', () => {
    expect(firstAttemptHalves(100)).toEqual([0, 1]);
  });

  it('spreading 200 pods over 200 nodes still gives one per node with sampling', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 200)] });
    world.start();
    const pods = Array.from({ length: 200 }, (_, i) => world.store.create('scenario', barePod(`p${i}`)));
    sim.run(0);
    expect(Object.keys(countByNode(pods))).toHaveLength(200);
  });
});
