// NodeResourcesFit strategies (LeastAllocated, MostAllocated, RequestedToCapacityRatio) and
// NodeResourcesBalancedAllocation against the upstream test vectors, plus further cases transcribed
// from the same upstream tables (kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/
// {least_allocated,most_allocated,balanced_allocation,requested_to_capacity_ratio}_test.go).
// A small adapter turns a case into per-node ScoredResources: requests are summed over the node's
// existing pods and the incoming pod with podRequestsForScoring.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  balancedAllocationScore,
  brokenLinearFunction,
  isBestEffortForScoring,
  leastAllocatedScore,
  mostAllocatedScore,
  podRequestsForScoring,
  requestedToCapacityRatioScore,
  scoredResourcesForNode,
} from '../../../src/models/scheduler/algorithms/resource-scoring.js';
import type { ResourceSpec, ShapePoint } from '../../../src/models/scheduler/algorithms/resource-scoring.js';

type Strategy = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio' | 'BalancedAllocation';

interface VectorPod {
  nodeName?: string;
  containers: Array<{ requests: Record<string, number> }>;
}

interface ResourceCase {
  name: string;
  source?: string;
  strategy: Strategy;
  scoringResources: ResourceSpec[];
  shape?: ShapePoint[];
  useNonZeroRequestsForCpuMemory: boolean;
  nodes: Array<{ name: string; allocatable: Record<string, number> }>;
  existingPods: VectorPod[];
  incomingPod: VectorPod;
  expected: Array<{ node: string; score: number }>;
}

interface BrokenLinearCase {
  name: string;
  points: ShapePoint[];
  assertions: Array<{ input: number; expected: number }>;
}

function loadVectors<T>(file: string): T {
  return JSON.parse(readFileSync(new URL(`../../fixtures/upstream/vectors/${file}`, import.meta.url), 'utf8')) as T;
}

/** Vector field names → resource names (cpuMilli → cpu in millicores, memoryBytes → memory). */
function toResourceNames(values: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(values)) {
    if (key === 'cpuMilli') out['cpu'] = value;
    else if (key === 'memoryBytes') out['memory'] = value;
    else out[key] = value;
  }
  return out;
}

function podRequests(pod: VectorPod, nonZero: boolean): Record<string, number> {
  return podRequestsForScoring({ containers: pod.containers.map((c) => ({ requests: toResourceNames(c.requests) })) }, nonZero);
}

/** Scores every node of a case; null when the plugin skips the pod (BalancedAllocation, best effort). */
function scoreCase(c: ResourceCase): Array<{ node: string; score: number }> | null {
  const nonZero = c.useNonZeroRequestsForCpuMemory;
  const incoming = podRequests(c.incomingPod, nonZero);
  if (c.strategy === 'BalancedAllocation' && isBestEffortForScoring(incoming, c.scoringResources)) return null;
  return c.nodes.map((node) => {
    const nodeRequested: Record<string, number> = {};
    for (const pod of c.existingPods) {
      if (pod.nodeName !== node.name) continue;
      for (const [name, value] of Object.entries(podRequests(pod, nonZero))) nodeRequested[name] = (nodeRequested[name] ?? 0) + value;
    }
    const resources = scoredResourcesForNode(c.scoringResources, toResourceNames(node.allocatable), nodeRequested, incoming);
    let score: number;
    switch (c.strategy) {
      case 'LeastAllocated':
        score = leastAllocatedScore(resources);
        break;
      case 'MostAllocated':
        score = mostAllocatedScore(resources);
        break;
      case 'RequestedToCapacityRatio':
        score = requestedToCapacityRatioScore(resources, c.shape ?? []);
        break;
      case 'BalancedAllocation':
        score = balancedAllocationScore(resources);
        break;
    }
    return { node: node.name, score };
  });
}

const cpuMem: ResourceSpec[] = [
  { name: 'cpu', weight: 1 },
  { name: 'memory', weight: 1 },
];
const withXyz: ResourceSpec[] = [...cpuMem, { name: 'abc.com/xyz', weight: 1 }];
const cores = (n: number): number => n * 1000;
const node = (name: string, allocatable: Record<string, number>) => ({ name, allocatable });
const pod = (nodeName: string | undefined, ...containers: Array<Record<string, number>>): VectorPod => ({
  ...(nodeName ? { nodeName } : {}),
  containers: containers.map((requests) => ({ requests })),
});
const scores = (...values: number[]) => values.map((score, i) => ({ node: `node${i + 1}`, score }));
const fitTwoContainers = pod(undefined, { cpuMilli: cores(1000), memoryBytes: 2000 }, { cpuMilli: cores(2000), memoryBytes: 3000 });

describe('scheduler_noderesources_scores.json', () => {
  const cases = loadVectors<ResourceCase[]>('scheduler_noderesources_scores.json');
  it.each(cases.map((c) => [`${c.strategy}: ${c.name}`, c] as const))('%s', (_label, c) => {
    expect(scoreCase(c)).toEqual(c.expected);
  });
});

describe('scheduler_broken_linear_function.json', () => {
  const cases = loadVectors<BrokenLinearCase[]>('scheduler_broken_linear_function.json');
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_label, c) => {
    const f = brokenLinearFunction(c.points);
    for (const a of c.assertions) expect(f(a.input), `f(${a.input})`).toBe(a.expected);
  });

  it('requested_to_capacity_ratio_test.go TestBrokenLinearFunction: points=[(0, 2), (40, 10), (100, 0)]', () => {
    const f = brokenLinearFunction([
      { utilization: 0, score: 2 },
      { utilization: 40, score: 10 },
      { utilization: 100, score: 0 },
    ]);
    const assertions: Array<[number, number]> = [[-10, 2], [0, 2], [20, 6], [30, 8], [40, 10], [70, 5], [100, 0], [110, 0]];
    for (const [input, expected] of assertions) expect(f(input), `f(${input})`).toBe(expected);
  });
});

// Extra cases transcribed from the upstream tables (name = upstream sub-test name).
const extraCases: ResourceCase[] = [
  // least_allocated_test.go TestLeastAllocatedScoringStrategy
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    strategy: 'LeastAllocated',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(4000), memoryBytes: 10000 }), node('node2', { cpuMilli: cores(6000), memoryBytes: 10000 })],
    existingPods: [],
    incomingPod: fitTwoContainers,
    expected: scores(37, 50),
  },
  {
    name: 'no resources requested, pods scheduled with resources',
    strategy: 'LeastAllocated',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(10000), memoryBytes: 20000 }), node('node2', { cpuMilli: cores(10000), memoryBytes: 20000 })],
    existingPods: [
      pod('node1', { cpuMilli: cores(3000), memoryBytes: 0 }),
      pod('node1', { cpuMilli: cores(3000), memoryBytes: 0 }),
      pod('node2', { cpuMilli: cores(3000), memoryBytes: 0 }),
      pod('node2', { cpuMilli: cores(3000), memoryBytes: 5000 }),
    ],
    incomingPod: pod(undefined),
    expected: scores(70, 57),
  },
  {
    name: 'resources requested, pods scheduled with resources, differently sized nodes',
    strategy: 'LeastAllocated',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(10000), memoryBytes: 20000 }), node('node2', { cpuMilli: cores(10000), memoryBytes: 50000 })],
    existingPods: [pod('node1', { cpuMilli: cores(3000), memoryBytes: 0 }), pod('node2', { cpuMilli: cores(3000), memoryBytes: 5000 })],
    incomingPod: fitTwoContainers,
    expected: scores(57, 60),
  },
  {
    name: 'zero node resources, pods scheduled with resources',
    strategy: 'LeastAllocated',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', {}), node('node2', {})],
    existingPods: [pod('node1', { cpuMilli: cores(3000), memoryBytes: 0 }), pod('node2', { cpuMilli: cores(3000), memoryBytes: 5000 })],
    incomingPod: pod(undefined),
    expected: scores(0, 0),
  },
  {
    name: 'bypass extended resource if the pod does not request',
    strategy: 'LeastAllocated',
    scoringResources: withXyz,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(6000), memoryBytes: 10000 }), node('node2', { cpuMilli: cores(6000), memoryBytes: 10000, 'abc.com/xyz': 4 })],
    existingPods: [],
    incomingPod: fitTwoContainers,
    expected: scores(50, 50),
  },
  // most_allocated_test.go TestMostAllocatedScoringStrategy
  {
    name: 'nothing scheduled, resources requested, differently sized nodes',
    strategy: 'MostAllocated',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(4000), memoryBytes: 10000 }), node('node2', { cpuMilli: cores(6000), memoryBytes: 10000 })],
    existingPods: [],
    incomingPod: fitTwoContainers,
    expected: scores(62, 50),
  },
  {
    name: 'resources requested, pods scheduled with resources',
    strategy: 'MostAllocated',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(10000), memoryBytes: 20000 }), node('node2', { cpuMilli: cores(10000), memoryBytes: 20000 })],
    existingPods: [pod('node1', { cpuMilli: cores(3000), memoryBytes: 0 }), pod('node2', { cpuMilli: cores(3000), memoryBytes: 5000 })],
    incomingPod: fitTwoContainers,
    expected: scores(42, 55),
  },
  {
    name: 'nothing scheduled, resources requested, differently sized nodes (memory weight 2)',
    strategy: 'MostAllocated',
    scoringResources: [
      { name: 'memory', weight: 2 },
      { name: 'cpu', weight: 1 },
    ],
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(4000), memoryBytes: 10000 }), node('node2', { cpuMilli: cores(6000), memoryBytes: 10000 })],
    existingPods: [],
    incomingPod: fitTwoContainers,
    expected: scores(58, 50),
  },
  {
    name: 'bypass extended resource if the pod does not request',
    strategy: 'MostAllocated',
    scoringResources: withXyz,
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(6000), memoryBytes: 10000 }), node('node2', { cpuMilli: cores(6000), memoryBytes: 10000, 'abc.com/xyz': 4 })],
    existingPods: [],
    incomingPod: fitTwoContainers,
    expected: scores(50, 50),
  },
  {
    name: "if the node doesn't have a resource",
    strategy: 'MostAllocated',
    scoringResources: [
      { name: 'abc.com/xyz', weight: 2 },
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(6000), memoryBytes: 10000 }), node('node2', { cpuMilli: cores(6000), memoryBytes: 10000, 'abc.com/xyz': 4 })],
    existingPods: [],
    incomingPod: pod(undefined, { cpuMilli: cores(3000), memoryBytes: 4000 }),
    expected: scores(45, 45),
  },
  // balanced_allocation_test.go TestNodeResourcesBalancedAllocation (millicores, actual requests)
  {
    name: 'resources requested, pods scheduled with resources',
    strategy: 'BalancedAllocation',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: false,
    nodes: [node('node1', { cpuMilli: 10000, memoryBytes: 20000 }), node('node2', { cpuMilli: 10000, memoryBytes: 20000 })],
    existingPods: [
      pod('node1', { cpuMilli: 1000, memoryBytes: 0 }, { cpuMilli: 2000, memoryBytes: 0 }),
      pod('node2', { cpuMilli: 1000, memoryBytes: 2000 }, { cpuMilli: 2000, memoryBytes: 3000 }),
    ],
    incomingPod: pod(undefined, { cpuMilli: 1000, memoryBytes: 2000 }, { cpuMilli: 2000, memoryBytes: 3000 }),
    expected: scores(82, 95),
  },
  {
    name: 'requested resources at node capacity',
    strategy: 'BalancedAllocation',
    scoringResources: cpuMem,
    useNonZeroRequestsForCpuMemory: false,
    nodes: [node('node1', { cpuMilli: 6000, memoryBytes: 10000 }), node('node2', { cpuMilli: 6000, memoryBytes: 10000 })],
    existingPods: [
      pod('node1', { cpuMilli: 1000, memoryBytes: 0 }, { cpuMilli: 2000, memoryBytes: 0 }),
      pod('node2', { cpuMilli: 1000, memoryBytes: 2000 }, { cpuMilli: 2000, memoryBytes: 3000 }),
    ],
    incomingPod: pod(undefined, { cpuMilli: 1000, memoryBytes: 0 }, { cpuMilli: 2000, memoryBytes: 0 }),
    expected: scores(50, 75),
  },
  {
    name: 'node without the scalar resource should skip the scalar resource',
    strategy: 'BalancedAllocation',
    scoringResources: [...cpuMem, { name: 'nvidia.com/gpu', weight: 1 }],
    useNonZeroRequestsForCpuMemory: false,
    nodes: [node('node1', { cpuMilli: 3500, memoryBytes: 40000, 'nvidia.com/gpu': 8 }), node('node2', { cpuMilli: 3500, memoryBytes: 40000 })],
    existingPods: [],
    incomingPod: pod(undefined, { cpuMilli: 1000, memoryBytes: 2000 }, { cpuMilli: 2000, memoryBytes: 3000 }),
    expected: scores(63, 63),
  },
  // requested_to_capacity_ratio_test.go TestRequestedToCapacityRatioScoringStrategy
  {
    name: 'nothing scheduled, resources requested, differently sized nodes (default - least requested nodes have priority)',
    strategy: 'RequestedToCapacityRatio',
    scoringResources: cpuMem,
    shape: [
      { utilization: 0, score: 10 },
      { utilization: 100, score: 0 },
    ],
    useNonZeroRequestsForCpuMemory: true,
    nodes: [node('node1', { cpuMilli: cores(4000), memoryBytes: 10000 }), node('node2', { cpuMilli: cores(6000), memoryBytes: 10000 })],
    existingPods: [pod('node1'), pod('node1')],
    incomingPod: fitTwoContainers,
    expected: scores(38, 50),
  },
  // requested_to_capacity_ratio_test.go TestResourceBinPackingSingleExtended
  {
    name: 'nothing scheduled, nothing requested (single extended)',
    strategy: 'RequestedToCapacityRatio',
    scoringResources: [{ name: 'intel.com/foo', weight: 1 }],
    shape: [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ],
    useNonZeroRequestsForCpuMemory: true,
    nodes: [
      node('node1', { cpuMilli: 4000, memoryBytes: 10000 * 1024 * 1024, 'intel.com/foo': 8 }),
      node('node2', { cpuMilli: 4000, memoryBytes: 10000 * 1024 * 1024, 'intel.com/foo': 4 }),
    ],
    existingPods: [],
    incomingPod: pod(undefined),
    expected: scores(0, 0),
  },
  {
    name: 'resources requested, pods scheduled with resources, on node with existing pod running (single extended)',
    strategy: 'RequestedToCapacityRatio',
    scoringResources: [{ name: 'intel.com/foo', weight: 1 }],
    shape: [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ],
    useNonZeroRequestsForCpuMemory: true,
    nodes: [
      node('node1', { cpuMilli: 4000, memoryBytes: 10000 * 1024 * 1024, 'intel.com/foo': 8 }),
      node('node2', { cpuMilli: 4000, memoryBytes: 10000 * 1024 * 1024, 'intel.com/foo': 4 }),
    ],
    existingPods: [pod('node2', { 'intel.com/foo': 2 })],
    incomingPod: pod(undefined, { 'intel.com/foo': 2 }),
    expected: scores(2, 10),
  },
  // requested_to_capacity_ratio_test.go TestResourceBinPackingMultipleExtended
  {
    name: 'resources requested, pods scheduled with resources, on node with existing pod running (multiple extended)',
    strategy: 'RequestedToCapacityRatio',
    scoringResources: [
      { name: 'intel.com/foo', weight: 3 },
      { name: 'intel.com/bar', weight: 5 },
    ],
    shape: [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 1 },
    ],
    useNonZeroRequestsForCpuMemory: true,
    nodes: [
      node('node1', { cpuMilli: 4000, memoryBytes: 10000 * 1024 * 1024, 'intel.com/foo': 8, 'intel.com/bar': 4 }),
      node('node2', { cpuMilli: 4000, memoryBytes: 10000 * 1024 * 1024, 'intel.com/foo': 4, 'intel.com/bar': 8 }),
    ],
    existingPods: [pod('node2', { 'intel.com/foo': 4, 'intel.com/bar': 2 })],
    incomingPod: pod(undefined, { 'intel.com/foo': 2, 'intel.com/bar': 2 }),
    expected: scores(4, 7),
  },
];

describe('further cases from the upstream noderesources tables', () => {
  it.each(extraCases.map((c) => [`${c.strategy}: ${c.name}`, c] as const))('%s', (_label, c) => {
    expect(scoreCase(c)).toEqual(c.expected);
  });

  it('balanced_allocation_test.go: nothing scheduled, nothing requested, skip in PreScore', () => {
    const c: ResourceCase = {
      name: 'best effort',
      strategy: 'BalancedAllocation',
      scoringResources: cpuMem,
      useNonZeroRequestsForCpuMemory: false,
      nodes: [node('node1', { cpuMilli: 4000, memoryBytes: 10000 }), node('node2', { cpuMilli: 4000, memoryBytes: 10000 })],
      existingPods: [],
      incomingPod: pod(undefined),
      expected: [],
    };
    expect(scoreCase(c)).toBeNull();
  });
});
