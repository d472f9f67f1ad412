// VPA updater. Cases transcribed from kubernetes/autoscaler vertical-pod-autoscaler/pkg/updater/
// priority/priority_processor_test.go (TestGetUpdatePriority, ..._VpaObservedContainers),
// priority/update_priority_calculator_test.go (sort order, lifetime, quick OOM) and
// eviction/pods_eviction_restriction_test.go (TestEvictReplicatedByController, tolerance, too few replicas).
import { describe, expect, it } from 'vitest';
import {
  canEvict,
  createEvictionRestriction,
  DEFAULT_UPDATE_CONFIG,
  evict,
  evictionTolerance,
  getUpdatePriority,
  hasQuickOom,
  shouldUpdatePod,
  updateQueue,
  type ContainerRecommendation,
  type PodPriority,
  type ReplicaGroupPod,
  type UpdaterPod,
} from '../../../../src/models/autoscaling/vpa/updater.js';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const cores = (c: number): number => c * 1000;
/** BuildTestContainer(name, cpu cores, memory bytes); undefined = no request. */
const container = (name: string, cpu?: number, memory?: number) => ({
  name,
  requests: { ...(cpu === undefined ? {} : { cpuMilli: cores(cpu) }), ...(memory === undefined ? {} : { memoryBytes: memory }) },
});
const rec = (containerName: string, target: [number?, number?], lower?: [number?, number?], upper?: [number?, number?]): ContainerRecommendation => {
  const values = (v?: [number?, number?]) =>
    v === undefined ? undefined : { ...(v[0] === undefined ? {} : { cpuMilli: cores(v[0]) }), ...(v[1] === undefined ? {} : { memoryBytes: v[1] }) };
  return { containerName, target: values(target) ?? {}, lowerBound: values(lower), upperBound: values(upper) };
};
const M = 1e6;

describe('TestGetUpdatePriority', () => {
  const c = 'test-container';
  const c2 = 'test-container-2';
  const cases: Array<{ name: string; pod: UpdaterPod; recs: ContainerRecommendation[]; expected: PodPriority }> = [
    { name: 'simple scale up', pod: { name: 'POD1', containers: [container(c, 2)] }, recs: [rec(c, [10])], expected: { outsideRecommendedRange: false, resourceDiff: 4.0, scaleUp: true } },
    { name: 'simple scale down', pod: { name: 'POD1', containers: [container(c, 4)] }, recs: [rec(c, [2])], expected: { outsideRecommendedRange: false, resourceDiff: 0.5, scaleUp: false } },
    { name: 'no resource diff', pod: { name: 'POD1', containers: [container(c, 2)] }, recs: [rec(c, [2])], expected: { outsideRecommendedRange: false, resourceDiff: 0.0, scaleUp: false } },
    { name: 'scale up on milliquanitites', pod: { name: 'POD1', containers: [container(c, 0.01)] }, recs: [rec(c, [0.9])], expected: { outsideRecommendedRange: false, resourceDiff: 89.0, scaleUp: true } },
    {
      name: 'scale up outside recommended range',
      pod: { name: 'POD1', containers: [container(c, 4)] },
      recs: [rec(c, [10], [6], [14])],
      expected: { outsideRecommendedRange: true, resourceDiff: 1.5, scaleUp: true },
    },
    {
      name: 'scale down outside recommended range',
      pod: { name: 'POD1', containers: [container(c, 8)] },
      recs: [rec(c, [2], [1], [3])],
      expected: { outsideRecommendedRange: true, resourceDiff: 0.75, scaleUp: false },
    },
    { name: 'scale up with multiple quantities', pod: { name: 'POD1', containers: [container(c, 2)] }, recs: [rec(c, [10])], expected: { outsideRecommendedRange: false, resourceDiff: 4.0, scaleUp: true } },
    {
      name: 'multiple resources, both scale up',
      pod: { name: 'POD1', containers: [container(c, 3, 10 * M)] },
      recs: [rec(c, [6, 20 * M])],
      expected: { outsideRecommendedRange: false, resourceDiff: 1.0 + 1.0, scaleUp: true },
    },
    {
      name: 'multiple resources, only one scale up',
      pod: { name: 'POD1', containers: [container(c, 4, 10 * M)] },
      recs: [rec(c, [2, 20 * M])],
      expected: { outsideRecommendedRange: false, resourceDiff: 1.5 + 0.0, scaleUp: true },
    },
    {
      name: 'multiple resources, both scale down',
      pod: { name: 'POD1', containers: [container(c, 4, 20 * M)] },
      recs: [rec(c, [2, 10 * M])],
      expected: { outsideRecommendedRange: false, resourceDiff: 0.5 + 0.5, scaleUp: false },
    },
    {
      name: 'multiple resources, one outside recommended range',
      pod: { name: 'POD1', containers: [container(c, 4, 20 * M)] },
      recs: [rec(c, [2, 10 * M], [1, 5 * M], [3, 30 * M])],
      expected: { outsideRecommendedRange: true, resourceDiff: 0.5 + 0.5, scaleUp: false },
    },
    {
      name: 'multiple containers, both scale up',
      pod: { name: 'POD1', containers: [container(c, 1), container(c2, 2)] },
      recs: [rec(c, [4]), rec(c2, [8])],
      expected: { outsideRecommendedRange: false, resourceDiff: 3.0, scaleUp: true },
    },
    {
      name: 'multiple containers, both scale down',
      pod: { name: 'POD1', containers: [container(c, 3), container(c2, 7)] },
      recs: [rec(c, [1]), rec(c2, [2])],
      expected: { outsideRecommendedRange: false, resourceDiff: 0.7, scaleUp: false },
    },
    {
      name: 'multiple containers, both scale up, one outside range',
      pod: { name: 'POD1', containers: [container(c, 1), container(c2, 2)] },
      recs: [rec(c, [4], [1]), rec(c2, [8], [3], [10])],
      expected: { outsideRecommendedRange: true, resourceDiff: 3.0, scaleUp: true },
    },
    {
      name: 'multiple containers, multiple resources',
      pod: { name: 'POD1', containers: [container(c, 6, 10 * M), container(c2, 4, 30 * M)] },
      recs: [rec(c, [8, 20 * M]), rec(c2, [7, 30 * M])],
      expected: { outsideRecommendedRange: false, resourceDiff: 0.5 + 0.25, scaleUp: true },
    },
  ];
  for (const tc of cases) {
    it(tc.name, () => {
      const prio = getUpdatePriority(tc.pod, tc.recs);
      expect(prio.outsideRecommendedRange).toBe(tc.expected.outsideRecommendedRange);
      expect(prio.scaleUp).toBe(tc.expected.scaleUp);
      expect(prio.resourceDiff).toBeCloseTo(tc.expected.resourceDiff, 12);
    });
  }
  it('NoRecommendationForContainer', () => {
    expect(getUpdatePriority({ name: 'POD1', containers: [container(c, 5, 10)] }, [])).toEqual({ outsideRecommendedRange: false, scaleUp: false, resourceDiff: 0 });
  });
  it('a container without a request counts as scale-up and outside the range', () => {
    expect(getUpdatePriority({ name: 'POD1', containers: [container(c)] }, [rec(c, [1])])).toEqual({ outsideRecommendedRange: true, scaleUp: true, resourceDiff: 999 }); // |max(0, 1) − 1000| / 1
  });
});

describe('TestGetUpdatePriority_VpaObservedContainers', () => {
  const c = 'container1';
  const cases: Array<[string, readonly string[] | undefined, number]> = [
    ['with no VpaObservedContainers annotation', undefined, 9],
    ['with container listed in VpaObservedContainers annotation', [c], 9],
    ['with container not listed in VpaObservedContainers annotation', [], 0],
  ];
  for (const [name, observedContainers, want] of cases) {
    it(name, () => {
      const prio = getUpdatePriority({ name: 'POD1', containers: [container(c, 1)], observedContainers }, [rec(c, [10])]);
      expect(prio.resourceDiff).toBeCloseTo(want, 4);
    });
  }
});

describe('update_priority_calculator_test.go', () => {
  const c = 'container1';
  const start = 0;
  const pod = (name: string, cpu: number, extra: Partial<UpdaterPod> = {}): UpdaterPod => ({ name, containers: [container(c, cpu)], startTimeMs: start, ...extra });
  const fixed = (priorities: Record<string, Partial<PodPriority>>) => (candidate: { pod: UpdaterPod }): PodPriority => ({
    outsideRecommendedRange: false,
    scaleUp: false,
    resourceDiff: 0,
    ...priorities[candidate.pod.name],
  });
  const names = (list: readonly { pod: UpdaterPod }[]): string[] => list.map((e) => e.pod.name);

  it('TestSortPriority', () => {
    const pods = [pod('POD1', 2), pod('POD2', 4), pod('POD3', 1), pod('POD4', 3)];
    const priorityOf = fixed({ POD1: { resourceDiff: 4.0 }, POD2: { resourceDiff: 1.5 }, POD3: { resourceDiff: 9.0 }, POD4: { resourceDiff: 2.33 } });
    expect(names(updateQueue(pods.map((p) => ({ pod: p, recommendations: [rec(c, [10])] })), start + 24 * HOUR, { priorityOf }))).toEqual(['POD3', 'POD1', 'POD4', 'POD2']);
    // The same order from the real priority processor (target 10 cores).
    expect(names(updateQueue(pods.map((p) => ({ pod: p, recommendations: [rec(c, [10])] })), start + 24 * HOUR))).toEqual(['POD3', 'POD1', 'POD4', 'POD2']);
  });
  it('TestSortPriorityResourcesDecrease', () => {
    const pods = [pod('POD1', 4), pod('POD2', 8), pod('POD3', 10)];
    const priorityOf = fixed({ POD1: { scaleUp: true, resourceDiff: 0.25 }, POD2: { resourceDiff: 0.25 }, POD3: { resourceDiff: 0.5 } });
    expect(names(updateQueue(pods.map((p) => ({ pod: p, recommendations: [rec(c, [5])] })), start + 24 * HOUR, { priorityOf }))).toEqual(['POD1', 'POD3', 'POD2']);
  });
  it('TestSortPriorityMultiResource / MultiContainers (older upstream table)', () => {
    const pod1: UpdaterPod = { name: 'POD1', containers: [container(c, 4, 60 * M)], startTimeMs: start };
    const pod2: UpdaterPod = { name: 'POD2', containers: [container(c, 3, 90 * M)], startTimeMs: start };
    expect(names(updateQueue([pod1, pod2].map((p) => ({ pod: p, recommendations: [rec(c, [6, 100 * M])] })), start + 24 * HOUR))).toEqual(['POD1', 'POD2']);
    const p1: UpdaterPod = { name: 'POD1', containers: [container(c, 3, 10 * M)], startTimeMs: start };
    const p2: UpdaterPod = { name: 'POD2', containers: [container(c, 4, 10 * M), container('container2', 2, 20 * M)], startTimeMs: start };
    const recs = [rec(c, [6, 20 * M]), rec('container2', [4, 20 * M])];
    expect(getUpdatePriority(p1, recs).resourceDiff).toBe(2.0);
    expect(getUpdatePriority(p2, recs).resourceDiff).toBeCloseTo(1.0, 12);
    expect(names(updateQueue([p1, p2].map((p) => ({ pod: p, recommendations: recs })), start + 24 * HOUR))).toEqual(['POD1', 'POD2']);
  });
  it('TestUpdateNotRequired', () => {
    expect(updateQueue([{ pod: pod('POD1', 4), recommendations: [rec(c, [4])] }], start + 24 * HOUR)).toEqual([]);
  });
  it('TestUpdateRequiredOnMilliQuantities', () => {
    expect(names(updateQueue([{ pod: pod('POD1', 0.01), recommendations: [rec(c, [0.9])] }], start + 24 * HOUR))).toEqual(['POD1']);
  });
  it('TestUpdateLonglivedPods (MinChangePriority 0.5, 13 h)', () => {
    const pods = [pod('POD1', 4), pod('POD2', 1), pod('POD3', 8)];
    const priorityOf = fixed({
      POD1: { scaleUp: true, resourceDiff: 0.25 },
      POD2: { scaleUp: true, resourceDiff: 4.0 },
      POD3: { outsideRecommendedRange: true, resourceDiff: 0.25 },
    });
    const config = { ...DEFAULT_UPDATE_CONFIG, minChangePriority: 0.5 };
    const recs = [rec(c, [5], [1], [6])];
    expect(names(updateQueue(pods.map((p) => ({ pod: p, recommendations: recs })), start + 13 * HOUR, { priorityOf, config }))).toEqual(['POD2', 'POD3']);
  });
  it('TestUpdateShortlivedPods (MinChangePriority 0.5, 11 h)', () => {
    const pods = [pod('POD1', 4), pod('POD2', 1), pod('POD3', 10)];
    const priorityOf = fixed({
      POD1: { scaleUp: true, resourceDiff: 0.25 },
      POD2: { scaleUp: true, resourceDiff: 0.0 },
      POD3: { outsideRecommendedRange: true, resourceDiff: 0.9 },
    });
    const config = { ...DEFAULT_UPDATE_CONFIG, minChangePriority: 0.5 };
    expect(names(updateQueue(pods.map((p) => ({ pod: p, recommendations: [] })), start + 11 * HOUR, { priorityOf, config }))).toEqual(['POD3']);
  });
  const oomPod = (ranForMs: number, extra: Partial<UpdaterPod> = {}): UpdaterPod => {
    const now = start + 11 * HOUR;
    return pod('POD1', 4, {
      containerStatuses: [{ name: c, lastTermination: { reason: 'OOMKilled', finishedAtMs: now - 3 * MINUTE, startedAtMs: now - 3 * MINUTE - ranForMs } }],
      ...extra,
    });
  };
  const config = { ...DEFAULT_UPDATE_CONFIG, minChangePriority: 0.5 };
  it('TestUpdatePodWithQuickOOM', () => {
    const priorityOf = fixed({ POD1: { scaleUp: true, resourceDiff: 0.25 } });
    expect(names(updateQueue([{ pod: oomPod(2 * MINUTE), recommendations: [] }], start + 11 * HOUR, { priorityOf, config }))).toEqual(['POD1']);
  });
  it('TestDontUpdatePodWithQuickOOMNoResourceChange', () => {
    const priorityOf = fixed({ POD1: { scaleUp: true, resourceDiff: 0.0 } });
    expect(updateQueue([{ pod: oomPod(2 * MINUTE), recommendations: [] }], start + 11 * HOUR, { priorityOf, config: DEFAULT_UPDATE_CONFIG })).toEqual([]);
    expect(shouldUpdatePod({ outsideRecommendedRange: false, scaleUp: true, resourceDiff: 0 }, oomPod(2 * MINUTE), start + 11 * HOUR, true)).toEqual({
      update: false,
      reason: 'quick-oom-no-change',
    });
  });
  it('TestDontUpdatePodWithOOMAfterLongRun', () => {
    const priorityOf = fixed({ POD1: { scaleUp: true, resourceDiff: 0.0 } });
    expect(updateQueue([{ pod: oomPod(57 * MINUTE), recommendations: [] }], start + 11 * HOUR, { priorityOf, config })).toEqual([]);
    expect(hasQuickOom(oomPod(57 * MINUTE))).toBe(false);
  });
  it('TestQuickOOM_VpaOvservedContainers', () => {
    const priorityOf = fixed({ POD1: { scaleUp: true, resourceDiff: 0.25 } });
    const cases: Array<[readonly string[] | undefined, boolean]> = [
      [undefined, true],
      [[c], true],
      [[], false],
    ];
    for (const [observedContainers, want] of cases) {
      const result = updateQueue([{ pod: oomPod(2 * MINUTE, { observedContainers }), recommendations: [] }], start + 11 * HOUR, { priorityOf, config });
      expect(result.length === 1).toBe(want);
    }
  });
  it('containers with scaling mode Off do not count for quick OOM', () => {
    expect(hasQuickOom(oomPod(2 * MINUTE), DEFAULT_UPDATE_CONFIG, [c])).toBe(false);
    expect(hasQuickOom(oomPod(2 * MINUTE), DEFAULT_UPDATE_CONFIG, ['other'])).toBe(true);
  });
  it('a pod without a start time is only updated when out of range', () => {
    const p: UpdaterPod = { name: 'POD1', containers: [container(c, 4)] };
    expect(shouldUpdatePod({ outsideRecommendedRange: false, scaleUp: true, resourceDiff: 5 }, p, 1e12, false)).toEqual({ update: false, reason: 'no-start-time' });
    expect(shouldUpdatePod({ outsideRecommendedRange: true, scaleUp: true, resourceDiff: 5 }, p, 1e12, false)).toEqual({ update: true });
  });
  it('the lifetime threshold is inclusive (now ≥ start + 12 h)', () => {
    const prio = { outsideRecommendedRange: false, scaleUp: true, resourceDiff: 0.1 };
    expect(shouldUpdatePod(prio, pod('P', 1), start + 12 * HOUR - 1, false).update).toBe(false);
    expect(shouldUpdatePod(prio, pod('P', 1), start + 12 * HOUR, false).update).toBe(true);
    expect(shouldUpdatePod({ ...prio, resourceDiff: 0.0999 }, pod('P', 1), start + 12 * HOUR, false).update).toBe(false);
  });
  it('TestAdmission: the admit filter runs after sorting', () => {
    const pods = [pod('POD1', 2), pod('POD2', 4), pod('POD3', 1), pod('POD4', 3)];
    const result = updateQueue(pods.map((p) => ({ pod: p, recommendations: [rec(c, [10])] })), start + 24 * HOUR, { admit: (p) => p.name === 'POD1' });
    expect(names(result)).toEqual(['POD1']);
  });
  it('TestNoPods', () => expect(updateQueue([], 0)).toEqual([]));
});

describe('eviction restriction (pods_eviction_restriction_test.go)', () => {
  let index = 0;
  const running = (): ReplicaGroupPod => ({ id: `test-${++index}`, pending: false });
  const pending = (): ReplicaGroupPod => ({ id: `test-${++index}`, pending: true });
  const cases: Array<{ replicas: number; tolerance: number; pods: Array<[ReplicaGroupPod, boolean, boolean]> }> = [
    { replicas: 3, tolerance: 0.5, pods: [[running(), true, true], [running(), true, false], [running(), true, false]] },
    { replicas: 4, tolerance: 0.5, pods: [[running(), true, true], [running(), true, true], [running(), true, false], [running(), true, false]] },
    { replicas: 4, tolerance: 0.5, pods: [[running(), true, true], [running(), true, false], [running(), true, false]] },
    { replicas: 3, tolerance: 0.1, pods: [[running(), true, true], [running(), true, false], [running(), true, false]] },
    { replicas: 3, tolerance: 0.1, pods: [[running(), false, false], [running(), false, false]] },
    { replicas: 3, tolerance: 0.5, pods: [[running(), false, false], [pending(), true, true], [running(), false, false]] },
    { replicas: 4, tolerance: 0.5, pods: [[running(), false, false], [pending(), true, true], [pending(), true, true], [pending(), true, true]] },
  ];
  cases.forEach((tc, i) => {
    it(`TestEvictReplicatedByController case ${i}`, () => {
      const r = createEvictionRestriction([{ id: 'rc', configuredReplicas: tc.replicas, pods: tc.pods.map(([p]) => p) }], { minReplicas: 2, evictionToleranceFraction: tc.tolerance });
      for (const [p, can] of tc.pods) expect(canEvict(r, p.id)).toBe(can);
      for (const [p, , success] of tc.pods) expect(evict(r, p.id)).toBe(success);
    });
  });
  const five = (): ReplicaGroupPod[] => Array.from({ length: 5 }, running);
  it('TestEvictReplicatedByReplicaSet / StatefulSet / Job: 5 of 5 with tolerance 0.5 → 2 evictions', () => {
    const pods = five();
    const r = createEvictionRestriction([{ id: 'rs', configuredReplicas: 5, pods }]);
    expect(pods.every((p) => canEvict(r, p.id))).toBe(true);
    expect(pods.map((p) => evict(r, p.id))).toEqual([true, true, false, false, false]);
  });
  it('TestEvictTooFewReplicas: minReplicas 10', () => {
    const pods = five();
    const r = createEvictionRestriction([{ id: 'rc', configuredReplicas: 5, pods }], { minReplicas: 10, evictionToleranceFraction: 0.5 });
    expect(pods.some((p) => canEvict(r, p.id))).toBe(false);
    expect(pods.map((p) => evict(r, p.id))).toEqual([false, false, false, false, false]);
  });
  it('TestEvictionTolerance: 0.8 → 4 evictions', () => {
    const pods = five();
    const r = createEvictionRestriction([{ id: 'rc', configuredReplicas: 5, pods }], { minReplicas: 2, evictionToleranceFraction: 0.8 });
    expect(pods.map((p) => evict(r, p.id))).toEqual([true, true, true, true, false]);
  });
  it('TestEvictAtLeastOne: 0.1 → 1 eviction', () => {
    const pods = five();
    const r = createEvictionRestriction([{ id: 'rc', configuredReplicas: 5, pods }], { minReplicas: 2, evictionToleranceFraction: 0.1 });
    expect(pods.map((p) => evict(r, p.id))).toEqual([true, false, false, false, false]);
  });
  it('tolerance is truncated; unknown pods cannot be evicted', () => {
    expect([1, 2, 3, 4, 5, 7].map((n) => evictionTolerance(n))).toEqual([0, 1, 1, 2, 2, 3]);
    expect(canEvict(createEvictionRestriction([]), 'nope')).toBe(false);
  });
});
