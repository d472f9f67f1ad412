// Where the filters let pods go: node selector and required node affinity, taints and
// tolerations, required pod anti-affinity (hostname and zone), PodTopologySpread DoNotSchedule,
// and the system default spreading of a Deployment's replicas.
import { describe, expect, it } from 'vitest';
import { SECOND } from '../../../src/kernel/index.js';
import type { PodObject } from '../../../src/models/api/objects.js';
import type { ClusterConfig } from '../../../src/models/config.js';
import { countByNode, countByZone, deployment, isLive, ownedPods, podsLabelled, template } from '../integration-fixtures.js';
import { barePod, CONTROL_PLANE, makeWorld, pool } from '../world-fixtures.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOSTNAME = 'kubernetes.io/hostname';
const mostAllocated: ClusterConfig['controlPlane'] = { ...CONTROL_PLANE, scheduler: { ...CONTROL_PLANE.scheduler, scoringStrategy: 'MostAllocated' } };

function pod(name: string, edit: (p: PodObject) => void = () => {}): PodObject {
  const p = barePod(name);
  edit(p);
  return p;
}

describe('node selector and required node affinity', () => {
  it('nodeSelector keeps pods on the labelled pool', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('hdd', 2), pool('ssd', 2, ['zone-a'], { labels: { disktype: 'ssd' } })] });
    world.start();
    const pods = Array.from({ length: 6 }, (_, i) => world.store.create('scenario', pod(`p${i}`, (p) => (p.spec.nodeSelector = { disktype: 'ssd' }))));
    sim.run(0);
    expect(countByNode(pods)).toEqual({ 'ssd-0': 3, 'ssd-1': 3 });
  });

  it('a nodeSelector no node matches leaves the pod Pending with the node affinity/selector reason', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('hdd', 2), pool('ssd', 2, ['zone-a'], { labels: { disktype: 'ssd' } })] });
    world.start();
    const p = world.store.create('scenario', pod('nvme', (x) => (x.spec.nodeSelector = { disktype: 'nvme' })));
    sim.run(10 * SECOND);
    expect(p.spec.nodeName).toBeUndefined();
    expect(p.status.unschedulableReason).toBe("0/4 nodes are available: 4 node(s) didn't match Pod's node affinity/selector.");
  });

  it('required node affinity (zone In [zone-b]) places pods only in zone-b', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 6, ['zone-a', 'zone-b', 'zone-c'])] });
    world.start();
    const pods = Array.from({ length: 4 }, (_, i) =>
      world.store.create(
        'scenario',
        pod(`p${i}`, (p) => {
          p.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: ['zone-b'] }] }] } } };
        }),
      ),
    );
    sim.run(0);
    expect(countByZone(world, pods)).toEqual({ 'zone-b': 4 });
    expect(countByNode(pods)).toEqual({ 'n-1': 2, 'n-4': 2 });
  });

  it('required node affinity terms are ORed; NotIn excludes', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3, ['zone-a', 'zone-b', 'zone-c'])] });
    world.start();
    const p = world.store.create(
      'scenario',
      pod('p', (x) => {
        x.spec.affinity = {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: 'In', values: ['zone-x'] }] }, { matchExpressions: [{ key: ZONE, operator: 'NotIn', values: ['zone-a', 'zone-b'] }] }],
            },
          },
        };
      }),
    );
    sim.run(0);
    expect(p.spec.nodeName).toBe('n-2');
  });
});

describe('taints and tolerations', () => {
  const gpuTaint = { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' as const };

  it('a NoSchedule taint keeps pods without a toleration off the node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('general', 1), pool('gpu', 2, ['zone-a'], { taints: [gpuTaint] })] });
    world.start();
    const pods = Array.from({ length: 5 }, (_, i) => world.store.create('scenario', pod(`p${i}`)));
    sim.run(0);
    expect(countByNode(pods)).toEqual({ 'general-0': 5 });
  });

  it('tolerating pods may use the tainted nodes (LeastAllocated spreads them there)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('general', 1), pool('gpu', 2, ['zone-a'], { taints: [gpuTaint] })] });
    world.start();
    const pods = Array.from({ length: 6 }, (_, i) =>
      world.store.create('scenario', pod(`p${i}`, (p) => p.spec.tolerations.push({ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }))),
    );
    sim.run(0);
    expect(countByNode(pods)).toEqual({ 'general-0': 2, 'gpu-0': 2, 'gpu-1': 2 });
  });

  it('an untolerated taint is the reason when nothing else fits', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('gpu', 2, ['zone-a'], { taints: [gpuTaint] })] });
    world.start();
    const p = world.store.create('scenario', pod('p'));
    sim.run(10 * SECOND);
    expect(p.status.unschedulableReason).toBe('0/2 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}.');
  });

  it('a toleration with the wrong value does not tolerate; Exists does', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('gpu', 1, ['zone-a'], { taints: [gpuTaint] })] });
    world.start();
    const wrong = world.store.create('scenario', pod('wrong', (p) => p.spec.tolerations.push({ key: 'dedicated', operator: 'Equal', value: 'tpu', effect: 'NoSchedule' })));
    const exists = world.store.create('scenario', pod('exists', (p) => p.spec.tolerations.push({ key: 'dedicated', operator: 'Exists' })));
    sim.run(0);
    expect(wrong.spec.nodeName).toBeUndefined();
    expect(exists.spec.nodeName).toBe('gpu-0');
  });

  it('a PreferNoSchedule taint is avoided while untainted room remains, then used', () => {
    const small = { cpu: 1000, memory: 16 * 2 ** 30, pods: 110 };
    const { sim, world } = makeWorld({
      nodePools: [pool('plain', 1, ['zone-a'], { capacity: small, allocatable: small }), pool('spot', 2, ['zone-a'], { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] })],
    });
    world.start();
    // Each pod takes 400m: two fit on plain-0 (1000m); it is the emptiest node by far for the
    // first pod, yet TaintToleration (weight 3) outweighs LeastAllocated.
    const pods: PodObject[] = [];
    for (let i = 0; i < 3; i++) {
      pods.push(world.store.create('scenario', barePod(`p${i}`, undefined, [{ name: 'app', image: 'app:1', requests: { cpu: 400, memory: 2 ** 27 }, limits: {} }])));
      sim.run(sim.now);
    }
    expect(pods[0]!.spec.nodeName).toBe('plain-0');
    expect(pods[1]!.spec.nodeName).toBe('plain-0');
    expect(pods[2]!.spec.nodeName).toMatch(/^spot-/);
  });

  it('a pod tolerating PreferNoSchedule sees no difference', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('spot', 2, ['zone-a'], { taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' }] }), pool('plain', 2)] });
    world.start();
    const pods = Array.from({ length: 8 }, (_, i) => world.store.create('scenario', pod(`p${i}`, (p) => p.spec.tolerations.push({ key: 'spot', operator: 'Exists', effect: 'PreferNoSchedule' }))));
    sim.run(0);
    expect(countByNode(pods)).toEqual({ 'plain-0': 2, 'plain-1': 2, 'spot-0': 2, 'spot-1': 2 });
  });
});

describe('required pod anti-affinity', () => {
  const antiAffinity = (topologyKey: string) => ({
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey }] },
  });

  it('on hostname: three replicas on three nodes, the fourth stays Pending', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 3)] });
    world.start();
    const d = world.store.create('scenario', deployment('web', 4, template({ app: 'web' }, { affinity: antiAffinity(HOSTNAME) })));
    sim.run(30 * SECOND);
    const pods = podsLabelled(world, { app: 'web' });
    expect(pods).toHaveLength(4);
    expect(countByNode(pods)).toEqual({ 'n-0': 1, 'n-1': 1, 'n-2': 1 });
    const pending = pods.filter((p) => p.spec.nodeName === undefined);
    expect(pending).toHaveLength(1);
    // InterPodAffinity checks the incoming pod's anti-affinity before the existing pods' (upstream
    // filtering.go), so a self-anti-affine replica gets this reason, not the existing-pods one.
    expect(pending[0]!.status.unschedulableReason).toBe("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.");
    expect(d.status.readyReplicas).toBe(3);
  });

  it('on zone: one replica per zone over six nodes in three zones', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 6, ['zone-a', 'zone-b', 'zone-c'])] });
    world.start();
    world.store.create('scenario', deployment('web', 4, template({ app: 'web' }, { affinity: antiAffinity(ZONE) })));
    sim.run(30 * SECOND);
    const pods = podsLabelled(world, { app: 'web' });
    expect(countByZone(world, pods)).toEqual({ 'zone-a': 1, 'zone-b': 1, 'zone-c': 1 });
    const pending = pods.filter((p) => p.spec.nodeName === undefined);
    expect(pending).toHaveLength(1);
    expect(pending[0]!.status.unschedulableReason).toBe("0/6 nodes are available: 6 node(s) didn't match pod anti-affinity rules.");
  });

  it("an existing pod's anti-affinity keeps a matching pod (without terms of its own) away", () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2)] });
    world.start();
    const guard = world.store.create(
      'scenario',
      pod('guard', (p) => (p.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { role: 'noisy' } }, topologyKey: HOSTNAME }] } })),
    );
    sim.run(0);
    const noisy = Array.from({ length: 3 }, (_, i) => world.store.create('scenario', pod(`noisy${i}`, (p) => (p.metadata.labels.role = 'noisy'))));
    sim.run(0);
    const other = guard.spec.nodeName === 'n-0' ? 'n-1' : 'n-0';
    expect(noisy.map((p) => p.spec.nodeName)).toEqual([other, other, other]);
  });

  it("an existing pod's anti-affinity gives its own message when it blocks every node", () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    world.store.create(
      'scenario',
      pod('guard', (p) => (p.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { role: 'noisy' } }, topologyKey: HOSTNAME }] } })),
    );
    sim.run(0);
    const noisy = world.store.create('scenario', pod('noisy', (p) => (p.metadata.labels.role = 'noisy')));
    sim.run(0);
    expect(noisy.status.unschedulableReason).toBe("0/1 nodes are available: 1 node(s) didn't satisfy existing pods anti-affinity rules.");
  });
});

describe('PodTopologySpread DoNotSchedule, maxSkew 1 over zones', () => {
  const spread = [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'web' } } }];

  it('seven replicas over three zones split 3/2/2, even under MostAllocated', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 6, ['zone-a', 'zone-b', 'zone-c'])], controlPlane: mostAllocated });
    world.start();
    world.store.create('scenario', deployment('web', 7, template({ app: 'web' }, { topologySpreadConstraints: spread })));
    sim.run(30 * SECOND);
    const pods = podsLabelled(world, { app: 'web' });
    expect(pods.every((p) => p.spec.nodeName !== undefined)).toBe(true);
    expect(Object.values(countByZone(world, pods)).sort()).toEqual([2, 2, 3]);
  });

  it('every placement keeps the skew at most 1 as pods arrive one by one', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 6, ['zone-a', 'zone-b', 'zone-c'])], controlPlane: mostAllocated });
    world.start();
    for (let i = 0; i < 9; i++) {
      world.store.create('scenario', pod(`w${i}`, (p) => {
        p.metadata.labels = { app: 'web' };
        p.spec.topologySpreadConstraints = spread;
      }));
      sim.run(sim.now);
      const counts = countByZone(world, podsLabelled(world, { app: 'web' }));
      const values = ['zone-a', 'zone-b', 'zone-c'].map((z) => counts[z] ?? 0);
      expect(Math.max(...values) - Math.min(...values)).toBeLessThanOrEqual(1);
    }
  });

  it('a tainted zone still counts as a domain (nodeTaintsPolicy Ignore): the third replica stays Pending', () => {
    const { sim, world } = makeWorld({
      nodePools: [pool('n', 2, ['zone-a', 'zone-b']), pool('c', 1, ['zone-c'], { taints: [{ key: 'maintenance', value: 'true', effect: 'NoSchedule' }] })],
    });
    world.start();
    world.store.create('scenario', deployment('web', 3, template({ app: 'web' }, { topologySpreadConstraints: spread })));
    sim.run(30 * SECOND);
    const pods = podsLabelled(world, { app: 'web' });
    expect(countByZone(world, pods)).toEqual({ 'zone-a': 1, 'zone-b': 1 });
    const pending = pods.filter((p) => p.spec.nodeName === undefined);
    expect(pending).toHaveLength(1);
    // Reasons are sorted as "<count> <reason>" strings, as upstream's FitError does.
    expect(pending[0]!.status.unschedulableReason).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {maintenance: true}, 2 node(s) didn't match pod topology spread constraints.",
    );
  });

  it('nodes excluded by the pod\'s node selector are not domains (nodeAffinityPolicy Honor)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 2, ['zone-a', 'zone-b']), pool('c', 1, ['zone-c'], { labels: { reserved: 'true' } })] });
    world.start();
    world.store.create(
      'scenario',
      deployment(
        'web',
        4,
        template({ app: 'web' }, { topologySpreadConstraints: spread, affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'reserved', operator: 'DoesNotExist' }] }] } } } }),
      ),
    );
    sim.run(30 * SECOND);
    expect(countByZone(world, podsLabelled(world, { app: 'web' }))).toEqual({ 'zone-a': 2, 'zone-b': 2 });
  });
});

describe('system default spreading (PodTopologySpread defaults)', () => {
  it("spreads a Deployment's replicas one per node and two per zone even under MostAllocated", () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 6, ['zone-a', 'zone-b', 'zone-c'])], controlPlane: mostAllocated });
    world.start();
    const d = world.store.create('scenario', deployment('web', 6));
    sim.run(30 * SECOND);
    const rs = world.store.list('ReplicaSet')[0]!;
    const pods = ownedPods(world, rs).filter(isLive);
    expect(pods).toHaveLength(6);
    expect(Object.values(countByNode(pods))).toEqual([1, 1, 1, 1, 1, 1]);
    expect(countByZone(world, pods)).toEqual({ 'zone-a': 2, 'zone-b': 2, 'zone-c': 2 });
    expect(d.status.readyReplicas).toBe(6);
  });

  it('bare pods (no owner, no Service) get no default spreading: MostAllocated packs them', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 6, ['zone-a', 'zone-b', 'zone-c'])], controlPlane: mostAllocated });
    world.start();
    const pods = Array.from({ length: 6 }, (_, i) => world.store.create('scenario', pod(`p${i}`, (p) => (p.metadata.labels = { app: 'web' }))));
    sim.run(0);
    expect(Object.values(countByNode(pods))).toEqual([6]);
  });

  it('nine replicas over six nodes in three zones: three per zone, at most two per node', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 6, ['zone-a', 'zone-b', 'zone-c'])], controlPlane: mostAllocated });
    world.start();
    world.store.create('scenario', deployment('web', 9));
    sim.run(30 * SECOND);
    const pods = podsLabelled(world, { app: 'web' });
    expect(countByZone(world, pods)).toEqual({ 'zone-a': 3, 'zone-b': 3, 'zone-c': 3 });
    expect(Math.max(...Object.values(countByNode(pods)))).toBe(2);
  });
});
