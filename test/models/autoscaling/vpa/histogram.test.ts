// VPA histograms. Cases transcribed from kubernetes/autoscaler vertical-pod-autoscaler/pkg/recommender/util/
// histogram_test.go, decaying_histogram_test.go and histogram_options_test.go; plus properties.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDecayingSample,
  addSample,
  bucketStart,
  cloneHistogram,
  CPU_HISTOGRAM_OPTIONS,
  decayFactor,
  exponentialHistogramOptions,
  findBucket,
  isEmpty,
  linearHistogramOptions,
  MEMORY_HISTOGRAM_OPTIONS,
  mergeDecayingHistogram,
  mergeHistogram,
  newDecayingHistogram,
  newHistogram,
  percentile,
  subtractSample,
  type Histogram,
} from '../../../../src/models/autoscaling/vpa/histogram.js';

const valueEpsilon = 1e-15;
const weightEpsilon = 1e-15;
const HOUR = 3_600_000;
const testOptions = linearHistogramOptions(10.0, 1.0, weightEpsilon);
/** testify InEpsilon: relative error ≤ epsilon. */
function inEpsilon(expected: number, actual: number, epsilon = valueEpsilon): void {
  expect(Math.abs(expected - actual) / Math.abs(expected)).toBeLessThanOrEqual(epsilon);
}
/** upstream histogram.Equals: same min/max buckets and weights within 1e-15. */
function histogramsEqual(a: Histogram, b: Histogram): boolean {
  if (a.minBucket !== b.minBucket || a.maxBucket !== b.maxBucket) return false;
  for (let i = a.minBucket; i <= a.maxBucket; i++) if (Math.abs((a.bucketWeight[i] as number) - (b.bucketWeight[i] as number)) > 1e-15) return false;
  return true;
}

describe('histogram_options_test.go', () => {
  it('TestLinearHistogramOptions', () => {
    const o = linearHistogramOptions(5.0, 0.3, 0.001);
    expect(o.epsilon).toBe(0.001);
    expect(o.numBuckets).toBe(18);
    expect(bucketStart(o, 0)).toBe(0.0);
    expect(bucketStart(o, 17)).toBe(5.1);
    expect(findBucket(o, -1.0)).toBe(0);
    expect(findBucket(o, 0.0)).toBe(0);
    expect(findBucket(o, 1.3)).toBe(4);
    expect(findBucket(o, 100.0)).toBe(17);
  });
  it('TestExponentialHistogramOptions', () => {
    const o = exponentialHistogramOptions(500.0, 40.0, 1.5, 0.001);
    expect(o.epsilon).toBe(0.001);
    expect(o.numBuckets).toBe(6);
    expect([0, 1, 2, 3, 4, 5].map((b) => bucketStart(o, b))).toEqual([0.0, 40.0, 100.0, 190.0, 325.0, 527.5]);
    expect(findBucket(o, -1.0)).toBe(0);
    expect(findBucket(o, 39.99)).toBe(0);
    expect(findBucket(o, 40.0)).toBe(1);
    expect(findBucket(o, 100.0)).toBe(2);
    expect(findBucket(o, 900.0)).toBe(5);
  });
  it('invalid options throw', () => {
    expect(() => linearHistogramOptions(0, 1, 1)).toThrow(RangeError);
    expect(() => exponentialHistogramOptions(10, 1, 1, 1)).toThrow(RangeError);
  });
  it('the recommender bucket schemes (aggregations_config.go)', () => {
    expect(CPU_HISTOGRAM_OPTIONS).toMatchObject({ kind: 'exponential', firstBucketSize: 0.01, ratio: 1.05, epsilon: 0.0001, numBuckets: 176 });
    expect(MEMORY_HISTOGRAM_OPTIONS).toMatchObject({ kind: 'exponential', firstBucketSize: 1e7, ratio: 1.05, epsilon: 0.0001, numBuckets: 176 });
    expect(bucketStart(CPU_HISTOGRAM_OPTIONS, 175)).toBeGreaterThanOrEqual(1000);
    expect(bucketStart(CPU_HISTOGRAM_OPTIONS, 174)).toBeLessThan(1000);
  });
});

describe('histogram_test.go', () => {
  it('TestPercentilesEmptyHistogram', () => {
    const h = newHistogram(testOptions);
    for (let p = -0.5; p <= 1.5; p += 0.5) expect(percentile(h, p)).toBe(0.0);
  });
  it('TestPercentiles', () => {
    const h = newHistogram(testOptions);
    for (let i = 1; i <= 4; i++) addSample(h, i, i);
    const expected: Array<[number, number]> = [
      [0.0, 2], [0.1, 2], [0.2, 3], [0.3, 3], [0.4, 4], [0.5, 4], [0.6, 4], [0.7, 5], [0.8, 5], [0.9, 5], [1.0, 5],
    ];
    for (const [p, v] of expected) inEpsilon(v, percentile(h, p));
  });
  it('TestPercentileOutOfBounds', () => {
    const h = newHistogram(linearHistogramOptions(1.0, 0.1, weightEpsilon));
    addSample(h, 0.1, 0.1);
    addSample(h, 0.2, 0.2);
    inEpsilon(0.2, percentile(h, -0.1));
    inEpsilon(0.3, percentile(h, 1.1));
    addSample(h, 0.0, 0.1);
    addSample(h, 1.0, 0.2);
    inEpsilon(0.1, percentile(h, -0.1));
    inEpsilon(1.0, percentile(h, 1.1));
  });
  it('TestEmptyHistogram', () => {
    const h = newHistogram(linearHistogramOptions(1.0, 0.1, weightEpsilon));
    expect(isEmpty(h)).toBe(true);
    addSample(h, 0.1, weightEpsilon * 2.5);
    expect(isEmpty(h)).toBe(false);
    subtractSample(h, 0.1, weightEpsilon);
    expect(isEmpty(h)).toBe(false);
    subtractSample(h, 0.1, weightEpsilon);
    expect(isEmpty(h)).toBe(true);
  });
  it('TestNonEmptyOnEpsilonAddition', () => {
    const h = newHistogram(linearHistogramOptions(1.0, 0.1, weightEpsilon));
    expect(isEmpty(h)).toBe(true);
    addSample(h, 9.9, weightEpsilon * 3);
    expect(isEmpty(h)).toBe(false);
    addSample(h, 0.1, weightEpsilon * 0.3);
    expect(isEmpty(h)).toBe(false);
    addSample(h, 999.9, weightEpsilon * 0.3);
    expect(isEmpty(h)).toBe(false);
  });
  it('TestHistogramMerge', () => {
    const h1 = newHistogram(testOptions);
    addSample(h1, 1, 1);
    addSample(h1, 2, 1);
    const h2 = newHistogram(testOptions);
    addSample(h2, 2, 1);
    addSample(h2, 3, 1);
    const expected = newHistogram(testOptions);
    for (const v of [1, 2, 2, 3]) addSample(expected, v, 1);
    mergeHistogram(h1, h2);
    expect(histogramsEqual(h1, expected)).toBe(true);
    expect(h1.totalWeight).toBe(4);
  });
  it('negative weights are rejected; merging different options throws', () => {
    expect(() => addSample(newHistogram(testOptions), 1, -1)).toThrow(RangeError);
    expect(() => mergeHistogram(newHistogram(testOptions), newHistogram(linearHistogramOptions(5, 1, 1e-15)))).toThrow();
  });
});

describe('decaying_histogram_test.go', () => {
  const startTime = 1234567890 * 1000;
  it('TestPercentilesEmptyDecayingHistogram', () => {
    const h = newDecayingHistogram(testOptions, HOUR);
    for (let p = -0.5; p <= 1.5; p += 0.5) expect(percentile(h, p)).toBe(0.0);
  });
  it('TestSimpleDecay', () => {
    const h = newDecayingHistogram(testOptions, HOUR);
    addDecayingSample(h, 2, 1000, startTime);
    addDecayingSample(h, 1, 1, startTime + 20 * HOUR);
    inEpsilon(2, percentile(h, 0.999));
    inEpsilon(3, percentile(h, 1.0));
  });
  it('TestLongtermDecay', () => {
    const h = newDecayingHistogram(testOptions, HOUR);
    addDecayingSample(h, 2, 1, startTime);
    addDecayingSample(h, 1, 1, startTime + 101 * HOUR);
    inEpsilon(2, percentile(h, 1.0));
  });
  it('TestDecayingHistogramPercentiles', () => {
    const h = newDecayingHistogram(testOptions, HOUR);
    let t = startTime;
    for (let i = 1; i <= 4; i++) {
      addDecayingSample(h, i, i, t);
      t += HOUR;
    }
    const expected: Array<[number, number]> = [[0.0, 2], [0.02, 2], [0.03, 3], [0.1, 3], [0.11, 4], [0.34, 4], [0.35, 5], [1.0, 5]];
    for (const [p, v] of expected) inEpsilon(v, percentile(h, p));
  });
  it('TestNoDecay', () => {
    const h = newDecayingHistogram(testOptions, HOUR);
    for (let i = 1; i <= 4; i++) addDecayingSample(h, i, i, startTime);
    const expected: Array<[number, number]> = [[0.0, 2], [0.2, 3], [0.1, 2], [0.3, 3], [0.4, 4], [0.5, 4], [0.6, 4], [0.7, 5], [0.8, 5], [0.9, 5], [1.0, 5]];
    for (const [p, v] of expected) inEpsilon(v, percentile(h, p));
  });
  it('TestDecayingHistogramMerge', () => {
    const h1 = newDecayingHistogram(testOptions, HOUR);
    addDecayingSample(h1, 1, 1, startTime);
    addDecayingSample(h1, 2, 1, startTime + HOUR);
    const h2 = newDecayingHistogram(testOptions, HOUR);
    addDecayingSample(h2, 2, 1, startTime + 2 * HOUR);
    addDecayingSample(h2, 3, 1, startTime + HOUR);
    const expected = newDecayingHistogram(testOptions, HOUR);
    addDecayingSample(expected, 2, 1, startTime + 2 * HOUR);
    addDecayingSample(expected, 2, 1, startTime + HOUR);
    addDecayingSample(expected, 3, 1, startTime + HOUR);
    addDecayingSample(expected, 1, 1, startTime);
    const h2Before = cloneHistogram(h2);
    mergeDecayingHistogram(h1, h2);
    expect(h1.referenceTimestampMs).toBe(expected.referenceTimestampMs);
    expect(histogramsEqual(h1, expected)).toBe(true);
    expect(h2).toEqual(h2Before);
  });
  it('the first sample sets the reference to the sample time rounded to the half-life (halfway up)', () => {
    const h = newDecayingHistogram(testOptions, HOUR);
    expect(h.referenceTimestampMs).toBeNull();
    addDecayingSample(h, 1, 1, 5 * HOUR + HOUR / 2);
    expect(h.referenceTimestampMs).toBe(6 * HOUR);
    const g = newDecayingHistogram(testOptions, HOUR);
    addDecayingSample(g, 1, 1, 5 * HOUR + HOUR / 2 - 1);
    expect(g.referenceTimestampMs).toBe(5 * HOUR);
  });
  it('the reference moves forward only beyond 100 half-lives', () => {
    const h = newDecayingHistogram(testOptions, HOUR);
    addDecayingSample(h, 1, 1, 0);
    expect(decayFactor(h, 100 * HOUR)).toBe(2 ** 100);
    expect(h.referenceTimestampMs).toBe(0);
    expect(decayFactor(h, 100 * HOUR + 1)).toBeCloseTo(2 ** (1 / HOUR), 12);
    expect(h.referenceTimestampMs).toBe(100 * HOUR);
    expect(h.totalWeight).toBe(2 ** -100);
  });
});

describe('properties', () => {
  const sample = fc.record({ value: fc.double({ min: 0, max: 2000, noNaN: true }), weight: fc.double({ min: 0.01, max: 100, noNaN: true }) });
  it('percentiles are monotone in p', () => {
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 30 }), fc.double({ min: -0.5, max: 1.5, noNaN: true }), fc.double({ min: -0.5, max: 1.5, noNaN: true }), (samples, a, b) => {
        const h = newHistogram(CPU_HISTOGRAM_OPTIONS);
        for (const s of samples) addSample(h, s.value, s.weight);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        return percentile(h, lo) <= percentile(h, hi);
      }),
    );
  });
  it('a percentile is a bucket boundary at or above the smallest sample and at most the bucket end of the largest', () => {
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (samples, p) => {
        const h = newHistogram(CPU_HISTOGRAM_OPTIONS);
        for (const s of samples) addSample(h, s.value, s.weight);
        const v = percentile(h, p);
        const maxBucket = Math.max(...samples.map((s) => findBucket(CPU_HISTOGRAM_OPTIONS, s.value)));
        const minBucket = Math.min(...samples.map((s) => findBucket(CPU_HISTOGRAM_OPTIONS, s.value)));
        const upper = maxBucket === CPU_HISTOGRAM_OPTIONS.numBuckets - 1 ? bucketStart(CPU_HISTOGRAM_OPTIONS, maxBucket) : bucketStart(CPU_HISTOGRAM_OPTIONS, maxBucket + 1);
        return v > bucketStart(CPU_HISTOGRAM_OPTIONS, minBucket) - 1e-12 && v <= upper;
      }),
    );
  });
  it('decaying weights halve per half-life', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0.1, max: 10, noNaN: true }), (startHours, k, w) => {
        const h = newDecayingHistogram(testOptions, HOUR);
        const t0 = startHours * HOUR + 123;
        addDecayingSample(h, 1, w, t0);
        const older = h.bucketWeight[1] as number;
        addDecayingSample(h, 2, w, t0 + k * HOUR);
        const newer = h.bucketWeight[2] as number;
        const olderNow = h.bucketWeight[1] as number;
        return Math.abs(newer / olderNow - 2 ** k) <= 1e-9 * 2 ** k && olderNow === older;
      }),
    );
  });
  it('adding samples at one time equals the plain histogram (no decay)', () => {
    fc.assert(
      fc.property(fc.array(sample, { minLength: 1, maxLength: 20 }), fc.integer({ min: 0, max: 1e9 }), fc.double({ min: 0, max: 1, noNaN: true }), (samples, t, p) => {
        const plain = newHistogram(CPU_HISTOGRAM_OPTIONS);
        const decaying = newDecayingHistogram(CPU_HISTOGRAM_OPTIONS, 24 * HOUR);
        for (const s of samples) {
          addSample(plain, s.value, s.weight);
          addDecayingSample(decaying, s.value, s.weight, t);
        }
        return percentile(plain, p) === percentile(decaying, p);
      }),
    );
  });
});
