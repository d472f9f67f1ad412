// VPA recommender math. Cases transcribed from kubernetes/autoscaler vertical-pod-autoscaler/pkg/recommender/
// logic/estimator_test.go, logic/recommender_test.go, model/container_test.go (memory peaks, OOM), and the
// rounding case of the recommendation formatting test (MapToListOfRecommendedContainerResources, 100m / 1024 B).
import { describe, expect, it } from 'vitest';
import {
  addDecayingSample,
  cloneHistogram,
  newDecayingHistogram,
  MEMORY_HISTOGRAM_OPTIONS,
  subtractDecayingSample,
} from '../../../../src/models/autoscaling/vpa/histogram.js';
import {
  aggregateAddCpuSample,
  containerAddCpuSample,
  containerAddMemorySample,
  cpuAmountFromCores,
  DEFAULT_RECOMMENDER_CONFIG,
  estimateContainerResources,
  getConfidence,
  isAggregateExpired,
  mergeAggregateStates,
  minContainerResources,
  newAggregateContainerState,
  newContainerState,
  oomMemoryNeeded,
  percentileEstimate,
  recommendPodResources,
  recordOom,
  resourceAmountFromFloat,
  roundUpToScale,
  withConfidenceMultiplier,
  withMargin,
  type AggregateContainerState,
} from '../../../../src/models/autoscaling/vpa/recommender.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const mb = 1024 * 1024;

describe('estimator_test.go', () => {
  it('TestPercentileEstimator', () => {
    const agg = newAggregateContainerState(0);
    for (const cores of [1.0, 2.0, 3.0]) addDecayingSample(agg.cpuUsage, cores, 1.0, 0);
    for (const bytes of [1e9, 2e9, 3e9]) addDecayingSample(agg.memoryPeaks, bytes, 1.0, 0);
    const est = percentileEstimate(agg, 0.2, 0.5);
    expect(Math.abs(est.cpuMilli / 1000 - 1.0) / 1.0).toBeLessThanOrEqual(0.05);
    expect(Math.abs(est.memoryBytes - 2e9) / 2e9).toBeLessThanOrEqual(0.05);
  });
  it('TestConfidenceMultiplier: 9 samples 2 minutes apart', () => {
    const agg = newAggregateContainerState(0);
    let t = 0;
    for (let i = 1; i <= 9; i++) {
      aggregateAddCpuSample(agg, { startMs: t, usageMilli: 1000, requestMilli: cpuAmountFromCores(3.14) });
      t += 2 * MINUTE;
    }
    const confidence = getConfidence(agg);
    expect(confidence).toBe(0.00625);
    // 3.14 × (1 + 0.1/0.00625)^2 = 907.46 cores.
    expect(withConfidenceMultiplier(cpuAmountFromCores(3.14), confidence, 0.1, 2.0) / 1000).toBe(907.46);
  });
  it('TestConfidenceMultiplierNoHistory', () => {
    const confidence = getConfidence(newAggregateContainerState(0));
    expect(confidence).toBe(0);
    expect(withConfidenceMultiplier(cpuAmountFromCores(3.14), confidence, 1.0, 1.0)).toBe(1e14);
    expect(withConfidenceMultiplier(cpuAmountFromCores(3.14), confidence, 1.0, -1.0)).toBe(0);
  });
  it('TestMarginEstimator', () => {
    // Upstream compares with the Go constant 3.14*1.1, which is exact: 3.454.
    expect(withMargin(cpuAmountFromCores(3.14), 0.1) / 1000).toBe(3.454);
    expect(withMargin(resourceAmountFromFloat(3.14e9), 0.1)).toBe(3.454e9);
  });
  it('TestMinResourcesEstimator (the minimum applies per resource)', () => {
    const agg = newAggregateContainerState(0);
    expect(cpuAmountFromCores(3.14)).toBe(3140);
    // An empty history gives 0 percentiles: everything is lifted to the per-container minimum.
    const rec = estimateContainerResources(agg, 1, { ...DEFAULT_RECOMMENDER_CONFIG, podMinCpuMillicores: 200, podMinMemoryMb: 4e8 / mb });
    expect(rec.target).toEqual({ cpuMilli: 200, memoryBytes: 4e8 });
  });
});

describe('recommender_test.go', () => {
  const empty = (): AggregateContainerState => newAggregateContainerState(0);
  it('TestMinResourcesApplied', () => {
    const rec = recommendPodResources({ 'container-1': empty() });
    expect(rec['container-1']?.target).toEqual({ cpuMilli: 25, memoryBytes: 250 * mb });
    expect(rec['container-1']?.lowerBound).toEqual({ cpuMilli: 25, memoryBytes: 250 * mb });
    expect(rec['container-1']?.upperBound).toEqual({ cpuMilli: 25, memoryBytes: 250 * mb });
  });
  it('TestMinResourcesSplitAcrossContainers', () => {
    const rec = recommendPodResources({ 'container-1': empty(), 'container-2': empty() });
    for (const name of ['container-1', 'container-2']) {
      expect(rec[name]?.target).toEqual({ cpuMilli: cpuAmountFromCores(0.025 / 2), memoryBytes: (250 * mb) / 2 });
    }
    expect(minContainerResources(2)).toEqual({ cpuMilli: 12, memoryBytes: 131072000 });
  });
  it('TestControlledResourcesFiltered', () => {
    const rec = recommendPodResources({ 'container-1': empty() }, DEFAULT_RECOMMENDER_CONFIG, { 'container-1': ['memory'] });
    for (const bound of ['target', 'lowerBound', 'upperBound'] as const) {
      expect(rec['container-1']?.[bound]).toHaveProperty('memoryBytes');
      expect(rec['container-1']?.[bound]).not.toHaveProperty('cpuMilli');
    }
  });
  it('TestControlledResourcesFilteredDefault', () => {
    const rec = recommendPodResources({ 'container-1': empty() }, DEFAULT_RECOMMENDER_CONFIG, { 'container-1': ['memory', 'cpu'] });
    expect(Object.keys(rec['container-1']?.target ?? {}).sort()).toEqual(['cpuMilli', 'memoryBytes']);
  });
  it('rounding up (RoundCPUMillicores 100, RoundMemoryBytes 1024)', () => {
    expect([101, 250, 50, 150].map((v) => roundUpToScale(v, 100))).toEqual([200, 300, 100, 200]);
    expect([2049, 8192, 1024, 4096].map((v) => roundUpToScale(v, 1024))).toEqual([3072, 8192, 1024, 4096]);
    expect(roundUpToScale(0, 100)).toBe(0);
    expect(roundUpToScale(12345, 1)).toBe(12345);
    const rec = estimateContainerResources(empty(), 2, { ...DEFAULT_RECOMMENDER_CONFIG, roundCpuMillicores: 10, roundMemoryBytes: 1e6 });
    expect(rec.target).toEqual({ cpuMilli: 20, memoryBytes: 132_000_000 });
  });
  it('empty input gives an empty recommendation', () => {
    expect(recommendPodResources({})).toEqual({});
  });
});

describe('end to end: one week of steady samples', () => {
  it('target = p90 bucket end × 1.15; bounds from p50 / p95 with the confidence multipliers', () => {
    const agg = newAggregateContainerState(0);
    const container = newContainerState();
    for (let t = 0; t < 7 * DAY; t += MINUTE) {
      containerAddCpuSample(container, agg, { startMs: t, usageMilli: t % (4 * MINUTE) === 0 ? 400 : 200, requestMilli: 500 });
      containerAddMemorySample(container, agg, { startMs: t, usageBytes: 500e6 });
    }
    const confidence = getConfidence(agg);
    expect(confidence).toBeCloseTo(7 - 1 / 1440, 9);
    const p90 = percentileEstimate(agg, 0.9, 0.9);
    const rec = estimateContainerResources(agg, 1);
    expect(rec.target.cpuMilli).toBe(p90.cpuMilli + Math.trunc(p90.cpuMilli * 0.15));
    expect(rec.target.memoryBytes).toBe(p90.memoryBytes + Math.trunc(p90.memoryBytes * 0.15));
    const p95 = percentileEstimate(agg, 0.95, 0.95);
    expect(rec.upperBound.cpuMilli).toBe(Math.trunc(withMargin(p95.cpuMilli, 0.15) * (1 + 1 / confidence)));
    const p50 = percentileEstimate(agg, 0.5, 0.5);
    expect(rec.lowerBound.cpuMilli).toBe(Math.trunc(withMargin(p50.cpuMilli, 0.15) * Math.pow(1 + 0.001 / confidence, -2)));
    // 3/4 of the CPU samples are 200m, 1/4 are 400m: p50 is the end of the 200m bucket, p90 of the 400m one.
    expect(p50.cpuMilli).toBeGreaterThanOrEqual(200);
    expect(p50.cpuMilli).toBeLessThan(200 * 1.08);
    expect(p90.cpuMilli).toBeGreaterThanOrEqual(400);
    expect(p90.cpuMilli).toBeLessThan(400 * 1.08);
    expect(p90.memoryBytes).toBeGreaterThanOrEqual(500e6);
    expect(p90.memoryBytes).toBeLessThan(500e6 * 1.08);
  });
});

describe('container_test.go: memory peaks and OOMs', () => {
  const testTimestamp = Date.UTC(2017, 3, 18, 17, 35, 5);
  const interval = DEFAULT_RECOMMENDER_CONFIG.memoryAggregationIntervalMs;
  /** The memory histogram after applying the operations upstream's mock expects, in order. */
  function expectedMemory(ops: Array<['add' | 'sub', number, number]>) {
    const h = newDecayingHistogram(MEMORY_HISTOGRAM_OPTIONS, DEFAULT_RECOMMENDER_CONFIG.memoryHistogramHalfLifeMs);
    for (const [op, value, time] of ops) (op === 'add' ? addDecayingSample : subtractDecayingSample)(h, value, 1.0, time);
    return h;
  }

  it('TestAggregateContainerUsageSamples', () => {
    const agg = newAggregateContainerState(testTimestamp);
    const c = newContainerState();
    const timeStep = interval / 2;
    const cpu = (dt: number, usageMilli: number) => containerAddCpuSample(c, agg, { startMs: testTimestamp + dt, usageMilli, requestMilli: 2300 });
    const mem = (dt: number, usageBytes: number) => containerAddMemorySample(c, agg, { startMs: testTimestamp + dt, usageBytes });
    expect(cpu(0, 3140)).toBe(true);
    expect(mem(0, 5)).toBe(true);
    expect(cpu(timeStep, 6280)).toBe(true);
    expect(mem(timeStep, 10)).toBe(true);
    expect(cpu(2 * timeStep, 1570)).toBe(true);
    expect(mem(2 * timeStep, 2)).toBe(true);
    expect(cpu(2 * timeStep, 1000)).toBe(false); // out of order
    expect(cpu(4 * timeStep, -1000)).toBe(false); // negative
    expect(mem(4 * timeStep, -1000)).toBe(false); // negative
    // CPU: weight = request (2.3 cores).
    const cpuExpected = newDecayingHistogram(agg.cpuUsage.options, DAY);
    addDecayingSample(cpuExpected, 3.14, 2.3, testTimestamp);
    addDecayingSample(cpuExpected, 6.28, 2.3, testTimestamp + timeStep);
    addDecayingSample(cpuExpected, 1.57, 2.3, testTimestamp + 2 * timeStep);
    expect(agg.cpuUsage).toEqual(cpuExpected);
    const windowEnd = testTimestamp + interval;
    expect(agg.memoryPeaks).toEqual(
      expectedMemory([
        ['add', 5, windowEnd],
        ['sub', 5, windowEnd],
        ['add', 10, windowEnd],
        ['add', 2, windowEnd + interval],
      ]),
    );
    expect(agg.totalSamplesCount).toBe(3);
    expect(agg.firstSampleStartMs).toBe(testTimestamp);
    expect(agg.lastSampleStartMs).toBe(testTimestamp + 2 * timeStep);
  });
  it('TestRecordOOMIncreasedByBumpUp', () => {
    const agg = newAggregateContainerState(testTimestamp);
    expect(recordOom(newContainerState(), agg, testTimestamp, 1000 * mb)).toBe(true);
    expect(agg.memoryPeaks).toEqual(expectedMemory([['add', 1200 * mb, testTimestamp + interval]]));
  });
  it('TestRecordOOMDontRunAway', () => {
    const agg = newAggregateContainerState(testTimestamp);
    const c = newContainerState();
    const end = testTimestamp + interval;
    expect(recordOom(c, agg, testTimestamp, 1000 * mb)).toBe(true);
    expect(recordOom(c, agg, testTimestamp, 999 * mb)).toBe(true);
    expect(recordOom(c, agg, testTimestamp, 999 * mb)).toBe(true);
    expect(agg.memoryPeaks).toEqual(expectedMemory([['add', 1200 * mb, end]]));
    expect(recordOom(c, agg, testTimestamp, 2000 * mb)).toBe(true);
    expect(agg.memoryPeaks).toEqual(
      expectedMemory([
        ['add', 1200 * mb, end],
        ['sub', 1200 * mb, end],
        ['add', 2400 * mb, end],
      ]),
    );
  });
  it('TestRecordOOMIncreasedByMin', () => {
    const agg = newAggregateContainerState(testTimestamp);
    expect(recordOom(newContainerState(), agg, testTimestamp, 1 * mb)).toBe(true);
    expect(agg.memoryPeaks).toEqual(expectedMemory([['add', 101 * mb, testTimestamp + interval]]));
    expect(oomMemoryNeeded(1 * mb, 0)).toBe(101 * mb);
  });
  it('TestRecordOOMMaxedWithKnownSample', () => {
    const agg = newAggregateContainerState(testTimestamp);
    const c = newContainerState();
    const end = testTimestamp + interval;
    expect(containerAddMemorySample(c, agg, { startMs: testTimestamp, usageBytes: 3000 * mb })).toBe(true);
    expect(recordOom(c, agg, testTimestamp, 1000 * mb)).toBe(true);
    expect(agg.memoryPeaks).toEqual(
      expectedMemory([
        ['add', 3000 * mb, end],
        ['sub', 3000 * mb, end],
        ['add', 3600 * mb, end],
      ]),
    );
  });
  it('TestRecordOOMDiscardsOldSample', () => {
    const agg = newAggregateContainerState(testTimestamp);
    const c = newContainerState();
    expect(containerAddMemorySample(c, agg, { startMs: testTimestamp, usageBytes: 1000 * mb })).toBe(true);
    const before = cloneHistogram(agg.memoryPeaks);
    expect(recordOom(c, agg, testTimestamp - 30 * HOUR, 1000 * mb)).toBe(false);
    expect(agg.memoryPeaks).toEqual(before);
  });
  it('TestRecordOOMInNewWindow', () => {
    const agg = newAggregateContainerState(testTimestamp);
    const c = newContainerState();
    const end = testTimestamp + interval;
    expect(containerAddMemorySample(c, agg, { startMs: testTimestamp, usageBytes: 2000 * mb })).toBe(true);
    expect(recordOom(c, agg, testTimestamp + 2 * interval, 1000 * mb)).toBe(true);
    expect(agg.memoryPeaks).toEqual(
      expectedMemory([
        ['add', 2000 * mb, end],
        ['add', 2400 * mb, end + 2 * interval],
      ]),
    );
  });
  it('an older non-OOM memory sample is discarded; an OOM sample is always processed', () => {
    const agg = newAggregateContainerState(0);
    const c = newContainerState();
    expect(containerAddMemorySample(c, agg, { startMs: HOUR, usageBytes: 10 * mb })).toBe(true);
    expect(containerAddMemorySample(c, agg, { startMs: HOUR - 1, usageBytes: 20 * mb })).toBe(false);
    expect(containerAddMemorySample(c, agg, { startMs: HOUR, usageBytes: 20 * mb })).toBe(true);
    expect(c.memoryPeakBytes).toBe(20 * mb);
  });
});

describe('aggregate state', () => {
  it('merge widens first/last sample times and sums counts', () => {
    const a = newAggregateContainerState(0);
    const b = newAggregateContainerState(0);
    aggregateAddCpuSample(a, { startMs: 5 * HOUR, usageMilli: 100, requestMilli: 0 });
    aggregateAddCpuSample(b, { startMs: 2 * HOUR, usageMilli: 100, requestMilli: 0 });
    aggregateAddCpuSample(b, { startMs: 9 * HOUR, usageMilli: 100, requestMilli: 0 });
    const merged = newAggregateContainerState(0);
    mergeAggregateStates(merged, a);
    mergeAggregateStates(merged, b);
    expect([merged.firstSampleStartMs, merged.lastSampleStartMs, merged.totalSamplesCount]).toEqual([2 * HOUR, 9 * HOUR, 3]);
    expect(merged.cpuUsage.totalWeight).toBeGreaterThan(0);
  });
  it('CPU weight is max(request cores, 0.1)', () => {
    const a = newAggregateContainerState(0);
    aggregateAddCpuSample(a, { startMs: 0, usageMilli: 100, requestMilli: 0 });
    expect(a.cpuUsage.totalWeight).toBe(0.1);
    aggregateAddCpuSample(a, { startMs: 0, usageMilli: 100, requestMilli: 2500 });
    expect(a.cpuUsage.totalWeight).toBeCloseTo(2.6, 12);
  });
  it('expires after a whole aggregation window (8 × 24 h) without samples', () => {
    const a = newAggregateContainerState(0);
    expect(isAggregateExpired(a, 8 * DAY - 1)).toBe(false);
    expect(isAggregateExpired(a, 8 * DAY)).toBe(true);
    aggregateAddCpuSample(a, { startMs: DAY, usageMilli: 1, requestMilli: 1 });
    expect(isAggregateExpired(a, 9 * DAY - 1)).toBe(false);
    expect(isAggregateExpired(a, 9 * DAY)).toBe(true);
  });
});
