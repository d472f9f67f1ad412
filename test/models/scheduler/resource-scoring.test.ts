// Pod request computation (podRequestsForScoring), the resource selection rules of
// scoredResourcesForNode and range properties of the NodeResourcesFit / BalancedAllocation scorers.
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/noderesources/resource_allocation_test.go
// TestResourceAllocationScorerCalculateRequests (cases transcribed below) and
// staging/src/k8s.io/component-helpers/resource/helpers.go (sidecar formula).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  balancedAllocationScore,
  DEFAULT_MEMORY_REQUEST,
  DEFAULT_MILLI_CPU_REQUEST,
  isBestEffortForScoring,
  isScalarResourceName,
  leastAllocatedScore,
  mostAllocatedScore,
  podRequestsForScoring,
  requestedToCapacityRatioScore,
  scaledUtilization,
  scoredResourcesForNode,
} from '../../../src/models/scheduler/algorithms/resource-scoring.js';
import type { PodForScoring, ScoredResource } from '../../../src/models/scheduler/algorithms/resource-scoring.js';

const MI = 1048576;

describe('podRequestsForScoring (resource_allocation_test.go TestResourceAllocationScorerCalculateRequests, NonZero)', () => {
  const cases: Array<[string, PodForScoring, Record<string, number>]> = [
    ['overhead only', { containers: [], overhead: { cpu: 1000, memory: MI } }, { cpu: 1000, memory: MI }],
    ['1x requestless container', { containers: [{ requests: {} }] }, { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST }],
    [
      '2x requestless container',
      { containers: [{ requests: {} }, { requests: {} }] },
      { cpu: 2 * DEFAULT_MILLI_CPU_REQUEST, memory: 2 * DEFAULT_MEMORY_REQUEST },
    ],
    [
      'request container + requestless container',
      { containers: [{ requests: { cpu: 1000, memory: MI } }, { requests: {} }] },
      { cpu: 1000 + DEFAULT_MILLI_CPU_REQUEST, memory: MI + DEFAULT_MEMORY_REQUEST },
    ],
    [
      'container + requestless container + overhead',
      { containers: [{ requests: { cpu: 1000, memory: MI } }, { requests: {} }], overhead: { cpu: 1000, memory: MI } },
      { cpu: 2000 + DEFAULT_MILLI_CPU_REQUEST, memory: 2 * MI + DEFAULT_MEMORY_REQUEST },
    ],
    [
      'init container + container + requestless container + overhead',
      {
        initContainers: [{ requests: { cpu: 3000 } }],
        containers: [{ requests: { cpu: 1000, memory: MI } }, { requests: {} }],
        overhead: { cpu: 1000, memory: MI },
      },
      { cpu: 4000, memory: 2 * MI + DEFAULT_MEMORY_REQUEST },
    ],
    [
      'requestless init container + small init container + small container',
      { initContainers: [{ requests: {} }, { requests: { cpu: 1, memory: 1 } }], containers: [{ requests: { cpu: 3, memory: 3 } }] },
      { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST },
    ],
    [
      'requestless init container + small init container + small container + requestless container',
      {
        initContainers: [{ requests: {} }, { requests: { cpu: 1, memory: 1 } }],
        containers: [{ requests: { cpu: 3, memory: 3 } }, { requests: {} }],
      },
      { cpu: 3 + DEFAULT_MILLI_CPU_REQUEST, memory: 3 + DEFAULT_MEMORY_REQUEST },
    ],
  ];
  it.each(cases)('%s', (_name, pod, expected) => {
    const got = podRequestsForScoring(pod, true);
    for (const [name, value] of Object.entries(expected)) expect(got[name], name).toBe(value);
  });

  it('an explicit 0 stays 0; actual requests add no defaults', () => {
    const pod: PodForScoring = { containers: [{ requests: { cpu: 0 } }] };
    expect(podRequestsForScoring(pod, true)).toEqual({ cpu: 0, memory: DEFAULT_MEMORY_REQUEST });
    expect(podRequestsForScoring(pod, false)).toEqual({ cpu: 0 });
  });

  it('a pod without containers requests nothing', () => {
    expect(podRequestsForScoring({ containers: [] }, true)).toEqual({});
  });

  it('sidecars (restartable init containers) add to the regular sum and to later init containers (KEP-753 formula)', () => {
    const pod: PodForScoring = {
      initContainers: [
        { requests: { cpu: 500, memory: 10 } },
        { requests: { cpu: 200, memory: 20 }, restartPolicy: 'Always' },
        { requests: { cpu: 900, memory: 5 } },
      ],
      containers: [{ requests: { cpu: 300, memory: 30 } }],
    };
    // regular: 300 + sidecar 200 = 500 cpu, 50 memory; init needs: 500/10, 200/20, 900+200/5+20.
    expect(podRequestsForScoring(pod, false)).toEqual({ cpu: 1100, memory: 50 });
  });

  it('extended resources are summed without defaults', () => {
    const pod: PodForScoring = { containers: [{ requests: { 'nvidia.com/gpu': 1 } }, { requests: { 'nvidia.com/gpu': 2 } }] };
    expect(podRequestsForScoring(pod, true)).toEqual({ 'nvidia.com/gpu': 3, cpu: 200, memory: 2 * DEFAULT_MEMORY_REQUEST });
  });
});

describe('scoredResourcesForNode', () => {
  it('skips extended resources the pod does not request, and resources the node does not have', () => {
    const got = scoredResourcesForNode(
      [
        { name: 'cpu', weight: 1 },
        { name: 'example.com/foo', weight: 2 },
        { name: 'example.com/bar', weight: 3 },
        { name: 'pods', weight: 1 },
      ],
      { cpu: 4000, 'example.com/foo': 4, pods: 110 },
      { cpu: 1000, 'example.com/foo': 1, 'example.com/bar': 1 },
      { cpu: 500, 'example.com/bar': 1 },
    );
    expect(got).toEqual([
      { name: 'cpu', weight: 1, allocatable: 4000, requested: 1500 },
      { name: 'example.com/foo', weight: 2, allocatable: 0, requested: 0 },
      { name: 'example.com/bar', weight: 3, allocatable: 0, requested: 0 },
      { name: 'pods', weight: 1, allocatable: 0, requested: 0 },
    ]);
  });

  it('classifies scalar resource names', () => {
    expect(isScalarResourceName('nvidia.com/gpu')).toBe(true);
    expect(isScalarResourceName('hugepages-2Mi')).toBe(true);
    expect(isScalarResourceName('attachable-volumes-aws-ebs')).toBe(true);
    expect(isScalarResourceName('cpu')).toBe(false);
    expect(isScalarResourceName('ephemeral-storage')).toBe(false);
  });

  it('best effort: none of the scored resources requested', () => {
    const spec = [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ];
    expect(isBestEffortForScoring({}, spec)).toBe(true);
    expect(isBestEffortForScoring({ cpu: 0, 'nvidia.com/gpu': 1 }, spec)).toBe(true);
    expect(isBestEffortForScoring({ memory: 1 }, spec)).toBe(false);
  });
});

describe('scorer arithmetic', () => {
  it('integer truncation and weighting (least_allocated_test.go: 41 and 50 with memory weight 2)', () => {
    const r = (name: string, weight: number, allocatable: number, requested: number): ScoredResource => ({ name, weight, allocatable, requested });
    expect(leastAllocatedScore([r('memory', 2, 10000, 5000), r('cpu', 1, 4000, 3000)])).toBe(41);
    expect(leastAllocatedScore([r('memory', 2, 10000, 5000), r('cpu', 1, 6000, 3000)])).toBe(50);
  });

  it('MostAllocated caps requested at allocatable; LeastAllocated gives 0 when over', () => {
    const over: ScoredResource[] = [{ name: 'cpu', weight: 1, allocatable: 250, requested: 300 }];
    expect(mostAllocatedScore(over)).toBe(100);
    expect(leastAllocatedScore(over)).toBe(0);
  });

  it('no resource with allocatable > 0 scores 0', () => {
    expect(leastAllocatedScore([{ name: 'cpu', weight: 1, allocatable: 0, requested: 5 }])).toBe(0);
    expect(mostAllocatedScore([])).toBe(0);
    expect(requestedToCapacityRatioScore([], [{ utilization: 0, score: 10 }])).toBe(0);
    expect(balancedAllocationScore([{ allocatable: 0, requested: 1 }])).toBe(100);
  });

  it('RequestedToCapacityRatio rounds half away from zero (37.5 → 38)', () => {
    const shape = [
      { utilization: 0, score: 10 },
      { utilization: 100, score: 0 },
    ];
    const resources: ScoredResource[] = [
      { name: 'cpu', weight: 1, allocatable: 4000, requested: 3000 },
      { name: 'memory', weight: 1, allocatable: 10000, requested: 5000 },
    ];
    expect(requestedToCapacityRatioScore(resources, shape)).toBe(38);
  });

  it('scaledUtilization is exact for large values', () => {
    expect(scaledUtilization(2 ** 60, 2 ** 61)).toBe(50);
    expect(scaledUtilization(-1, 10)).toBe(0);
    expect(scaledUtilization(11, 10)).toBe(100);
  });

  const resourceArb = fc.record({
    name: fc.constantFrom('cpu', 'memory', 'example.com/gpu'),
    weight: fc.integer({ min: 1, max: 100 }),
    allocatable: fc.integer({ min: 0, max: 2 ** 40 }),
    requested: fc.integer({ min: 0, max: 2 ** 41 }),
  });

  it('every strategy scores within 0..100 (property)', () => {
    const shapeArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 5 })
      .chain((us) => fc.tuple(fc.constant([...us].sort((a, b) => a - b)), fc.array(fc.integer({ min: 0, max: 10 }), { minLength: us.length, maxLength: us.length })))
      .map(([us, ss]) => us.map((utilization, i) => ({ utilization, score: ss[i] as number })));
    fc.assert(
      fc.property(fc.array(resourceArb, { maxLength: 5 }), shapeArb, (resources, shape) => {
        for (const score of [
          leastAllocatedScore(resources),
          mostAllocatedScore(resources),
          requestedToCapacityRatioScore(resources, shape),
          balancedAllocationScore(resources),
        ]) {
          expect(Number.isInteger(score)).toBe(true);
          expect(score).toBeGreaterThanOrEqual(0);
          expect(score).toBeLessThanOrEqual(100);
        }
      }),
    );
  });

  it('for one resource within capacity, least + most is 99 or 100 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.double({ min: 0, max: 1, noNaN: true }), (allocatable, f) => {
        const requested = Math.floor(allocatable * f);
        const resources: ScoredResource[] = [{ name: 'cpu', weight: 1, allocatable, requested }];
        const sum = leastAllocatedScore(resources) + mostAllocatedScore(resources);
        expect(sum === 99 || sum === 100).toBe(true);
      }),
    );
  });
});
