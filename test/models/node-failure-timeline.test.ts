// Exact virtual times of a node failure, as Kubernetes' defaults give them: the kubelet stops
// renewing its lease → the node lifecycle controller marks the node Unknown after the 50 s grace
// (seen on its 5 s monitor ticks) and its pods not ready → unreachable taints → the taint
// eviction controller deletes the pod after its 300 s toleration → on repair the kubelet removes
// the terminating pod and the taints go.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../src/kernel/index.js';
import { TAINT_UNREACHABLE } from '../../src/models/api/taints.js';
import { barePod, makeWorld, pool, runUntil } from './world-fixtures.js';

describe('node failure timeline with Kubernetes defaults', () => {
  it('renew → Unknown → taint → eviction → repair, at exact virtual times', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('general', 2)] });
    world.start();
    const pod = world.store.create('scenario', barePod('web', 'general-0'));

    // Start-up: image pull 5 s, container start 1 s, no probe → Ready at 6 s.
    sim.run(10 * SECOND);
    expect(pod.status.phase).toBe('Running');
    expect(pod.status.ready).toBe(true);
    expect(pod.status.readyTransition).toBe(6 * SECOND);
    expect(world.kubelets.isServing(pod)).toBe(true);

    const crashAt = 100 * SECOND;
    sim.run(crashAt);
    world.kubelets.stop(0);
    expect(world.kubelets.isServing(pod)).toBe(false);
    expect(pod.status.ready).toBe(true); // the API does not know yet

    const lastRenew = world.leases.renewTime(0);
    expect(crashAt - lastRenew).toBeLessThan(10 * SECOND);
    // The controller saw the last renewal on its first 5 s tick at or after it.
    const probe = Math.ceil(lastRenew / (5 * SECOND)) * 5 * SECOND;
    const unknownAt = probe + 55 * SECOND; // first tick strictly after probe + 50 s
    const node = world.store.get('Node', '', 'general-0')!;

    const detected = runUntil(sim, () => node.status.ready === 'Unknown', 10 * 60 * SECOND);
    expect(detected).toBe(unknownAt);
    expect(node.status.readyTransition).toBe(unknownAt);
    sim.run(unknownAt); // the rest of that tick
    expect(pod.status.ready).toBe(false);
    expect(node.spec.taints).toContainEqual({ key: TAINT_UNREACHABLE, effect: 'NoSchedule', timeAdded: unknownAt });

    // NoExecute through the zone's rate-limited queue: the next 100 ms pass, token available.
    const tainted = runUntil(sim, () => node.spec.taints.some((t) => t.effect === 'NoExecute'), unknownAt + 10 * SECOND);
    expect(tainted).toBe(unknownAt + 100);

    // The default 300 s toleration for node.kubernetes.io/unreachable runs out.
    const evicted = runUntil(sim, () => pod.metadata.deletionTimestamp !== undefined, tainted + 400 * SECOND);
    expect(evicted).toBe(tainted + 300 * SECOND);
    sim.run(evicted + 60 * SECOND);
    expect(world.store.get('Pod', 'default', 'web')).toBe(pod); // stuck Terminating: the kubelet is gone

    // Repair: the kubelet posts Ready and removes the pod that was deleted meanwhile.
    const repairAt = 20 * 60 * SECOND;
    sim.run(repairAt);
    world.kubelets.restart(0);
    expect(node.status.ready).toBe('True');
    expect(world.store.get('Pod', 'default', 'web')).toBeUndefined();
    const cleared = runUntil(sim, () => node.spec.taints.length === 0, repairAt + 10 * SECOND);
    expect(cleared).toBe(repairAt + 5 * SECOND); // the next monitor tick (the one at repairAt already ran)
  });

  it('a node back before the grace period never goes Unknown and keeps its pods', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('general', 1)] });
    world.start();
    const pod = world.store.create('scenario', barePod('web', 'general-0'));
    sim.run(100 * SECOND);
    world.kubelets.stop(0);
    sim.run(130 * SECOND);
    world.kubelets.restart(0);
    sim.run(300 * SECOND);
    const node = world.store.get('Node', '', 'general-0')!;
    expect(node.status.ready).toBe('True');
    expect(node.spec.taints).toEqual([]);
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
    expect(pod.status.ready).toBe(true);
    expect(pod.status.readyTransition).toBe(130 * SECOND + 1 * SECOND); // container restart 1 s, image cached
  });

  it('rate-limits NoExecute taints to 0.1 node/s per zone', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('general', 6)] });
    world.start();
    sim.run(60 * SECOND);
    for (let i = 0; i < 2; i++) world.kubelets.stop(i);
    sim.run(10 * 60 * SECOND);
    const times = [0, 1].map((i) => world.store.get('Node', '', `general-${i}`)!.spec.taints.find((t) => t.effect === 'NoExecute')!.timeAdded!);
    expect(Math.abs(times[1]! - times[0]!)).toBeGreaterThanOrEqual(10 * SECOND);
  });

  it('stops evicting when every zone is fully disrupted', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('general', 2)] });
    world.start();
    sim.run(60 * SECOND);
    world.kubelets.stop(0);
    world.kubelets.stop(1);
    sim.run(10 * 60 * SECOND);
    expect(world.nodeLifecycle.zoneState('zone-a')).toBe('FullDisruption');
    for (const name of ['general-0', 'general-1']) {
      const node = world.store.get('Node', '', name)!;
      expect(node.status.ready).toBe('Unknown');
      expect(node.spec.taints.filter((t) => t.effect === 'NoExecute')).toEqual([]);
    }
  });
});

describe('a Deployment replica after its node dies', () => {
  it('is replaced the moment it is evicted and Ready on another node after pull and start', async () => {
    const { objectsFromManifests } = await import('../../src/scenario/objects-from-manifests.js');
    const [deployment] = objectsFromManifests([
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: 'web' } },
          template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1', resources: { requests: { cpu: 100, memory: 2 ** 27 } } }] } },
        },
      },
    ] as never);
    const { sim, world } = makeWorld({ nodePools: [pool('general', 2)], objects: [deployment!] });
    world.start();
    sim.run(60 * SECOND);
    const first = [...world.store.list('Pod')][0]!;
    expect(first.status.ready).toBe(true);
    const node = world.store.get('Node', '', first.spec.nodeName!)!;
    world.kubelets.stop(node.cloud.index);

    const evicted = runUntil(sim, () => first.metadata.deletionTimestamp !== undefined, 10 * 60 * SECOND);
    sim.run(evicted);
    const replacement = world.store.list('Pod').find((p) => p !== first)!;
    expect(replacement.metadata.creationTimestamp).toBe(evicted); // the ReplicaSet reacts at once
    expect(replacement.spec.nodeName).toBeDefined();
    expect(replacement.spec.nodeName).not.toBe(node.metadata.name); // the dead node is tainted
    const ready = runUntil(sim, () => replacement.status.ready, evicted + 60 * SECOND);
    expect(ready).toBe(evicted + 5 * SECOND + 1 * SECOND); // image pull (not cached there) + container start
  });
});
