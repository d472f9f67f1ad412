// The DaemonSet controller in small worlds: one pod per eligible node (nodes that join later
// included, tainted or unselected nodes excluded), pinned with node affinity and scheduled by the
// scheduler, tolerating the node-condition taints so that a dead node keeps its daemon pod.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import type { DaemonSetObject } from '../../../src/models/api/objects.js';
import { countByNode, crashNow, daemonSet, joinNode, node, ownedPods, settle, template } from '../integration-fixtures.js';
import { makeWorld, pool, runUntil } from '../world-fixtures.js';

type World = ReturnType<typeof makeWorld>['world'];
const taint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };
const live = (world: World, ds: DaemonSetObject) => ownedPods(world, ds).filter((p) => p.metadata.deletionTimestamp === undefined);

describe('DaemonSet placement', () => {
  it('one pod on every eligible node, none on a node with an untolerated NoSchedule taint', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3), pool('gpu', 1, ['zone-a'], { taints: [taint] })] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent'));
    sim.run(0);
    expect(countByNode(ownedPods(world, ds))).toEqual({ 'n-0': 1, 'n-1': 1, 'n-2': 1 });
    for (const p of ownedPods(world, ds)) {
      // Pinned to its node through node affinity on metadata.name, as the controller does since 1.12.
      const terms = p.spec.affinity!.nodeAffinity!.requiredDuringSchedulingIgnoredDuringExecution!.nodeSelectorTerms;
      expect(terms).toEqual([{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
      expect(p.spec.tolerations.filter((t) => t.effect === 'NoExecute').map((t) => [t.key, t.tolerationSeconds])).toEqual([
        ['node.kubernetes.io/not-ready', undefined],
        ['node.kubernetes.io/unreachable', undefined],
      ]);
    }
    expect(runUntil(sim, () => ds.status.numberReady === 3, 60 * SECOND)).toBe(6 * SECOND);
    expect(ds.status).toEqual({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3 });
  });

  it('a DaemonSet tolerating the taint runs there too', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2), pool('gpu', 1, ['zone-a'], { taints: [taint] })] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent', template({ app: 'agent' }, { tolerations: [{ key: 'dedicated', operator: 'Exists' }] })));
    sim.run(0);
    expect(countByNode(ownedPods(world, ds))).toEqual({ 'gpu-0': 1, 'n-0': 1, 'n-1': 1 });
  });

  it('a nodeSelector limits the DaemonSet to the matching nodes', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2), pool('edge', 2, ['zone-a'], { labels: { role: 'edge' } })] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent', template({ app: 'agent' }, { nodeSelector: { role: 'edge' } })));
    sim.run(0);
    expect(countByNode(ownedPods(world, ds))).toEqual({ 'edge-0': 1, 'edge-1': 1 });
    expect(ds.status.desiredNumberScheduled).toBe(2);
  });

  it('a node that joins later gets its pod at once, Ready 6 s later; a tainted one does not', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent'));
    sim.run(100 * SECOND);
    const tainted = { ...world.cloud.pools[0]!, name: 'gpu', taints: [taint] };
    joinNode(world, tainted);
    const fresh = joinNode(world, world.cloud.pools[0]!);
    settle(sim);
    expect(fresh.metadata.name).toBe('n-2');
    const pods = ownedPods(world, ds);
    expect(countByNode(pods)).toEqual({ 'n-0': 1, 'n-1': 1, 'n-2': 1 });
    const newPod = pods.find((p) => p.spec.nodeName === 'n-2')!;
    expect(newPod.metadata.creationTimestamp).toBe(100 * SECOND);
    expect(runUntil(sim, () => newPod.status.ready, 200 * SECOND)).toBe(106 * SECOND);
    settle(sim);
    expect(ds.status).toEqual({ desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 3 });
  });

  it('a deleted daemon pod is replaced on the same node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent'));
    sim.run(30 * SECOND);
    const victim = ownedPods(world, ds).find((p) => p.spec.nodeName === 'n-1')!;
    world.store.deleteGracefully('scenario', victim);
    settle(sim);
    const replacement = live(world, ds).find((p) => p.spec.nodeName === 'n-1')!;
    expect(replacement).not.toBe(victim);
    expect(replacement.metadata.creationTimestamp).toBe(30 * SECOND);
  });

  it('the taint eviction controller never evicts a daemon pod from a dead node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent'));
    sim.run(100 * SECOND);
    const onDead = ownedPods(world, ds).find((p) => p.spec.nodeName === 'n-0')!;
    const { evictedAt } = crashNow(world, 'n-0');
    sim.run(evictedAt + 3600 * SECOND);
    expect(node(world, 'n-0').spec.taints.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(world.taintEviction.evictions).toBe(0);
    expect(onDead.status.reason).toBeUndefined();
  });

  // Upstream a dead node's daemon pod stays: the unreachable:NoSchedule taint makes shouldRun
  // false but shouldContinueRunning true, since the pod tolerates unreachable:NoExecute (K
  // pkg/controller/daemon/daemon_controller.go NodeShouldRunDaemonPod, podsShouldBeOnNode).
  // podsim's shouldRun rejects the node for the NoSchedule taint and deletes the pod as soon as
  // the node goes Unknown (the pod-not-ready update runs the controller); the pod then sits
  // Terminating on the dead node.
  it('daemon pods are never deleted from a dead node (they tolerate unreachable forever)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent'));
    sim.run(100 * SECOND);
    const onDead = ownedPods(world, ds).find((p) => p.spec.nodeName === 'n-0')!;
    const { unknownAt, evictedAt } = crashNow(world, 'n-0');
    expect(runUntil(sim, () => !onDead.status.ready, evictedAt)).toBe(unknownAt);
    sim.run(evictedAt + 3600 * SECOND);
    expect(node(world, 'n-0').spec.taints.map((t) => `${t.key}:${t.effect}`)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(onDead.metadata.deletionTimestamp).toBeUndefined();
    expect(ownedPods(world, ds)).toHaveLength(3);
    expect(ds.status.numberReady).toBe(2); // marked not ready by the node lifecycle controller
  });
});

describe('DaemonSet and node changes', () => {
  // Upstream updateNode enqueues every DaemonSet whose shouldRun / shouldContinueRunning changes
  // for the node (K pkg/controller/daemon/daemon_controller.go updateNode); podsim's controller
  // ignores MODIFIED Node events, so a node that becomes eligible by a label change gets no pod
  // until something else (a DaemonSet or pod event) runs the controller.
  it('a node labelled to match the nodeSelector gets its pod at once', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent', template({ app: 'agent' }, { nodeSelector: { role: 'edge' } })));
    sim.run(10 * SECOND);
    expect(ownedPods(world, ds)).toEqual([]);
    const n1 = node(world, 'n-1');
    n1.metadata.labels = { ...n1.metadata.labels, role: 'edge' };
    world.store.update('scenario', n1);
    sim.run(20 * SECOND);
    expect(countByNode(ownedPods(world, ds))).toEqual({ 'n-1': 1 });
  });

  // Upstream NodeShouldRunDaemonPod returns (shouldRun=false, shouldContinueRunning=true) for a
  // node with an untolerated NoSchedule (not NoExecute) taint: no new daemon pod there, but the
  // running one stays (K pkg/controller/daemon/daemon_controller.go). podsim's shouldRun treats
  // NoSchedule like NoExecute and deletes the running pod at the next reconcile.
  it('a NoSchedule taint added to a node keeps its running daemon pod', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent'));
    sim.run(30 * SECOND);
    const onN1 = ownedPods(world, ds).find((p) => p.spec.nodeName === 'n-1')!;
    const n1 = node(world, 'n-1');
    n1.spec.taints = [...n1.spec.taints, taint];
    world.store.update('scenario', n1);
    world.store.update('scenario', ds); // make sure the controller runs
    sim.run(60 * SECOND);
    expect(onN1.metadata.deletionTimestamp).toBeUndefined();
    expect(ownedPods(world, ds)).toHaveLength(2);
  });

  // A Node object exists because its kubelet registered it; a node the cloud provider adds
  // (CloudProvider.createNode, as the cluster autoscaler will) should come with a running kubelet
  // that posts Ready and runs the pods bound to it. podsim starts kubelets only for the nodes of
  // World.start(): a later node never posts status (it goes Unknown after the 60 s startup grace
  // and gets the unreachable taints) and its pods never start. Tests here call
  // kubelets.restart(index) by hand (joinNode).
  it('a node created by the cloud provider after start runs its daemon pod', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const ds = world.store.create('scenario', daemonSet('agent'));
    sim.run(100 * SECOND);
    world.cloud.createNode(world.cloud.pools[0]!);
    sim.run(200 * SECOND);
    const newPod = ownedPods(world, ds).find((p) => p.spec.nodeName === 'n-1')!;
    expect(newPod.status.phase).toBe('Running');
    expect(node(world, 'n-1').status.ready).toBe('True');
  });
});
