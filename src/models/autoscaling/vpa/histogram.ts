// VPA recommender histograms: bucketed weight distributions (linear or exponential buckets) and
// the decaying histogram whose sample weights grow as 2^((t − reference) / halfLife), so that a
// sample loses half its relative importance every half-life.
//
// Upstream (kubernetes/autoscaler vertical-pod-autoscaler/pkg/recommender/util/):
//   histogram_options.go    NewLinearHistogramOptions, NewExponentialHistogramOptions, FindBucket, GetBucketStart
//   histogram.go            AddSample, SubtractSample, Merge, Percentile, IsEmpty, scale, updateMinAndMaxBucket
//   decaying_histogram.go   decayFactor, shiftReferenceTimestamp (maxDecayExponent 100), Merge
//   model/aggregations_config.go  CPU / memory bucket schemes and epsilon
//
// Percentile returns the END of the bucket holding the percentile (the start of the next bucket),
// except for the last bucket, which has no end: then its start. An empty histogram gives 0.
//
// The state is plain data; the functions update the histogram passed in place (as the upstream
// methods do) and keep no state of their own. Checkpoints (SaveToCheckpoint/LoadFromCheckpoint)
// are not modelled. Times are virtual milliseconds. Upstream's initial reference timestamp is
// Go's zero time; here it is `null`, and as upstream the first sample moves it to the sample time
// rounded to a multiple of the half-life (multiples counted from virtual time 0).

export type HistogramOptions =
  | { readonly kind: 'linear'; readonly numBuckets: number; readonly bucketSize: number; readonly epsilon: number }
  | {
      readonly kind: 'exponential';
      readonly numBuckets: number;
      readonly firstBucketSize: number;
      readonly ratio: number;
      readonly epsilon: number;
    };

export interface Histogram {
  readonly options: HistogramOptions;
  /** Total weight of the samples in each bucket. */
  readonly bucketWeight: number[];
  totalWeight: number;
  /** First non-empty bucket, or the last bucket when empty. */
  minBucket: number;
  /** Last non-empty bucket, or 0 when empty. */
  maxBucket: number;
}

export interface DecayingHistogram extends Histogram {
  readonly halfLifeMs: number;
  /** Always a multiple of halfLifeMs; null = never set (upstream: the zero time). */
  referenceTimestampMs: number | null;
}

/** When the decay factor would exceed 2^MAX_DECAY_EXPONENT the reference timestamp is moved forward. */
export const MAX_DECAY_EXPONENT = 100;

function logBase(base: number, x: number): number {
  return Math.log(x) / Math.log(base);
}

/** Fixed-size buckets starting at 0; the last bucket starts at or above maxValue. */
export function linearHistogramOptions(maxValue: number, bucketSize: number, epsilon: number): HistogramOptions {
  if (!(maxValue > 0) || !(bucketSize > 0) || !(epsilon > 0)) throw new RangeError('maxValue and bucketSize must both be positive');
  return { kind: 'linear', numBuckets: Math.trunc(Math.ceil(maxValue / bucketSize)) + 1, bucketSize, epsilon };
}

/**
 * Exponentially growing buckets: bucket 0 covers [0, firstBucketSize), bucket n has size
 * firstBucketSize·ratio^n and starts at firstBucketSize·(ratio^n − 1)/(ratio − 1); the last
 * bucket starts at or above maxValue.
 */
export function exponentialHistogramOptions(maxValue: number, firstBucketSize: number, ratio: number, epsilon: number): HistogramOptions {
  if (!(maxValue > 0) || !(firstBucketSize > 0) || !(ratio > 1) || !(epsilon > 0)) {
    throw new RangeError('maxValue, firstBucketSize and epsilon must be > 0.0, ratio must be > 1.0');
  }
  const numBuckets = Math.trunc(Math.ceil(logBase(ratio, (maxValue * (ratio - 1)) / firstBucketSize + 1))) + 1;
  return { kind: 'exponential', numBuckets, firstBucketSize, ratio, epsilon };
}

/** Minimal weight of any sample before decay (model/aggregations_config.go minSampleWeight). */
export const MIN_SAMPLE_WEIGHT = 0.1;
/** Minimal bucket weight kept (0.001 × minSampleWeight). */
export const HISTOGRAM_EPSILON = 0.001 * MIN_SAMPLE_WEIGHT;
/** DefaultHistogramBucketSizeGrowth: each bucket 5% larger than the previous one. */
export const HISTOGRAM_BUCKET_SIZE_GROWTH = 0.05;
/** CPU histograms, in cores: first bucket 0.01 core, up to 1000 cores. */
export const CPU_HISTOGRAM_OPTIONS: HistogramOptions = exponentialHistogramOptions(1000.0, 0.01, 1 + HISTOGRAM_BUCKET_SIZE_GROWTH, HISTOGRAM_EPSILON);
/** Memory histograms, in bytes: first bucket 1e7 B (10 MB), up to 1e12 B (1 TB). */
export const MEMORY_HISTOGRAM_OPTIONS: HistogramOptions = exponentialHistogramOptions(1e12, 1e7, 1 + HISTOGRAM_BUCKET_SIZE_GROWTH, HISTOGRAM_EPSILON);

/** Index of the bucket holding `value`; values outside the range go to the first or last bucket. */
export function findBucket(options: HistogramOptions, value: number): number {
  if (options.kind === 'linear') {
    const bucket = Math.trunc(value / options.bucketSize);
    if (bucket < 0) return 0;
    if (bucket >= options.numBuckets) return options.numBuckets - 1;
    return bucket;
  }
  if (value < options.firstBucketSize) return 0;
  const bucket = Math.trunc(logBase(options.ratio, (value * (options.ratio - 1)) / options.firstBucketSize + 1));
  if (bucket >= options.numBuckets) return options.numBuckets - 1;
  return bucket;
}

/** Start of bucket `bucket` (0 ≤ bucket < numBuckets). */
export function bucketStart(options: HistogramOptions, bucket: number): number {
  if (bucket < 0 || bucket >= options.numBuckets) throw new RangeError(`index ${bucket} out of range [0..${options.numBuckets - 1}]`);
  if (options.kind === 'linear') return bucket * options.bucketSize;
  if (bucket === 0) return 0;
  return (options.firstBucketSize * (Math.pow(options.ratio, bucket) - 1)) / (options.ratio - 1);
}

export function newHistogram(options: HistogramOptions): Histogram {
  return { options, bucketWeight: new Array<number>(options.numBuckets).fill(0), totalWeight: 0, minBucket: options.numBuckets - 1, maxBucket: 0 };
}

export function newDecayingHistogram(options: HistogramOptions, halfLifeMs: number): DecayingHistogram {
  if (!(halfLifeMs > 0)) throw new RangeError('halfLifeMs must be positive');
  return { ...newHistogram(options), halfLifeMs, referenceTimestampMs: null };
}

/** A deep copy (the bucket array is copied). */
export function cloneHistogram<H extends Histogram>(h: H): H {
  return { ...h, bucketWeight: [...h.bucketWeight] };
}

function weightAt(h: Histogram, bucket: number): number {
  return h.bucketWeight[bucket] as number;
}

export function isEmpty(h: Histogram): boolean {
  return weightAt(h, h.minBucket) < h.options.epsilon;
}

function updateMinAndMaxBucket(h: Histogram): void {
  const epsilon = h.options.epsilon;
  const lastBucket = h.options.numBuckets - 1;
  while (weightAt(h, h.minBucket) < epsilon && h.minBucket < lastBucket) h.minBucket++;
  while (weightAt(h, h.maxBucket) < epsilon && h.maxBucket > 0) h.maxBucket--;
}

/**
 * Adds a sample with the given (non-decayed) weight. The min/max bucket indices only move to a
 * bucket whose weight reaches epsilon (a tiny sample does not make the histogram look empty).
 */
export function addSample(h: Histogram, value: number, weight: number): void {
  if (weight < 0) throw new RangeError('sample weight must be non-negative');
  const bucket = findBucket(h.options, value);
  h.bucketWeight[bucket] = weightAt(h, bucket) + weight;
  h.totalWeight += weight;
  if (bucket < h.minBucket && weightAt(h, bucket) >= h.options.epsilon) h.minBucket = bucket;
  if (bucket > h.maxBucket && weightAt(h, bucket) >= h.options.epsilon) h.maxBucket = bucket;
}

/** safeSubtract: value − sub, or 0 when that is below epsilon. */
function safeSubtract(value: number, sub: number, epsilon: number): number {
  const result = value - sub;
  return result < epsilon ? 0 : result;
}

/** Removes a sample; the bucket weight and the total drop to 0 when they would fall below epsilon. */
export function subtractSample(h: Histogram, value: number, weight: number): void {
  if (weight < 0) throw new RangeError('sample weight must be non-negative');
  const bucket = findBucket(h.options, value);
  const epsilon = h.options.epsilon;
  h.totalWeight = safeSubtract(h.totalWeight, weight, epsilon);
  h.bucketWeight[bucket] = safeSubtract(weightAt(h, bucket), weight, epsilon);
  updateMinAndMaxBucket(h);
}

function sameOptions(a: HistogramOptions, b: HistogramOptions): boolean {
  return (
    a === b ||
    (a.kind === b.kind &&
      a.numBuckets === b.numBuckets &&
      a.epsilon === b.epsilon &&
      (a.kind === 'linear' ? a.bucketSize === (b as typeof a).bucketSize : a.firstBucketSize === (b as typeof a).firstBucketSize && a.ratio === (b as typeof a).ratio))
  );
}

/** Adds all samples of `other` (same options) to `h`. */
export function mergeHistogram(h: Histogram, other: Histogram): void {
  if (!sameOptions(h.options, other.options)) throw new Error("can't merge histograms with different options");
  for (let bucket = other.minBucket; bucket <= other.maxBucket; bucket++) h.bucketWeight[bucket] = weightAt(h, bucket) + weightAt(other, bucket);
  h.totalWeight += other.totalWeight;
  if (other.minBucket < h.minBucket) h.minBucket = other.minBucket;
  if (other.maxBucket > h.maxBucket) h.maxBucket = other.maxBucket;
}

/** Multiplies all weights by a non-negative factor (percentiles unchanged; tiny buckets may empty). */
export function scaleHistogram(h: Histogram, factor: number): void {
  if (factor < 0) throw new RangeError('scale factor must be non-negative');
  for (let bucket = h.minBucket; bucket <= h.maxBucket; bucket++) h.bucketWeight[bucket] = weightAt(h, bucket) * factor;
  h.totalWeight *= factor;
  updateMinAndMaxBucket(h);
}

/**
 * The value below which `p` (0..1) of the total weight lies: the end of the first bucket, from the
 * lowest non-empty one, at which the cumulative weight reaches p × total (the last bucket's start
 * when it is the last bucket). p ≤ 0 gives the end of the lowest non-empty bucket, p > 1 the end of
 * the highest. 0 for an empty histogram.
 */
export function percentile(h: Histogram, p: number): number {
  if (isEmpty(h)) return 0;
  let partialSum = 0;
  const threshold = p * h.totalWeight;
  let bucket = h.minBucket;
  for (; bucket < h.maxBucket; bucket++) {
    partialSum += weightAt(h, bucket);
    if (partialSum >= threshold) break;
  }
  if (bucket < h.options.numBuckets - 1) return bucketStart(h.options, bucket + 1);
  return bucketStart(h.options, bucket);
}

// ---------------------------------------------------------------------------------------------
// Decaying histogram

/** Go's Time.Round to a multiple of d: to the nearest multiple, halfway values up. */
function roundToMultiple(t: number, d: number): number {
  const r = ((t % d) + d) % d;
  return r + r < d ? t - r : t + (d - r);
}

/** Go's round(x) in decaying_histogram.go: floor(x + 0.5). */
function roundHalfUp(x: number): number {
  return Math.floor(x + 0.5);
}

/** Moves the reference timestamp (rounded to a half-life multiple), rescaling the weights by 2^(old − new)/halfLife. */
export function shiftReferenceTimestamp(h: DecayingHistogram, newReferenceMs: number): void {
  const rounded = roundToMultiple(newReferenceMs, h.halfLifeMs);
  // From the zero time the exponent is hugely negative: 2^exponent underflows to 0.
  const factor = h.referenceTimestampMs === null ? 0 : Math.pow(2, roundHalfUp((h.referenceTimestampMs - rounded) / h.halfLifeMs));
  scaleHistogram(h, factor);
  h.referenceTimestampMs = rounded;
}

/** 2^((t − reference)/halfLife), first moving the reference forward if t is beyond reference + 100 half-lives. */
export function decayFactor(h: DecayingHistogram, timestampMs: number): number {
  if (h.referenceTimestampMs === null || timestampMs > h.referenceTimestampMs + h.halfLifeMs * MAX_DECAY_EXPONENT) {
    shiftReferenceTimestamp(h, timestampMs);
  }
  return Math.pow(2, (timestampMs - (h.referenceTimestampMs as number)) / h.halfLifeMs);
}

export function addDecayingSample(h: DecayingHistogram, value: number, weight: number, timestampMs: number): void {
  addSample(h, value, weight * decayFactor(h, timestampMs));
}

export function subtractDecayingSample(h: DecayingHistogram, value: number, weight: number, timestampMs: number): void {
  subtractSample(h, value, weight * decayFactor(h, timestampMs));
}

/**
 * Adds the samples of `other` (same options and half-life) to `h`, first aligning the older
 * reference timestamp with the younger one. `other` itself is left unchanged (upstream shifts it).
 */
export function mergeDecayingHistogram(h: DecayingHistogram, other: DecayingHistogram): void {
  if (h.halfLifeMs !== other.halfLifeMs) throw new Error("can't merge decaying histograms with different half life periods");
  let source: DecayingHistogram = other;
  const hRef = h.referenceTimestampMs;
  const oRef = other.referenceTimestampMs;
  if (oRef !== null && (hRef === null || hRef < oRef)) {
    shiftReferenceTimestamp(h, oRef);
  } else if (hRef !== null && (oRef === null || oRef < hRef)) {
    source = cloneHistogram(other);
    shiftReferenceTimestamp(source, hRef);
  }
  mergeHistogram(h, source);
}
