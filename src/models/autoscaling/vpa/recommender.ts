// VPA recommender: aggregation of container usage samples and the recommendation math.
//
// Upstream (kubernetes/autoscaler vertical-pod-autoscaler/pkg/recommender/):
//   model/aggregate_container_state.go  AddSample / addCPUSample (CPU weight = max(request cores,
//                                        minSampleWeight 0.1), memory peaks weight 1.0), MergeContainerState, isExpired
//   model/container.go                   ContainerState.addCPUSample, addMemorySample (one peak per
//                                        aggregation interval, stored at the window end), RecordOOM
//   model/aggregations_config.go         24 h memory aggregation interval × 8, half-lives 24 h, bucket schemes
//   model/types.go                       ResourceAmount (int64 millicores / bytes, ≤ 1e14), ScaleResource, RoundUpToScale
//   logic/estimator.go                   percentile, margin, confidence multiplier, min-resources estimators, getConfidence
//   logic/recommender.go                 CreatePodResourceRecommender (p90 target, p50 lower, p95 upper,
//                                        margin 0.15, upper ×(1 + 1/c), lower ×(1 + 0.001/c)^−2, per-pod minimums)
//   recommender config/flags             --round-cpu-millicores, --round-memory-bytes (round up), confidence intervals
//
// Order of the estimator chain, as upstream: percentile → + safety margin → confidence multiplier →
// per-container minimum (pod minimum divided evenly between the containers) → rounding up.
//
// Simplifications: plain data, updated in place by these functions (no other state); no
// checkpoints, no per-VPA aggregation keys (the caller groups samples); container scaling mode
// "Off" and maxAllowed/minAllowed capping (the recommendation post-processors) are not modelled
// here; controlled resources are supported. Times are virtual ms; upstream's zero time is `null`.

import {
  addDecayingSample,
  CPU_HISTOGRAM_OPTIONS,
  isEmpty,
  MEMORY_HISTOGRAM_OPTIONS,
  MIN_SAMPLE_WEIGHT,
  mergeDecayingHistogram,
  newDecayingHistogram,
  percentile,
  subtractDecayingSample,
  type DecayingHistogram,
} from './histogram.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MiB = 1024 * 1024;

export interface RecommenderConfig {
  /** MemoryAggregationInterval: one memory peak per container per interval (24 h). */
  readonly memoryAggregationIntervalMs: number;
  /** MemoryAggregationIntervalCount (8): the aggregation window is interval × count. */
  readonly memoryAggregationIntervalCount: number;
  readonly memoryHistogramHalfLifeMs: number;
  readonly cpuHistogramHalfLifeMs: number;
  /** --oom-bump-up-ratio. */
  readonly oomBumpUpRatio: number;
  /** --oom-min-bump-up-bytes. */
  readonly oomMinBumpUpBytes: number;
  /** --recommendation-margin-fraction. */
  readonly safetyMarginFraction: number;
  /** --pod-recommendation-min-cpu-millicores. */
  readonly podMinCpuMillicores: number;
  /** --pod-recommendation-min-memory-mb (MiB). */
  readonly podMinMemoryMb: number;
  readonly targetCpuPercentile: number;
  readonly lowerBoundCpuPercentile: number;
  readonly upperBoundCpuPercentile: number;
  readonly targetMemoryPercentile: number;
  readonly lowerBoundMemoryPercentile: number;
  readonly upperBoundMemoryPercentile: number;
  /** --confidence-interval-cpu / -memory: the unit of "history length" in the confidence multiplier. */
  readonly confidenceIntervalCpuMs: number;
  readonly confidenceIntervalMemoryMs: number;
  /** --round-cpu-millicores / --round-memory-bytes: round up to a multiple (1 = no rounding). */
  readonly roundCpuMillicores: number;
  readonly roundMemoryBytes: number;
}

export const DEFAULT_RECOMMENDER_CONFIG: RecommenderConfig = {
  memoryAggregationIntervalMs: DAY_MS,
  memoryAggregationIntervalCount: 8,
  memoryHistogramHalfLifeMs: DAY_MS,
  cpuHistogramHalfLifeMs: DAY_MS,
  oomBumpUpRatio: 1.2,
  oomMinBumpUpBytes: 100 * MiB,
  safetyMarginFraction: 0.15,
  podMinCpuMillicores: 25,
  podMinMemoryMb: 250,
  targetCpuPercentile: 0.9,
  lowerBoundCpuPercentile: 0.5,
  upperBoundCpuPercentile: 0.95,
  targetMemoryPercentile: 0.9,
  lowerBoundMemoryPercentile: 0.5,
  upperBoundMemoryPercentile: 0.95,
  confidenceIntervalCpuMs: DAY_MS,
  confidenceIntervalMemoryMs: DAY_MS,
  roundCpuMillicores: 1,
  roundMemoryBytes: 1,
};

// ---------------------------------------------------------------------------------------------
// Resource amounts (model/types.go)

/** MaxResourceAmount. */
export const MAX_RESOURCE_AMOUNT = 1e14;

/** resourceAmountFromFloat: clamp to [0, 1e14] and truncate to an integer (NaN → 0). */
export function resourceAmountFromFloat(amount: number): number {
  if (Number.isNaN(amount) || amount < 0) return 0;
  if (amount > MAX_RESOURCE_AMOUNT) return MAX_RESOURCE_AMOUNT;
  return Math.trunc(amount);
}

export function scaleResource(amount: number, factor: number): number {
  return resourceAmountFromFloat(amount * factor);
}

export function cpuAmountFromCores(cores: number): number {
  return resourceAmountFromFloat(cores * 1000);
}

export function coresFromCpuAmount(milli: number): number {
  return milli / 1000;
}

/** RoundUpToScale: up to the next multiple of `scale` (a zero amount stays zero; scale 1 is a no-op). */
export function roundUpToScale(amount: number, scale: number): number {
  if (scale <= 1 || amount === 0) return amount;
  const q = Math.trunc(amount / scale);
  return (amount % scale === 0 ? q : q + 1) * scale;
}

// ---------------------------------------------------------------------------------------------
// Aggregate container state

export interface AggregateContainerState {
  /** CPU usage in cores. */
  readonly cpuUsage: DecayingHistogram;
  /** Memory peaks in bytes (one per container per aggregation interval). */
  readonly memoryPeaks: DecayingHistogram;
  /** First / last CPU sample start (memory samples do not count); null = none. */
  firstSampleStartMs: number | null;
  lastSampleStartMs: number | null;
  /** Number of CPU samples. */
  totalSamplesCount: number;
  readonly creationTimeMs: number;
}

export function newAggregateContainerState(nowMs: number, config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG): AggregateContainerState {
  return {
    cpuUsage: newDecayingHistogram(CPU_HISTOGRAM_OPTIONS, config.cpuHistogramHalfLifeMs),
    memoryPeaks: newDecayingHistogram(MEMORY_HISTOGRAM_OPTIONS, config.memoryHistogramHalfLifeMs),
    firstSampleStartMs: null,
    lastSampleStartMs: null,
    totalSamplesCount: 0,
    creationTimeMs: nowMs,
  };
}

export interface CpuUsageSample {
  readonly startMs: number;
  readonly usageMilli: number;
  /** The container's CPU request when measured (0 if none). */
  readonly requestMilli: number;
}

export interface MemoryUsageSample {
  readonly startMs: number;
  readonly usageBytes: number;
}

/**
 * addCPUSample: the usage (in cores) goes into the CPU histogram with weight max(request cores,
 * 0.1), so a higher request makes the history accumulated so far decay relatively faster.
 */
export function aggregateAddCpuSample(agg: AggregateContainerState, sample: CpuUsageSample): void {
  addDecayingSample(agg.cpuUsage, coresFromCpuAmount(sample.usageMilli), Math.max(coresFromCpuAmount(sample.requestMilli), MIN_SAMPLE_WEIGHT), sample.startMs);
  if (agg.lastSampleStartMs === null || sample.startMs > agg.lastSampleStartMs) agg.lastSampleStartMs = sample.startMs;
  if (agg.firstSampleStartMs === null || sample.startMs < agg.firstSampleStartMs) agg.firstSampleStartMs = sample.startMs;
  agg.totalSamplesCount++;
}

/** A memory peak, weight 1.0. */
export function aggregateAddMemoryPeak(agg: AggregateContainerState, sample: MemoryUsageSample): void {
  addDecayingSample(agg.memoryPeaks, sample.usageBytes, 1.0, sample.startMs);
}

export function aggregateSubtractMemoryPeak(agg: AggregateContainerState, sample: MemoryUsageSample): void {
  subtractDecayingSample(agg.memoryPeaks, sample.usageBytes, 1.0, sample.startMs);
}

/** MergeContainerState: histograms merged, first/last sample times widened, counts summed. */
export function mergeAggregateStates(into: AggregateContainerState, other: AggregateContainerState): void {
  mergeDecayingHistogram(into.cpuUsage, other.cpuUsage);
  mergeDecayingHistogram(into.memoryPeaks, other.memoryPeaks);
  if (into.firstSampleStartMs === null || (other.firstSampleStartMs !== null && other.firstSampleStartMs < into.firstSampleStartMs)) {
    into.firstSampleStartMs = other.firstSampleStartMs;
  }
  if (other.lastSampleStartMs !== null && (into.lastSampleStartMs === null || other.lastSampleStartMs > into.lastSampleStartMs)) {
    into.lastSampleStartMs = other.lastSampleStartMs;
  }
  into.totalSamplesCount += other.totalSamplesCount;
}

/** isExpired: no CPU sample for a whole aggregation window (interval × count), or created that long ago and still empty. */
export function isAggregateExpired(agg: AggregateContainerState, nowMs: number, config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG): boolean {
  const window = config.memoryAggregationIntervalMs * config.memoryAggregationIntervalCount;
  if (agg.totalSamplesCount === 0) return nowMs - agg.creationTimeMs >= window;
  return nowMs - (agg.lastSampleStartMs as number) >= window;
}

// ---------------------------------------------------------------------------------------------
// Container state: per-interval memory peaks and OOMs

export interface ContainerState {
  lastCpuSampleStartMs: number | null;
  /** Max memory usage observed in the current aggregation interval. */
  memoryPeakBytes: number;
  /** Max memory estimated from an OOM in the current interval. */
  oomPeakBytes: number;
  /** End (exclusive) of the current memory aggregation interval; null before the first memory sample. */
  windowEndMs: number | null;
  lastMemorySampleStartMs: number | null;
}

export function newContainerState(): ContainerState {
  return { lastCpuSampleStartMs: null, memoryPeakBytes: 0, oomPeakBytes: 0, windowEndMs: null, lastMemorySampleStartMs: null };
}

/** Adds a CPU sample unless invalid (negative usage) or not after the previous one. Returns whether it was used. */
export function containerAddCpuSample(container: ContainerState, agg: AggregateContainerState, sample: CpuUsageSample): boolean {
  if (sample.usageMilli < 0 || (container.lastCpuSampleStartMs !== null && !(sample.startMs > container.lastCpuSampleStartMs))) return false;
  aggregateAddCpuSample(agg, sample);
  container.lastCpuSampleStartMs = sample.startMs;
  return true;
}

/**
 * addMemorySample: one peak per container per aggregation interval, stored at the interval's end.
 * Within the current interval a larger usage replaces the stored peak (subtract old, add new); a
 * sample at or after the interval end starts a new interval (the end moves forward by whole
 * intervals). Samples older than the previous one are discarded unless they are OOM samples.
 */
export function containerAddMemorySample(
  container: ContainerState,
  agg: AggregateContainerState,
  sample: MemoryUsageSample,
  isOom = false,
  config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG,
): boolean {
  const ts = sample.startMs;
  if (sample.usageBytes < 0 || (!isOom && container.lastMemorySampleStartMs !== null && ts < container.lastMemorySampleStartMs)) return false;
  container.lastMemorySampleStartMs = ts;
  if (container.windowEndMs === null) container.windowEndMs = ts;
  let addNewPeak = false;
  if (ts < container.windowEndMs) {
    const oldMax = Math.max(container.memoryPeakBytes, container.oomPeakBytes);
    if (oldMax !== 0 && sample.usageBytes > oldMax) {
      aggregateSubtractMemoryPeak(agg, { startMs: container.windowEndMs, usageBytes: oldMax });
      addNewPeak = true;
    }
  } else {
    const interval = config.memoryAggregationIntervalMs;
    const elapsed = ts - container.windowEndMs;
    container.windowEndMs += elapsed - (elapsed % interval) + interval;
    container.memoryPeakBytes = 0;
    container.oomPeakBytes = 0;
    addNewPeak = true;
  }
  if (addNewPeak) {
    aggregateAddMemoryPeak(agg, { startMs: container.windowEndMs, usageBytes: sample.usageBytes });
    if (isOom) container.oomPeakBytes = sample.usageBytes;
    else container.memoryPeakBytes = sample.usageBytes;
  }
  return true;
}

/** The memory an OOM implies: max(used + min bump, used × ratio), used = max(request, interval peak). */
export function oomMemoryNeeded(requestBytes: number, memoryPeakBytes: number, config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG): number {
  const used = Math.max(requestBytes, memoryPeakBytes);
  return Math.max(used + resourceAmountFromFloat(config.oomMinBumpUpBytes), scaleResource(used, config.oomBumpUpRatio));
}

/**
 * RecordOOM: an OOM becomes an artificial memory sample of max(used + 100 MiB, used × 1.2), used =
 * max(memory request, the usage peak of the current interval; OOM peaks are left out so repeated
 * OOMs do not compound). OOMs older than one interval before the current window end are dropped.
 * Returns whether the OOM was recorded.
 */
export function recordOom(
  container: ContainerState,
  agg: AggregateContainerState,
  timestampMs: number,
  requestedMemoryBytes: number,
  config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG,
): boolean {
  if (container.windowEndMs !== null && timestampMs < container.windowEndMs - config.memoryAggregationIntervalMs) return false;
  const needed = oomMemoryNeeded(requestedMemoryBytes, container.memoryPeakBytes, config);
  return containerAddMemorySample(container, agg, { startMs: timestampMs, usageBytes: needed }, true, config);
}

// ---------------------------------------------------------------------------------------------
// Estimation

export interface Resources {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
}

export type ResourceName = 'cpu' | 'memory';

export interface RecommendedContainerResources {
  readonly target: Partial<Resources>;
  readonly lowerBound: Partial<Resources>;
  readonly upperBound: Partial<Resources>;
}

/**
 * getConfidence: min(history length, samples at 1/minute), both in units of the confidence
 * interval (24 h by default, so "days"). 0 without samples.
 */
export function getConfidence(agg: AggregateContainerState, confidenceIntervalMs: number = DAY_MS): number {
  const lifespan = agg.firstSampleStartMs === null || agg.lastSampleStartMs === null ? 0 : (agg.lastSampleStartMs - agg.firstSampleStartMs) / confidenceIntervalMs;
  const samples = agg.totalSamplesCount / (confidenceIntervalMs / 60_000);
  return Math.min(lifespan, samples);
}

/** percentileEstimator: the CPU (millicores) and memory-peak (bytes) percentiles. */
export function percentileEstimate(agg: AggregateContainerState, cpuPercentile: number, memoryPercentile: number): Resources {
  return {
    cpuMilli: cpuAmountFromCores(percentile(agg.cpuUsage, cpuPercentile)),
    memoryBytes: resourceAmountFromFloat(percentile(agg.memoryPeaks, memoryPercentile)),
  };
}

/** marginEstimator: amount + trunc(amount × fraction). */
export function withMargin(amount: number, marginFraction: number): number {
  return amount + scaleResource(amount, marginFraction);
}

/** confidenceMultiplier: amount × (1 + multiplier/confidence)^exponent (confidence 0 → ×∞ or ×0). */
export function withConfidenceMultiplier(amount: number, confidence: number, multiplier: number, exponent: number): number {
  return scaleResource(amount, Math.pow(1 + multiplier / confidence, exponent));
}

/** The per-container minimum: the pod minimum split evenly across the pod's containers. */
export function minContainerResources(containerCount: number, config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG): Resources {
  const fraction = 1 / containerCount;
  return {
    cpuMilli: scaleResource(cpuAmountFromCores(config.podMinCpuMillicores * 0.001), fraction),
    memoryBytes: scaleResource(resourceAmountFromFloat(config.podMinMemoryMb * 1024 * 1024), fraction),
  };
}

/**
 * The recommendation for one container (aggregated state) of a pod with `containerCount`
 * containers: target = p90 + 15 %; lower = (p50 + 15 %) × (1 + 0.001/c)^−2; upper = (p95 + 15 %)
 * × (1 + 1/c); each at least the per-container minimum and rounded up to the configured scale.
 */
export function estimateContainerResources(
  agg: AggregateContainerState,
  containerCount: number,
  config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG,
  controlledResources: readonly ResourceName[] = ['cpu', 'memory'],
): RecommendedContainerResources {
  const min = minContainerResources(containerCount, config);
  const cpuConfidence = getConfidence(agg, config.confidenceIntervalCpuMs);
  const memoryConfidence = getConfidence(agg, config.confidenceIntervalMemoryMs);
  const margin = config.safetyMarginFraction;
  const finish = (cpu: number, memory: number): Partial<Resources> => {
    const out: { cpuMilli?: number; memoryBytes?: number } = {};
    if (controlledResources.includes('cpu')) out.cpuMilli = roundUpToScale(Math.max(cpu, min.cpuMilli), config.roundCpuMillicores);
    if (controlledResources.includes('memory')) out.memoryBytes = roundUpToScale(Math.max(memory, min.memoryBytes), config.roundMemoryBytes);
    return out;
  };
  const target = percentileEstimate(agg, config.targetCpuPercentile, config.targetMemoryPercentile);
  const lower = percentileEstimate(agg, config.lowerBoundCpuPercentile, config.lowerBoundMemoryPercentile);
  const upper = percentileEstimate(agg, config.upperBoundCpuPercentile, config.upperBoundMemoryPercentile);
  return {
    target: finish(withMargin(target.cpuMilli, margin), withMargin(target.memoryBytes, margin)),
    lowerBound: finish(
      withConfidenceMultiplier(withMargin(lower.cpuMilli, margin), cpuConfidence, 0.001, -2.0),
      withConfidenceMultiplier(withMargin(lower.memoryBytes, margin), memoryConfidence, 0.001, -2.0),
    ),
    upperBound: finish(
      withConfidenceMultiplier(withMargin(upper.cpuMilli, margin), cpuConfidence, 1.0, 1.0),
      withConfidenceMultiplier(withMargin(upper.memoryBytes, margin), memoryConfidence, 1.0, 1.0),
    ),
  };
}

/**
 * GetRecommendedPodResources: a recommendation for every container name of the pod (the map's
 * keys), the pod minimums split evenly across them. Empty input gives an empty result.
 */
export function recommendPodResources(
  containers: Readonly<Record<string, AggregateContainerState>>,
  config: RecommenderConfig = DEFAULT_RECOMMENDER_CONFIG,
  controlledResources: Readonly<Record<string, readonly ResourceName[]>> = {},
): Record<string, RecommendedContainerResources> {
  const names = Object.keys(containers);
  const result: Record<string, RecommendedContainerResources> = {};
  for (const name of names) {
    result[name] = estimateContainerResources(containers[name] as AggregateContainerState, names.length, config, controlledResources[name]);
  }
  return result;
}

/** Whether the aggregate has any CPU or memory history (an empty histogram gives 0 percentiles). */
export function hasUsageHistory(agg: AggregateContainerState): boolean {
  return !isEmpty(agg.cpuUsage) || !isEmpty(agg.memoryPeaks);
}
