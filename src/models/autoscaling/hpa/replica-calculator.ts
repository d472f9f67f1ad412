// HPA replica calculator (autoscaling/v2) as pure functions: from the pods of the scale target, their
// metric samples and a target, the replica count one metric proposes. Covers Resource metrics
// (target utilization % or AverageValue), Pods metrics (AverageValue), Object metrics (Value,
// AverageValue) and External metrics (Value, AverageValue), with the pod grouping into
// ready / unready / missing / ignored, the CPU initialization period and initial readiness delay,
// per-direction tolerance and the rebalancing of missing and unready pods.
//
// Upstream (kubernetes/kubernetes, read at recent master):
// - pkg/controller/podautoscaler/replica_calculator.go: Tolerances.isWithin, GetResourceReplicas,
//   GetRawResourceReplicas, GetMetricReplicas, calcPlainMetricReplicas, GetObjectMetricReplicas,
//   getUsageRatioReplicaCount, GetObjectPerPodMetricReplicas, getReadyPodsCount,
//   GetExternalMetricReplicas, GetExternalPerPodMetricReplicas, groupPods, calculateRequests.
// - pkg/controller/podautoscaler/metrics/utilization.go: GetResourceUtilizationRatio (integer
//   utilization percent, truncated, clamped to int32), GetMetricUsageRatio (truncated average).
// - pkg/controller/podautoscaler/metrics/rest_metrics_client.go: "no metrics returned" errors.
// - pkg/controller/podautoscaler/horizontal.go computeReplicasForMetrics (combining metrics).
//
// Simplifications:
// - Pods are plain data; `requestMilli` is the pod's request for the metric's resource (sum of its
//   containers, or the pod-level request); `undefined` means a container lacks a request (an error
//   for Resource metrics). Container-scoped metrics are the caller's job (pass that container's
//   request and usage). `ready: undefined` means the pod has no PodReady condition (treated like a
//   nil condition: unready for CPU); `startTime: undefined` is a nil status.startTime (unready for CPU);
//   `readyTransitionTime: undefined` counts as long before the pod started.
// - Metric values are numbers in milli-units; integer arithmetic follows upstream's int64 with
//   truncating division, exact while sums stay below 2^53. int64 overflow caps use MAX_INT64 = 2^63
//   (the float64 value of math.MaxInt64); replica counts above MaxInt32 are clamped to MaxInt32.
// - Metric samples for names that are not in `pods` are kept (upstream keeps them: they count in the
//   average of Pods metrics and in len(metrics), but not in Resource utilization).
// - Times are virtual milliseconds; the metric timestamp returned upstream is not modelled.

/** Controller defaults (pkg/controller/podautoscaler/config/v1alpha1/defaults.go). */
export const DEFAULT_TOLERANCE = 0.1;
export const DEFAULT_CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const DEFAULT_INITIAL_READINESS_DELAY_MS = 30_000;
export const MAX_INT32 = 2_147_483_647;
/** float64(math.MaxInt64) = 2^63. */
export const MAX_INT64 = 2 ** 63;

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface HpaPod {
  readonly name: string;
  readonly phase: PodPhase;
  /** Status of the PodReady condition; undefined = no such condition. */
  readonly ready: boolean | undefined;
  /** metadata.deletionTimestamp is set. */
  readonly deleting: boolean;
  /** status.startTime (virtual ms); undefined = not set. */
  readonly startTime: number | undefined;
  /** lastTransitionTime of the PodReady condition (virtual ms). */
  readonly readyTransitionTime: number | undefined;
  /** Request of the metric's resource in milli-units (Resource metrics only). */
  readonly requestMilli?: number | undefined;
}

export interface PodMetricSample {
  readonly valueMilli: number;
  /** End of the sample window (virtual ms). */
  readonly timestamp: number;
  /** Length of the sample window (ms). */
  readonly window: number;
}

export type PodMetrics = ReadonlyMap<string, PodMetricSample>;

export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

export const DEFAULT_TOLERANCES: Tolerances = { scaleDown: DEFAULT_TOLERANCE, scaleUp: DEFAULT_TOLERANCE };

export interface ReadinessConfig {
  /** --horizontal-pod-autoscaler-cpu-initialization-period (ms). */
  readonly cpuInitializationPeriod: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay (ms). */
  readonly delayOfInitialReadinessStatus: number;
}

export const DEFAULT_READINESS_CONFIG: ReadinessConfig = {
  cpuInitializationPeriod: DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
  delayOfInitialReadinessStatus: DEFAULT_INITIAL_READINESS_DELAY_MS,
};

/** No change while 1 − scaleDown ≤ ratio ≤ 1 + scaleUp. */
export function isWithinTolerance(tolerances: Tolerances, usageRatio: number): boolean {
  return 1.0 - tolerances.scaleDown <= usageRatio && usageRatio <= 1.0 + tolerances.scaleUp;
}

export type CalcResult<T> = ({ readonly ok: true } & T) | { readonly ok: false; readonly error: string };

export interface PodGroups {
  readonly readyPodCount: number;
  readonly unready: ReadonlySet<string>;
  readonly missing: ReadonlySet<string>;
  readonly ignored: ReadonlySet<string>;
}

/**
 * groupPods: deleted or Failed → ignored; Pending → unready; no metric → missing. For CPU only:
 * within the CPU initialization period a pod is unready if Ready=False or its sample does not end at
 * least one window after the last readiness transition; after it, only if Ready=False and it never
 * became ready (transition before start + initial readiness delay). A missing Ready condition or
 * start time makes a CPU pod unready. Other metrics ignore readiness.
 */
export function groupPods(
  pods: readonly HpaPod[],
  metrics: PodMetrics,
  resource: string,
  now: number,
  config: ReadinessConfig = DEFAULT_READINESS_CONFIG,
): PodGroups {
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    if (pod.deleting || pod.phase === 'Failed') {
      ignored.add(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      unready.add(pod.name);
      continue;
    }
    const metric = metrics.get(pod.name);
    if (metric === undefined) {
      missing.add(pod.name);
      continue;
    }
    if (resource === 'cpu') {
      let isUnready: boolean;
      if (pod.ready === undefined || pod.startTime === undefined) {
        isUnready = true;
      } else {
        const transition = pod.readyTransitionTime ?? Number.NEGATIVE_INFINITY;
        if (pod.startTime + config.cpuInitializationPeriod > now) {
          // Still initializing: ignore the sample unless ready and a full window after the transition.
          isUnready = pod.ready === false || metric.timestamp < transition + metric.window;
        } else {
          // Ignore only pods that are unready and never became ready.
          isUnready = pod.ready === false && pod.startTime + config.delayOfInitialReadinessStatus > transition;
        }
      }
      if (isUnready) {
        unready.add(pod.name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

interface UtilizationRatio {
  readonly usageRatio: number;
  readonly utilization: number;
  readonly rawAverage: number;
}

/**
 * GetResourceUtilizationRatio over the samples that belong to known pods: utilization =
 * trunc(Σ usage × 100 / Σ request) (clamped to int32), ratio = utilization / target,
 * raw average = trunc(Σ usage / n).
 */
function resourceUtilizationRatio(values: ReadonlyMap<string, number>, requests: ReadonlyMap<string, number>, target: number): CalcResult<UtilizationRatio> {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let numEntries = 0;
  for (const [name, value] of values) {
    const request = requests.get(name);
    if (request === undefined) continue; // extraneous sample
    metricsTotal += value;
    requestsTotal += request;
    numEntries++;
  }
  if (requestsTotal === 0) return { ok: false, error: 'no metrics returned matched known pods' };
  const utilization = Math.max(-MAX_INT32 - 1, Math.min(MAX_INT32, Math.trunc((metricsTotal * 100) / requestsTotal)));
  return { ok: true, usageRatio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / numEntries) };
}

/** GetMetricUsageRatio: average = trunc(Σ value / n), ratio = average / target. */
function metricUsageRatio(values: ReadonlyMap<string, number>, target: number): { usageRatio: number; usage: number } {
  let total = 0;
  for (const value of values.values()) total += value;
  const usage = Math.trunc(total / values.size);
  return { usageRatio: usage / target, usage };
}

function clampReplicas(x: number): number {
  return x > MAX_INT32 ? MAX_INT32 : x;
}

function sampleValues(metrics: PodMetrics): Map<string, number> {
  const values = new Map<string, number>();
  for (const [name, sample] of metrics) values.set(name, sample.valueMilli);
  return values;
}

function removeAll(values: Map<string, number>, names: ReadonlySet<string>): void {
  for (const name of names) values.delete(name);
}

export interface ResourceReplicasInput {
  readonly currentReplicas: number;
  /** Target average utilization, percent of request. */
  readonly targetUtilization: number;
  /** Resource name ('cpu' turns on the readiness rules). */
  readonly resource: string;
  readonly pods: readonly HpaPod[];
  readonly metrics: PodMetrics;
  readonly now: number;
  readonly tolerances?: Tolerances;
  readonly config?: ReadinessConfig;
}

export interface ResourceReplicas {
  readonly replicas: number;
  /** Current average utilization, percent (truncated). */
  readonly utilization: number;
  /** Current average usage per pod in milli-units (truncated). */
  readonly rawUtilization: number;
}

/**
 * GetResourceReplicas (Resource metric, Utilization target). Without missing pods and without
 * unready pods on a scale-up: ceil(ratio × ready pods), unless within tolerance. Otherwise missing
 * pods count as 0 on a scale-up and as max(100, target)% of their request on a scale-down, unready
 * pods as 0 on a scale-up; the ratio is recomputed and the current count kept if within tolerance, if
 * the direction flips, or if ceil(new ratio × counted pods) moves against the new ratio.
 */
export function getResourceReplicas(input: ResourceReplicasInput): CalcResult<ResourceReplicas> {
  const { currentReplicas, targetUtilization, resource, pods, metrics, now } = input;
  const tolerances = input.tolerances ?? DEFAULT_TOLERANCES;
  if (metrics.size === 0) {
    return { ok: false, error: `unable to get metrics for resource ${resource}: no metrics returned from resource metrics API` };
  }
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };

  const groups = groupPods(pods, metrics, resource, now, input.config);
  const values = sampleValues(metrics);
  removeAll(values, groups.ignored);
  removeAll(values, groups.unready);
  if (values.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };

  const requests = new Map<string, number>();
  for (const pod of pods) {
    if (pod.requestMilli === undefined) return { ok: false, error: `missing request for ${resource} in Pod ${pod.name}` };
    requests.set(pod.name, pod.requestMilli);
  }

  const first = resourceUtilizationRatio(values, requests, targetUtilization);
  if (!first.ok) return first;
  const { usageRatio, utilization, rawAverage } = first;
  const result = (replicas: number): CalcResult<ResourceReplicas> => ({ ok: true, replicas, utilization, rawUtilization: rawAverage });

  const scaleUpWithUnready = groups.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return result(currentReplicas);
    return result(clampReplicas(Math.ceil(usageRatio * groups.readyPodCount)));
  }

  if (groups.missing.size > 0) {
    if (usageRatio < 1.0) {
      // Scale-down: a missing pod is assumed to use 100% of its request, or the target if higher.
      const fallbackUtilization = Math.max(100, targetUtilization);
      for (const name of groups.missing) values.set(name, Math.trunc(((requests.get(name) as number) * fallbackUtilization) / 100));
    } else if (usageRatio > 1.0) {
      for (const name of groups.missing) values.set(name, 0);
    }
  }
  if (scaleUpWithUnready) for (const name of groups.unready) values.set(name, 0);

  const second = resourceUtilizationRatio(values, requests, targetUtilization);
  if (!second.ok) return second;
  const newUsageRatio = second.usageRatio;
  if (isWithinTolerance(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return result(currentReplicas);
  }
  const newReplicas = clampReplicas(Math.ceil(newUsageRatio * values.size));
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return result(currentReplicas);
  }
  return result(newReplicas);
}

export interface PlainMetricReplicasInput {
  readonly currentReplicas: number;
  /** Target average value per pod, milli-units. */
  readonly targetMilli: number;
  readonly pods: readonly HpaPod[];
  readonly metrics: PodMetrics;
  readonly now: number;
  readonly tolerances?: Tolerances;
  readonly config?: ReadinessConfig;
  /** Metric name, for error messages. */
  readonly metricName?: string;
}

export interface MetricReplicas {
  readonly replicas: number;
  /** Current value: average per pod (Pods / Resource AverageValue), the object or summed external value (Value), or per current replica (AverageValue). */
  readonly usageMilli: number;
}

/**
 * calcPlainMetricReplicas: the Pods-metric / raw-resource form of GetResourceReplicas over averages
 * instead of utilization; missing pods count as exactly the target on a scale-down.
 */
function calcPlainMetricReplicas(input: PlainMetricReplicasInput, resource: string): CalcResult<MetricReplicas> {
  const { currentReplicas, targetMilli, pods, metrics, now } = input;
  const tolerances = input.tolerances ?? DEFAULT_TOLERANCES;
  if (pods.length === 0) return { ok: false, error: 'no pods returned by selector while calculating replica count' };

  const groups = groupPods(pods, metrics, resource, now, input.config);
  const values = sampleValues(metrics);
  removeAll(values, groups.ignored);
  removeAll(values, groups.unready);
  if (values.size === 0) return { ok: false, error: 'did not receive metrics for targeted pods (pods might be unready)' };

  const { usageRatio, usage } = metricUsageRatio(values, targetMilli);
  const result = (replicas: number): CalcResult<MetricReplicas> => ({ ok: true, replicas, usageMilli: usage });

  const scaleUpWithUnready = groups.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return result(currentReplicas);
    return result(clampReplicas(Math.ceil(usageRatio * groups.readyPodCount)));
  }

  if (groups.missing.size > 0) {
    if (usageRatio < 1.0) {
      for (const name of groups.missing) values.set(name, targetMilli);
    } else if (usageRatio > 1.0) {
      for (const name of groups.missing) values.set(name, 0);
    }
  }
  if (scaleUpWithUnready) for (const name of groups.unready) values.set(name, 0);

  const newUsageRatio = metricUsageRatio(values, targetMilli).usageRatio;
  if (isWithinTolerance(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return result(currentReplicas);
  }
  const newReplicas = clampReplicas(Math.ceil(newUsageRatio * values.size));
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return result(currentReplicas);
  }
  return result(newReplicas);
}

/** GetMetricReplicas: a Pods metric with an AverageValue target (readiness ignored). */
export function getMetricReplicas(input: PlainMetricReplicasInput): CalcResult<MetricReplicas> {
  if (input.metrics.size === 0) {
    return { ok: false, error: `unable to get metric ${input.metricName ?? ''}: no metrics returned from custom metrics API` };
  }
  return calcPlainMetricReplicas(input, '');
}

/** GetRawResourceReplicas: a Resource metric with an AverageValue target (CPU readiness rules apply). */
export function getRawResourceReplicas(input: PlainMetricReplicasInput & { readonly resource: string }): CalcResult<MetricReplicas> {
  if (input.metrics.size === 0) {
    return { ok: false, error: `unable to get metrics for resource ${input.resource}: no metrics returned from resource metrics API` };
  }
  return calcPlainMetricReplicas(input, input.resource);
}

/** getReadyPodsCount: pods that are Running with Ready=True. */
export function readyPodsCount(pods: readonly HpaPod[]): number {
  let n = 0;
  for (const pod of pods) if (pod.phase === 'Running' && pod.ready === true) n++;
  return n;
}

/**
 * getUsageRatioReplicaCount: with replicas, ceil(ratio × ready pods) unless within tolerance; at 0
 * replicas (scale to zero), ceil(ratio) without tolerance.
 */
function usageRatioReplicaCount(currentReplicas: number, usageRatio: number, pods: readonly HpaPod[], tolerances: Tolerances): CalcResult<{ replicas: number }> {
  if (currentReplicas !== 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { ok: true, replicas: currentReplicas };
    if (pods.length === 0) {
      return { ok: false, error: 'unable to calculate ready pods: no pods returned by selector while calculating replica count' };
    }
    const replicas = usageRatio * readyPodsCount(pods);
    return { ok: true, replicas: replicas > MAX_INT32 ? MAX_INT32 : Math.ceil(replicas) };
  }
  return { ok: true, replicas: clampReplicas(Math.ceil(usageRatio)) };
}

export interface ObjectMetricReplicasInput {
  readonly currentReplicas: number;
  readonly targetMilli: number;
  readonly objectValueMilli: number;
  /** Pods of the scale target (only readiness is used). */
  readonly pods: readonly HpaPod[];
  readonly tolerances?: Tolerances;
}

/** GetObjectMetricReplicas: Object metric with a Value target: ratio = value / target. */
export function getObjectMetricReplicas(input: ObjectMetricReplicasInput): CalcResult<MetricReplicas> {
  const usageRatio = input.objectValueMilli / input.targetMilli;
  const r = usageRatioReplicaCount(input.currentReplicas, usageRatio, input.pods, input.tolerances ?? DEFAULT_TOLERANCES);
  return r.ok ? { ok: true, replicas: r.replicas, usageMilli: input.objectValueMilli } : r;
}

export interface PerPodMetricReplicasInput {
  /** status.replicas of the HPA target (upstream passes the current replica count). */
  readonly statusReplicas: number;
  readonly targetAverageMilli: number;
  readonly tolerances?: Tolerances;
}

/**
 * AverageValue for Object and External metrics: ratio = total / (target × replicas); if outside
 * tolerance, ceil(total / target); reported usage = ceil(total / replicas).
 */
function perPodReplicas(total: number, input: PerPodMetricReplicasInput): CalcResult<MetricReplicas> {
  const { statusReplicas, targetAverageMilli } = input;
  let replicas = statusReplicas;
  const usageRatio = total / (targetAverageMilli * statusReplicas);
  if (!isWithinTolerance(input.tolerances ?? DEFAULT_TOLERANCES, usageRatio)) {
    replicas = clampReplicas(Math.ceil(total / targetAverageMilli));
  }
  const usageMilli = total >= MAX_INT64 ? MAX_INT64 : Math.min(MAX_INT64, Math.ceil(total / statusReplicas));
  return { ok: true, replicas, usageMilli };
}

/** GetObjectPerPodMetricReplicas: Object metric with an AverageValue target. */
export function getObjectPerPodMetricReplicas(input: PerPodMetricReplicasInput & { readonly objectValueMilli: number }): CalcResult<MetricReplicas> {
  return perPodReplicas(input.objectValueMilli, input);
}

function sumCapped(values: readonly number[]): number {
  let total = 0;
  for (const v of values) {
    if (v > 0 && total > MAX_INT64 - v) return MAX_INT64;
    total += v;
  }
  return Math.min(total, MAX_INT64);
}

export interface ExternalMetricReplicasInput {
  readonly currentReplicas: number;
  readonly targetMilli: number;
  /** Values of every series matching the metric selector; they are summed. */
  readonly valuesMilli: readonly number[];
  readonly pods: readonly HpaPod[];
  readonly tolerances?: Tolerances;
  readonly metricName?: string;
}

/** GetExternalMetricReplicas: External metric with a Value target (sum of the series). */
export function getExternalMetricReplicas(input: ExternalMetricReplicasInput): CalcResult<MetricReplicas> {
  if (input.valuesMilli.length === 0) {
    return { ok: false, error: `unable to get external metric ${input.metricName ?? ''}: no metrics returned from external metrics API` };
  }
  const usage = sumCapped(input.valuesMilli);
  const r = usageRatioReplicaCount(input.currentReplicas, usage / input.targetMilli, input.pods, input.tolerances ?? DEFAULT_TOLERANCES);
  return r.ok ? { ok: true, replicas: r.replicas, usageMilli: usage } : r;
}

/** GetExternalPerPodMetricReplicas: External metric with an AverageValue target. */
export function getExternalPerPodMetricReplicas(
  input: PerPodMetricReplicasInput & { readonly valuesMilli: readonly number[]; readonly metricName?: string },
): CalcResult<MetricReplicas> {
  if (input.valuesMilli.length === 0) {
    return { ok: false, error: `unable to get external metric ${input.metricName ?? ''}: no metrics returned from external metrics API` };
  }
  return perPodReplicas(sumCapped(input.valuesMilli), input);
}

export interface CombinedRecommendation {
  /** Largest proposal; undefined when no scaling may happen. */
  readonly replicas: number | undefined;
  /** Index of the metric that produced `replicas`. */
  readonly metricIndex: number | undefined;
  /** First error of an invalid metric, if any. */
  readonly error: string | undefined;
}

/**
 * computeReplicasForMetrics: the largest proposal wins; if every metric is invalid, or some are and
 * the largest valid proposal is below spec.replicas (a scale-down), there is no recommendation.
 */
export function combineMetricProposals(proposals: ReadonlyArray<CalcResult<{ readonly replicas: number }>>, specReplicas: number): CombinedRecommendation {
  let replicas = 0;
  let metricIndex: number | undefined;
  let error: string | undefined;
  let invalid = 0;
  proposals.forEach((p, i) => {
    if (!p.ok) {
      invalid++;
      error ??= p.error;
      return;
    }
    if (replicas === 0 || p.replicas > replicas) {
      replicas = p.replicas;
      metricIndex = i;
    }
  });
  if (invalid >= proposals.length || (invalid > 0 && replicas < specReplicas)) return { replicas: undefined, metricIndex: undefined, error };
  return { replicas, metricIndex, error };
}
