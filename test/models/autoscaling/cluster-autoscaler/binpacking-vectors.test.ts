// Binpacking estimator against the upstream vectors (test/fixtures/upstream/vectors/ca_binpacking_estimator.json)
// and further cases transcribed from kubernetes/autoscaler cluster-autoscaler/estimator/binpacking_estimator_test.go
// (TestBinpackingEstimate, TestBinpackingEstimatePlacementOnAddedNodes, TestDetermineBestPodEquivalenceGroupToFastpath).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  determineBestPEGToFastpath,
  estimate,
  HOSTNAME_LABEL,
  ZONE_LABEL,
  type EstimateInput,
  type NodeShape,
  type PodGroup,
  type PodShape,
  type SnapshotNode,
} from '../../../../src/models/autoscaling/cluster-autoscaler/binpacking-estimator.js';

const MiB = 1024 * 1024;
const vectors = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '../../../fixtures/upstream/vectors/ca_binpacking_estimator.json'), 'utf8'),
) as any[];

function vectorPod(pod: any): PodShape {
  const spread = pod.topologySpreadConstraint;
  return {
    name: pod.name,
    namespace: pod.namespace,
    labels: pod.labels,
    cpuMilli: pod.requests.cpuMilli,
    memoryBytes: pod.requests.memoryBytes,
    hostPorts: pod.hostPort === undefined ? undefined : [pod.hostPort],
    topologySpreadConstraints:
      spread === undefined
        ? undefined
        : [
            {
              maxSkew: spread.maxSkew,
              topologyKey: spread.topologyKey,
              minDomains: spread.minDomains,
              whenUnsatisfiable: spread.whenUnsatisfiable,
              labelSelector: spread.labelSelector,
            },
          ],
  };
}

function vectorNode(node: any): NodeShape {
  return { name: node.name, labels: node.labels, allocatable: node.allocatable };
}

function vectorInput(tc: any, fastpath: boolean): EstimateInput {
  return {
    template: vectorNode(tc.nodeTemplate),
    existingNodes: tc.existingNodesInSnapshot.map((n: any): SnapshotNode => ({ node: vectorNode(n), pods: [] })),
    groups: tc.podEquivalenceGroups.map((g: any): PodGroup => ({ exemplar: vectorPod(g.pod), count: g.count })),
    maxNodes: tc.maxNodes,
    fastpath,
  };
}

describe('ca_binpacking_estimator.json: Estimate', () => {
  for (const tc of vectors.filter((v) => v.function === undefined)) {
    it(tc.name, () => {
      const result = estimate(vectorInput(tc, false));
      expect(result.nodeCount).toBe(tc.expected.nodeCount);
      expect(result.scheduledPods.length).toBe(tc.expected.scheduledPodCount);
      if (tc.name === 'decreasing ordered pods are processed first') {
        // The 10 pods of the 500m group (the second group), in order.
        expect(result.scheduledPods).toEqual(Array.from({ length: 10 }, (_, index) => ({ group: 1, index })));
      }
      if (tc.podEquivalenceGroups.length === 1) {
        // Upstream: single-group estimations agree with and without the fast path.
        const fast = estimate(vectorInput(tc, true));
        expect(fast.nodeCount).toBe(result.nodeCount);
        expect(fast.scheduledPods).toEqual(result.scheduledPods);
      }
    });
  }
});

describe('ca_binpacking_estimator.json: determineBestPEGToFastpath', () => {
  for (const tc of vectors.filter((v) => v.function === 'determineBestPEGToFastpath')) {
    it(tc.name, () => {
      const template: NodeShape = { name: 'oldnode', allocatable: tc.nodeTemplate.allocatable };
      const groups: PodGroup[] = tc.podEquivalenceGroups.map((g: any) => ({
        count: g.count,
        exemplar: {
          cpuMilli: g.noContainers === true ? 0 : g.cpuMilli,
          memoryBytes: g.noContainers === true ? 0 : g.memoryBytes,
          topologySpreadConstraints: g.topologySpread === undefined ? undefined : [{ maxSkew: g.topologySpread.maxSkew, topologyKey: g.topologySpread.topologyKey, minDomains: 1 }],
        },
      }));
      expect(determineBestPEGToFastpath(groups, template)).toBe(tc.expected.bestGroupIndex);
    });
  }
});

// ------------------------------------------------------------------------------------------------
// Transcribed from binpacking_estimator_test.go (upstream helpers: makeNode(cpu, memMiB, pods, name, zone),
// BuildTestPod(name, cpuMilli, memBytes), an "oldnode" of 100m / 100 MiB in zone-jupiter in every snapshot).

function makeNode(cpuMilli: number, memoryMiB: number, pods: number, name: string, zone: string): NodeShape {
  return { name, labels: { [HOSTNAME_LABEL]: name, [ZONE_LABEL]: zone }, allocatable: { cpuMilli, memoryBytes: memoryMiB * MiB, pods } };
}
const oldnode: SnapshotNode = { node: makeNode(100, 100, 10, 'oldnode', 'zone-jupiter'), pods: [] };

function estimatee(cpuMilli: number, memoryBytes: number, extra: Partial<PodShape> = {}): PodShape {
  return { name: 'estimatee', namespace: 'universe', labels: { app: 'estimatee' }, cpuMilli, memoryBytes, ...extra };
}
function maxSkew(skew: number, topologyKey: string, minDomains: number): Partial<PodShape> {
  return { topologySpreadConstraints: [{ maxSkew: skew, topologyKey, minDomains, labelSelector: { matchLabels: { app: 'estimatee' } } }] };
}

describe('TestBinpackingEstimate (further upstream cases)', () => {
  const cases: Array<{ name: string; cpu: number; memMiB: number; maxNodes?: number; groups: PodGroup[]; nodes: number; pods: number }> = [
    { name: 'simple resource-based binpacking', cpu: 350 * 3 - 50, memMiB: 2 * 1000, groups: [{ exemplar: estimatee(350, 1000), count: 10 }], nodes: 5, pods: 10 },
    { name: 'pods-per-node bound binpacking', cpu: 10000, memMiB: 20000, groups: [{ exemplar: estimatee(10, 100), count: 20 }], nodes: 2, pods: 20 },
    { name: 'hostport conflict forces pod-per-node', cpu: 1000, memMiB: 5000, groups: [{ exemplar: estimatee(200, 1000, { hostPorts: [5555] }), count: 8 }], nodes: 8, pods: 8 },
    { name: 'limiter cuts binpacking', cpu: 1000, memMiB: 5000, maxNodes: 5, groups: [{ exemplar: estimatee(500, 1000), count: 20 }], nodes: 5, pods: 10 },
    {
      name: 'decreasing ordered pods are processed first',
      cpu: 1000,
      memMiB: 5000,
      maxNodes: 5,
      groups: [
        { exemplar: estimatee(50, 1000), count: 10 },
        { exemplar: estimatee(500, 1000), count: 10 },
      ],
      nodes: 5,
      pods: 10,
    },
    {
      name: 'hostname topology spreading with maxSkew=2 forces 2 pods/node',
      cpu: 1000,
      memMiB: 5000,
      groups: [{ exemplar: estimatee(200, 200, maxSkew(2, HOSTNAME_LABEL, 1)), count: 8 }],
      nodes: 4,
      pods: 8,
    },
    {
      name: 'zonal topology spreading with maxSkew=2 only allows 2 pods to schedule',
      cpu: 1000,
      memMiB: 5000,
      groups: [{ exemplar: estimatee(20, 100, maxSkew(2, ZONE_LABEL, 1)), count: 8 }],
      nodes: 1,
      pods: 2,
    },
    {
      name: 'hostname topology spreading with maxSkew=1 with a large scaleup handles scheduling pods retroactively',
      cpu: 1000,
      memMiB: 5000,
      groups: [{ exemplar: estimatee(20, 100, maxSkew(1, HOSTNAME_LABEL, 3)), count: 12 }],
      nodes: 3,
      pods: 12,
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const input: EstimateInput = { template: makeNode(tc.cpu, tc.memMiB, 10, 'template', 'zone-mars'), existingNodes: [oldnode], groups: tc.groups, maxNodes: tc.maxNodes ?? 0 };
      const result = estimate(input);
      expect(result.nodeCount).toBe(tc.nodes);
      expect(result.scheduledPods.length).toBe(tc.pods);
      if (tc.groups.length === 1) {
        const fast = estimate({ ...input, fastpath: true });
        expect(fast.nodeCount).toBe(result.nodeCount);
        expect(fast.scheduledPods).toEqual(result.scheduledPods);
      }
    });
  }
});

describe('TestBinpackingEstimatePlacementOnAddedNodes (upstream)', () => {
  const pods = (name: string, cpuMilli: number, count: number, extra: Partial<PodShape> = {}): PodGroup => ({
    exemplar: { name, namespace: 'universe', labels: { app: name }, cpuMilli, memoryBytes: 100, ...extra },
    count,
  });
  const zonal = (name: string, cpuMilli: number, count: number): PodGroup =>
    pods(name, cpuMilli, count, { podAntiAffinity: [{ topologyKey: ZONE_LABEL, labelSelector: { matchLabels: { app: name } } }] });
  const added = (i: number): string => `template-e-${i}`;
  const cases: Array<{ name: string; groups: PodGroup[]; fastpath?: boolean; maxNodes?: number; nodes: number; podCount: number; perNode: Record<string, number> }> = [
    {
      name: 'pods from later groups go to the last node while it has room',
      groups: [pods('big', 600, 2), pods('a', 150, 1), pods('b', 120, 1), pods('c', 100, 1)],
      nodes: 2,
      podCount: 5,
      perNode: { [added(0)]: 1, [added(1)]: 4 },
    },
    {
      name: 'pods go to an earlier node when the last node is full',
      groups: [pods('big', 600, 2), pods('medium', 400, 1), pods('small', 300, 1)],
      nodes: 2,
      podCount: 4,
      perNode: { [added(0)]: 2, [added(1)]: 2 },
    },
    {
      name: 'pods go to an earlier node when the last node has a host port conflict',
      groups: [pods('big', 600, 2), pods('hostport', 200, 2, { hostPorts: [5555] })],
      nodes: 2,
      podCount: 4,
      perNode: { [added(0)]: 2, [added(1)]: 2 },
    },
    {
      name: 'pods go to an earlier node when the last node fails hostname anti-affinity',
      groups: [pods('big', 600, 2), pods('spread', 200, 2, { podAntiAffinity: [{ topologyKey: HOSTNAME_LABEL, labelSelector: { matchLabels: { app: 'spread' } } }] })],
      nodes: 2,
      podCount: 4,
      perNode: { [added(0)]: 2, [added(1)]: 2 },
    },
    {
      name: "empty last node doesn't take pods that fit on a node with pods",
      groups: [zonal('zonal', 600, 2), pods('small', 300, 1)],
      nodes: 1,
      podCount: 2,
      perNode: { [added(0)]: 2, [added(1)]: 0 },
    },
    {
      name: "empty last node is used when pods don't fit on any node with pods",
      groups: [zonal('zonal', 600, 2), pods('medium', 500, 1)],
      nodes: 2,
      podCount: 2,
      perNode: { [added(0)]: 1, [added(1)]: 1 },
    },
    {
      name: 'fastpath reuses an empty last node',
      groups: [zonal('zonal', 600, 2), pods('small', 300, 1), pods('many', 100, 30)],
      fastpath: true,
      nodes: 4,
      podCount: 32,
      perNode: { [added(0)]: 3, [added(1)]: 10 },
    },
    {
      name: 'fastpath reuses an empty last node without using up the node limit',
      groups: [zonal('zonal', 600, 2), pods('small', 300, 1), pods('many', 100, 30)],
      fastpath: true,
      maxNodes: 4,
      nodes: 4,
      podCount: 32,
      perNode: { [added(0)]: 3, [added(1)]: 10 },
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const result = estimate({
        template: makeNode(1000, 1000, 10, 'template', 'zone-mars'),
        existingNodes: [oldnode],
        groups: tc.groups,
        fastpath: tc.fastpath ?? false,
        maxNodes: tc.maxNodes ?? 0,
      });
      expect(result.nodeCount).toBe(tc.nodes);
      expect(result.scheduledPods.length).toBe(tc.podCount);
      // Upstream counts pods on the nodes in the snapshot (added nodes, not the fast-path ones).
      const perNode = Object.fromEntries(result.placements.filter((p) => p.kind === 'new').map((p) => [p.nodeName, p.pods.length]));
      expect(perNode).toEqual(tc.perNode);
    });
  }
});

describe('TestDetermineBestPodEquivalenceGroupToFastpath (further upstream cases)', () => {
  const template = makeNode(100, 100, 10, 'oldnode', 'zone-jupiter');
  const g = (cpuMilli: number, memoryBytes: number, count: number, extra: Partial<PodShape> = {}): PodGroup => ({ exemplar: { cpuMilli, memoryBytes, ...extra }, count });
  const cases: Array<{ name: string; groups: PodGroup[]; best: number }> = [
    { name: 'both groups 2 nodes, take group with more pods', groups: [g(30, 5, 5), g(50, 6, 3)], best: 0 },
    { name: 'take group with largest score, even if it has less pods', groups: [g(30, 5, 6), g(90, 90, 5)], best: 1 },
    { name: 'take group with largest score, even if it has less nodes', groups: [g(15, 5, 10), g(90, 90, 5)], best: 0 },
    { name: 'equal score default to last group', groups: [g(80, 80, 3), g(70, 70, 3), g(50, 5, 4)], best: 2 },
    {
      name: 'no fastpath supporting pod groups',
      groups: [g(5, 5, 10, maxSkew(2, HOSTNAME_LABEL, 1)), g(8, 8, 3, maxSkew(2, HOSTNAME_LABEL, 1))],
      best: -1,
    },
    { name: 'no resource requests defaults to last group, still valid fastpath group', groups: [g(0, 0, 2), g(0, 0, 4)], best: 1 },
    { name: 'groups with only 1 node have the lowest score', groups: [g(60, 60, 2), g(1, 5, 100)], best: 0 },
  ];
  for (const tc of cases) {
    it(tc.name, () => expect(determineBestPEGToFastpath(tc.groups, template)).toBe(tc.best));
  }

  it('hostname anti-affinity matching the pod itself needs one node per pod', () => {
    const anti = { labels: { app: 'x' }, podAntiAffinity: [{ topologyKey: HOSTNAME_LABEL, labelSelector: { matchLabels: { app: 'x' } } }] };
    // 4 pods, 1 node by resources but 4 by anti-affinity: saves 4 - 4/4 = 3 > 10 - 10/1 = 0.
    expect(determineBestPEGToFastpath([g(1, 1, 4, anti), g(1, 1, 10)], template)).toBe(0);
    // Zonal anti-affinity disqualifies the group.
    const zonal = { labels: { app: 'x' }, podAntiAffinity: [{ topologyKey: ZONE_LABEL, labelSelector: { matchLabels: { app: 'x' } } }] };
    expect(determineBestPEGToFastpath([g(50, 1, 4, zonal)], template)).toBe(-1);
  });
});

describe('estimate: limiter and edge cases', () => {
  const template = makeNode(1000, 1000, 10, 'template', 'zone-mars');
  it('a pod that does not fit an empty template node adds one empty node and stops', () => {
    const result = estimate({ template, groups: [{ exemplar: { cpuMilli: 2000, memoryBytes: 1 }, count: 3 }] });
    expect(result.nodeCount).toBe(0);
    expect(result.scheduledPods).toEqual([]);
    expect(result.placements).toEqual([{ nodeName: 'template-e-0', kind: 'new', pods: [] }]);
  });
  it('maxNodes counts fast-path nodes too', () => {
    const groups = [{ exemplar: { cpuMilli: 100, memoryBytes: 1 }, count: 35 }];
    expect(estimate({ template, groups, fastpath: true }).nodeCount).toBe(4);
    const limited = estimate({ template, groups, fastpath: true, maxNodes: 2 });
    expect(limited.nodeCount).toBe(2);
    expect(limited.scheduledPods.length).toBe(20);
    expect(estimate({ template, groups, maxNodes: 2 }).scheduledPods.length).toBe(20);
  });
  it('a custom predicate replaces the default filters', () => {
    const result = estimate({ template, groups: [{ exemplar: { cpuMilli: 1, memoryBytes: 1 }, count: 6 }], fits: (_pod, node) => node.pods.length < 3 });
    expect(result.nodeCount).toBe(2);
  });
});
