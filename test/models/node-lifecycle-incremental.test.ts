// The node lifecycle controller's monitor tick looks only at the nodes where a look can do
// something (Ready nodes that renewed or posted status, logged by the LeaseTable; nodes not
// Ready; new nodes; Ready nodes whose probe time just went stale) instead of every node. These
// tests pin it to what the full scan did: the hashes below are every API write (time, actor,
// verb, object, and a node's Ready condition and taints or a pod's readiness as written), taken
// with the full scan before the change, over bundled scenarios with crashes, stalls and the
// cluster autoscaler and over a seeded random schedule of crashes, stalls, zone outages, an
// all-zones outage, nodes added and deleted; then exact-time cases for each way a node's probe
// time moves or goes stale.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SECOND, Simulation, type Millis } from '../../src/kernel/index.js';
import type { ApiObject, NodeObject } from '../../src/models/api/objects.js';
import { ObjectStore } from '../../src/models/api/store.js';
import { TAINT_UNREACHABLE } from '../../src/models/api/taints.js';
import { CloudProvider } from '../../src/models/cloud-provider.js';
import { LeaseTable } from '../../src/models/lease-table.js';
import { NodeLifecycleController } from '../../src/models/node-lifecycle-controller.js';
import type { World } from '../../src/models/world.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';
import { barePod, CONTROL_PLANE, makeWorld, pool, runUntil } from './world-fixtures.js';

/** Hashes every write to the world's store, as it is made. */
function recordWrites(store: ObjectStore): { digest: () => string; count: () => number } {
  const hash = createHash('sha256');
  let count = 0;
  const note = (verb: string, actor: string, o: ApiObject): void => {
    count++;
    let state = '';
    if (o.kind === 'Node') state = `${o.status.ready} ${o.status.readyTransition} ${o.spec.taints.map((t) => `${t.key}:${t.effect}:${t.timeAdded}`).join(',')}`;
    else if (o.kind === 'Pod') state = `${o.status.ready} ${o.status.phase}`;
    hash.update(`${store.now} ${verb} ${actor} ${o.kind} ${o.metadata.namespace}/${o.metadata.name} ${state}\n`);
  };
  const create = store.create.bind(store);
  const update = store.update.bind(store);
  const remove = store.delete.bind(store);
  const graceful = store.deleteGracefully.bind(store);
  store.create = (actor, o) => (note('create', actor, o), create(actor, o));
  store.update = (actor, o) => (note('update', actor, o), update(actor, o));
  store.delete = (actor, o) => (note('delete', actor, o), remove(actor, o));
  store.deleteGracefully = (actor, pod, grace) => (note('deleteGracefully', actor, pod), graceful(actor, pod, grace));
  return { digest: () => hash.copy().digest('hex').slice(0, 16), count: () => count };
}

describe('node lifecycle monitor: the same writes as the full scan', () => {
  const scenarios: Record<string, { fingerprint: string; writes: string; count: number; taints: number; notReady: number }> = {
    'flaky-kubelets.yaml': { fingerprint: '56fd7c8490bf8aee', writes: '1d7da9b020b3ea79', count: 12_236, taints: 22, notReady: 9 },
    'zeus-zap.yaml': { fingerprint: 'e2b5ab8916347455', writes: 'c60a6ef15df887cd', count: 13_716, taints: 3, notReady: 4 },
    'weekend-scale-to-zero.yaml': { fingerprint: '2a7252f728ebb311', writes: '3d9b7dc3a040f6d8', count: 5_694, taints: 0, notReady: 0 },
    'single-node-failure.yaml': { fingerprint: 'bd66eb04aabb3294', writes: '28af483fc15b484f', count: 104, taints: 1, notReady: 1 },
  };
  for (const [file, expected] of Object.entries(scenarios)) {
    it(file, () => {
      let writes: ReturnType<typeof recordWrites> | undefined;
      let world: World | undefined;
      const path = new URL(`../../scenarios/${file}`, import.meta.url).pathname;
      const { result } = runScenario(loadScenario(path), {
        observe: (w) => {
          world = w;
          writes = recordWrites(w.store);
        },
      });
      const actual = {
        fingerprint: result.fingerprint,
        writes: writes!.digest(),
        count: writes!.count(),
        taints: world!.nodeLifecycle.taintsApplied,
        notReady: world!.nodeLifecycle.podsMarkedNotReady,
      };
      expect(actual).toEqual(expected);
    });
  }

  it('a seeded random schedule of crashes, stalls, zone outages, nodes added and deleted', () => {
    const { sim, world } = makeWorld({
      nodePools: [
        pool('big', 60, ['zone-a']),
        pool('small', 6, ['zone-b', 'zone-c']),
        pool('gpu', 3, ['zone-b'], { taints: [{ key: 'gpu', effect: 'NoSchedule' }] }),
      ],
    });
    const writes = recordWrites(world.store);
    world.start();
    const nodes = world.cloud.nodes;
    for (let i = 0; i < nodes.length; i += 3) world.store.create('scenario', barePod(`p-${i}`, nodes[i]!.metadata.name));
    const rng = lcg(7);
    const k = world.kubelets;
    const op = sim.define('test.op', (f: () => void) => f());
    const at = (time: Millis, f: () => void): void => void sim.at(time, op, f);
    const live = (): NodeObject[] => nodes.filter((n) => n.cloud.deletedAt === undefined);
    const pick = (): NodeObject => {
      const all = live();
      return all[Math.floor(rng() * all.length)]!;
    };
    // Each op at a random ms or exactly on a monitor tick (before it: scheduled first) and its
    // follow-up at a delay that is sometimes a multiple of 5 s (after that tick's monitor).
    const when = (from: Millis, span: Millis): Millis => from + (rng() < 0.3 ? Math.floor((rng() * span) / 5000) * 5000 : Math.floor(rng() * span));
    const delay = (): Millis => (rng() < 0.4 ? 5000 * (1 + Math.floor(rng() * 24)) : 1 + Math.floor(rng() * 120_000));
    for (let n = 0; n < 150; n++) {
      const t = when(60 * SECOND, 3 * 3600 * SECOND);
      const kind = rng();
      at(t, () => {
        const node = pick();
        const i = node.cloud.index;
        if (kind < 0.35) {
          k.stop(i);
          at(sim.now + delay(), () => k.restart(i));
        } else if (kind < 0.7) {
          k.stall(i);
          at(sim.now + delay(), () => k.resume(i));
        } else if (kind < 0.85) {
          const created = world.cloud.createNode(world.cloud.pools[Math.floor(rng() * 3)]!);
          if (rng() < 0.3) at(sim.now + delay(), () => k.stop(created.cloud.index));
        } else if (node.status.ready === 'True') {
          world.cloud.deleteNode(node);
        }
      });
    }
    // A new zone; zone-b fully down; most of zone-a down (partial disruption); every zone down.
    at(2000 * SECOND, () => world.cloud.createNode(pool('edge', 1, ['zone-d'])));
    at(4 * 3600 * SECOND + 1234, () => {
      for (const n of live()) if (n.cloud.zone === 'zone-b') k.stop(n.cloud.index);
      at(sim.now + 600 * SECOND, () => live().forEach((n) => k.restart(n.cloud.index)));
    });
    at(5 * 3600 * SECOND, () => {
      live()
        .filter((n) => n.cloud.zone === 'zone-a')
        .slice(0, 40)
        .forEach((n) => k.stall(n.cloud.index));
      at(sim.now + 900 * SECOND, () => live().forEach((n) => k.resume(n.cloud.index)));
    });
    at(6 * 3600 * SECOND + 2500, () => {
      live().forEach((n) => k.stop(n.cloud.index));
      at(sim.now + 300 * SECOND, () => live().forEach((n) => k.restart(n.cloud.index)));
    });
    // The zone states as the controller left them after each tick.
    const states = createHash('sha256');
    sim.every(5 * SECOND, () => states.update(['zone-a', 'zone-b', 'zone-c', 'zone-d'].map((z) => world.nodeLifecycle.zoneState(z)).join() + '\n'), 1, 'test.zoneStates');
    sim.run(8 * 3600 * SECOND);
    expect({
      writes: writes.digest(),
      count: writes.count(),
      states: states.digest('hex').slice(0, 16),
      taints: world.nodeLifecycle.taintsApplied,
      notReady: world.nodeLifecycle.podsMarkedNotReady,
      fingerprint: sim.fingerprint,
    }).toEqual({ writes: '587bb08d614c5ba1', count: 6_957, states: '4f7970cdf64ff3e4', taints: 76, notReady: 51, fingerprint: 'c2453ffb339b6165' });
  });
});

/**
 * A controller over bare nodes, without kubelets: the test renews leases and posts statuses
 * itself (as a kubelet reporting NotReady would, which podsim's kubelet never does).
 */
function bareController(count: number, zones = ['zone-a']) {
  const sim = new Simulation();
  const store = new ObjectStore(sim);
  const cloud = new CloudProvider(store, []);
  const leases = new LeaseTable();
  const controller = new NodeLifecycleController(sim, store, cloud.nodes, leases, CONTROL_PLANE);
  for (let i = 0; i < count; i++) cloud.createNode(pool('n', count, zones));
  controller.start();
  const op = sim.define('test.op', (f: () => void) => f());
  const node = (i: number): NodeObject => cloud.nodes[i]!;
  return {
    sim,
    controller,
    node,
    at: (time: Millis, f: () => void): void => void sim.at(time, op, f),
    renew: (i: number): void => leases.renew(i, sim.now),
    post: (i: number, ready: NodeObject['status']['ready']): void => {
      const object = node(i);
      if (object.status.ready !== ready) object.status.readyTransition = sim.now;
      object.status.ready = ready;
      object.status.lastHeartbeat = sim.now;
      if (ready === 'True') object.status.everPostedReady = true;
      store.update('kubelet', object);
      leases.statusPosted(i);
    },
  };
}

/** When the node's Ready condition next becomes `ready` (running event by event). */
function whenReady(sim: Simulation, node: NodeObject, ready: NodeObject['status']['ready'], limit: Millis): Millis {
  return runUntil(sim, () => node.status.ready === ready, limit);
}

describe('node lifecycle monitor: exact times', () => {
  it('a node that never posted Ready has the 60 s startup grace, one that did the 50 s grace', () => {
    const { sim, node, at, post } = bareController(4);
    // Seen at the tick at 0 (probe time 0) with what they posted before it.
    post(0, 'False');
    post(1, 'True');
    post(1, 'False');
    // Seen first at the tick at 0 with nothing posted; posting at 2 s moves the probe time to 5 s.
    at(2 * SECOND, () => post(2, 'False'));
    at(2 * SECOND, () => (post(3, 'True'), post(3, 'False')));
    expect(whenReady(sim, node(1), 'Unknown', 600 * SECOND)).toBe(55 * SECOND); // first tick past 0 + 50 s
    expect(whenReady(sim, node(3), 'Unknown', 600 * SECOND)).toBe(60 * SECOND); // past 5 s + 50 s
    expect(whenReady(sim, node(0), 'Unknown', 600 * SECOND)).toBe(65 * SECOND); // past 0 + 60 s
    expect(whenReady(sim, node(2), 'Unknown', 600 * SECOND)).toBe(70 * SECOND); // past 5 s + 60 s
  });

  it('a lease renewal or status post moves the probe time at the first tick that runs after it, even in the same ms', () => {
    const { sim, node, at, renew, post } = bareController(4);
    for (let i = 0; i < 4; i++) post(i, 'True');
    at(40 * SECOND, () => post(3, 'True')); // a heartbeat alone
    at(30 * SECOND, () => renew(0)); // scheduled now: before the tick at 30 s (scheduled at 25 s)
    at(27 * SECOND, () => at(30 * SECOND, () => renew(1))); // after the tick at 30 s: seen at 35 s
    at(29_999, () => renew(2));
    expect(whenReady(sim, node(0), 'Unknown', 600 * SECOND)).toBe(85 * SECOND); // first tick past 30 s + 50 s
    expect(node(2).status.ready).toBe('Unknown');
    expect(node(1).status.ready).toBe('True');
    expect(whenReady(sim, node(1), 'Unknown', 600 * SECOND)).toBe(90 * SECOND);
    expect(whenReady(sim, node(3), 'Unknown', 600 * SECOND)).toBe(95 * SECOND);
    // A renewal does not make an Unknown node Ready (a status post does), but moves its probe time.
    at(100 * SECOND, () => renew(0));
    at(120 * SECOND, () => (post(0, 'False'), post(1, 'False')));
    at(141 * SECOND, () => renew(1));
    expect(whenReady(sim, node(0), 'False', 600 * SECOND)).toBe(120 * SECOND);
    expect(whenReady(sim, node(0), 'Unknown', 600 * SECOND)).toBe(175 * SECOND);
    expect(whenReady(sim, node(1), 'Unknown', 600 * SECOND)).toBe(200 * SECOND);
  });

  it('a stalled kubelet that resumes is Ready at once, untainted at the next tick, Unknown again 50 s after that', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('general', 2)] });
    world.start();
    const node = world.store.get('Node', '', 'general-0')!;
    const op = sim.define('test.op', (f: () => void) => f());
    const resumeAndStall = (): void => {
      world.kubelets.resume(0);
      expect(node.status.ready).toBe('True');
      world.kubelets.stall(0);
    };
    sim.run(100 * SECOND);
    world.kubelets.stall(0);
    sim.at(300 * SECOND, op, resumeAndStall); // before the tick at 300 s
    sim.run(300 * SECOND - 1);
    expect(node.status.ready).toBe('Unknown');
    expect(node.spec.taints.map((t) => t.effect)).toEqual(['NoSchedule', 'NoExecute']);
    expect(runUntil(sim, () => node.spec.taints.length === 0, 400 * SECOND)).toBe(300 * SECOND);
    expect(whenReady(sim, node, 'Unknown', 600 * SECOND)).toBe(355 * SECOND);
    sim.at(356 * SECOND, op, () => sim.at(360 * SECOND, op, resumeAndStall)); // after the tick at 360 s
    expect(whenReady(sim, node, 'True', 600 * SECOND)).toBe(360 * SECOND);
    expect(node.spec.taints).toContainEqual({ key: TAINT_UNREACHABLE, effect: 'NoSchedule', timeAdded: 355 * SECOND });
    expect(runUntil(sim, () => node.spec.taints.length === 0, 600 * SECOND)).toBe(365 * SECOND);
    expect(whenReady(sim, node, 'Unknown', 600 * SECOND)).toBe(420 * SECOND);
  });

  it('a node the autoscaler deletes leaves its zone counts at the next tick', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('a', 7, ['zone-a']), pool('b', 1, ['zone-b'])] });
    world.start();
    const op = sim.define('test.op', (f: () => void) => f());
    const remove = (name: string): void => world.cloud.deleteNode(world.store.get('Node', '', name)!);
    const state = (): string => world.nodeLifecycle.zoneState('zone-a');
    sim.run(60 * SECOND);
    for (const i of [4, 5, 6]) world.kubelets.stop(i);
    sim.run(200 * SECOND);
    expect(state()).toBe('Normal'); // 3 of 7 not ready
    sim.at(203 * SECOND, op, () => (remove('a-0'), remove('a-1'))); // 3 of 5: partial disruption
    sim.at(210 * SECOND, op, () => remove('a-2')); // before the tick at 210 s
    sim.at(210 * SECOND + 1, op, () => remove('a-3')); // the last ready node: full disruption
    expect(runUntil(sim, () => state() === 'PartialDisruption', 300 * SECOND)).toBe(205 * SECOND);
    sim.run(210 * SECOND);
    expect(state()).toBe('PartialDisruption');
    expect(runUntil(sim, () => state() === 'FullDisruption', 300 * SECOND)).toBe(215 * SECOND);
  });

  it('a node deleted while it waits in the NoExecute queue is skipped, and the queue goes on', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('a', 10, ['zone-a']), pool('b', 1, ['zone-b'])] });
    world.start();
    const op = sim.define('test.op', (f: () => void) => f());
    sim.run(60 * SECOND);
    const stopped = ['a-0', 'a-1', 'a-2', 'a-3']; // 4 of 10: the zone stays Normal
    for (const i of [0, 1, 2, 3]) world.kubelets.stop(i);
    const node = (name: string): NodeObject => world.store.get('Node', '', name)!;
    const noExecute = (name: string): boolean => node(name).spec.taints.some((t) => t.key === TAINT_UNREACHABLE && t.effect === 'NoExecute');
    // The queue (0.1 node/s) taints the first at once and the others 10 s apart.
    expect(runUntil(sim, () => stopped.some(noExecute), 300 * SECOND)).toBeDefined();
    const waiting = stopped.filter((name) => !noExecute(name));
    expect(waiting).toHaveLength(3);
    const deleted = waiting.slice(0, 2);
    sim.at(sim.now + 1, op, () => deleted.forEach((name) => world.cloud.deleteNode(node(name))));
    expect(() => sim.run(sim.now + 60 * SECOND)).not.toThrow();
    for (const name of deleted) expect(world.store.get('Node', '', name)).toBeUndefined();
    expect(noExecute(waiting[2]!)).toBe(true);
  });

  it('when every zone was down and one node is Ready again, every probe time is reset to now', () => {
    const { sim, node, at, post } = bareController(2);
    post(0, 'True');
    post(1, 'True');
    sim.run(60 * SECOND);
    expect(node(0).status.ready).toBe('Unknown'); // at 55 s: every zone fully disrupted
    at(100 * SECOND, () => post(0, 'False')); // probe 100 s, still fully disrupted
    at(131 * SECOND, () => post(1, 'True')); // tick at 135 s: ready again, probe times reset
    expect(whenReady(sim, node(0), 'False', 600 * SECOND)).toBe(100 * SECOND);
    expect(whenReady(sim, node(0), 'Unknown', 600 * SECOND)).toBe(190 * SECOND); // not 155 s
    expect(whenReady(sim, node(1), 'Unknown', 600 * SECOND)).toBe(190 * SECOND);
  });
});

/** A small deterministic generator for the test's schedule. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}
