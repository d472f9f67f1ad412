// HPA replica calculator: every case of the upstream vector file hpa_replica_calculator.json, extra
// cases transcribed from kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go
// (each cites its test), TestGroupPods, and a few properties.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type HpaPod,
  type PodMetricSample,
  type Tolerances,
  MAX_INT32,
  MAX_INT64,
  combineMetricProposals,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getRawResourceReplicas,
  getResourceReplicas,
  groupPods,
  isWithinTolerance,
} from '../../../../src/models/autoscaling/hpa/replica-calculator.js';

// ---------------------------------------------------------------------------------------------
// Harness: README field notes. The upstream harness runs at wall-clock "now"; the PodReady
// lastTransitionTime and the metric timestamps are the zero time; "hot" = started now, "cool" =
// started 3 minutes ago, "unset" = the zero time. We put the zero time at 0 and "now" far later.
// ---------------------------------------------------------------------------------------------

const ZERO_TIME = 0;
const NOW = 1_000_000_000_000;

interface VectorPod {
  name: string;
  phase?: string;
  ready?: string | boolean | null;
  startTime?: string | number | null;
  deleting?: boolean;
  requestMilli?: number | null;
  usageMilli?: number | null;
}

interface Harness {
  tolerance: number;
  cpuInitializationPeriodSeconds: number;
  delayOfInitialReadinessStatusSeconds: number;
  metricWindowSeconds: number;
}

export interface CalcCase {
  name: string;
  source?: string;
  kind: 'Resource' | 'PodsMetric' | 'ObjectValue' | 'ObjectAverageValue' | 'ExternalValue' | 'ExternalAverageValue';
  resource?: string;
  metricName?: string;
  harness?: Harness;
  tolerances?: { scaleDown: number; scaleUp: number } | [number, number];
  currentReplicas: number;
  targetUtilizationPercent?: number;
  targetMilli?: number;
  targetAverageMilli?: number;
  objectValueMilli?: number;
  externalValuesMilli?: number[];
  pods?: VectorPod[];
  extraMetrics?: Array<{ podName: string; usageMilli: number }>;
  expected: {
    replicas?: number;
    utilizationPercent?: number;
    rawAverageUsageMilliPerPod?: number;
    usageMilli?: number;
    error?: string;
  };
  derivedPodClass?: Record<string, 'ready' | 'unready' | 'missing' | 'ignored'>;
}

const DEFAULT_HARNESS: Harness = { tolerance: 0.1, cpuInitializationPeriodSeconds: 120, delayOfInitialReadinessStatusSeconds: 10, metricWindowSeconds: 60 };

function startTimeOf(v: VectorPod['startTime']): number | undefined {
  if (v === 'hot') return NOW;
  if (v === 'cool') return NOW - 3 * 60_000;
  if (v === 'unset' || v === null || v === undefined) return ZERO_TIME;
  if (v === 'nil') return undefined;
  if (typeof v === 'number') return NOW + v; // relative ms, if a vector ever gives one
  throw new Error(`unknown startTime ${String(v)}`);
}

function readyOf(v: VectorPod['ready']): boolean | undefined {
  if (v === undefined || v === null) return true; // upstream default: ConditionTrue
  if (v === true || v === 'True') return true;
  if (v === false || v === 'False') return false;
  return undefined;
}

function podsOf(c: CalcCase): HpaPod[] {
  return (c.pods ?? []).map((p) => ({
    name: p.name,
    phase: (p.phase ?? 'Running') as HpaPod['phase'],
    ready: readyOf(p.ready),
    deleting: p.deleting ?? false,
    startTime: startTimeOf(p.startTime),
    readyTransitionTime: ZERO_TIME,
    requestMilli: p.requestMilli ?? undefined,
  }));
}

function metricsOf(c: CalcCase, h: Harness): Map<string, PodMetricSample> {
  const window = h.metricWindowSeconds * 1000;
  const metrics = new Map<string, PodMetricSample>();
  for (const p of c.pods ?? []) {
    if (typeof p.usageMilli === 'number') metrics.set(p.name, { valueMilli: p.usageMilli, timestamp: ZERO_TIME, window });
  }
  for (const m of c.extraMetrics ?? []) metrics.set(m.podName, { valueMilli: m.usageMilli, timestamp: ZERO_TIME, window });
  return metrics;
}

function tolerancesOf(c: CalcCase, h: Harness): Tolerances {
  // Per-direction tolerances (upstream Tolerances{scaleDown, scaleUp}) may sit on the case or the harness.
  const t = (c.tolerances ?? (h as { tolerances?: unknown }).tolerances ?? h.tolerance) as unknown;
  if (Array.isArray(t)) return { scaleDown: t[0] as number, scaleUp: t[1] as number };
  if (typeof t === 'number') return { scaleDown: t, scaleUp: t };
  if (t !== null && typeof t === 'object') {
    const o = t as Record<string, number | undefined>;
    return { scaleDown: o.scaleDown ?? o.down ?? 0.1, scaleUp: o.scaleUp ?? o.up ?? 0.1 };
  }
  return { scaleDown: 0.1, scaleUp: 0.1 };
}

export function runCalcCase(c: CalcCase): void {
  const h = c.harness ?? DEFAULT_HARNESS;
  const tolerances = tolerancesOf(c, h);
  const pods = podsOf(c);
  const config = { cpuInitializationPeriod: h.cpuInitializationPeriodSeconds * 1000, delayOfInitialReadinessStatus: h.delayOfInitialReadinessStatusSeconds * 1000 };
  const metrics = metricsOf(c, h);
  const resource = c.resource ?? 'cpu';

  if (c.derivedPodClass !== undefined && (c.kind === 'Resource' || c.kind === 'PodsMetric')) {
    const groups = groupPods(pods, metrics, c.kind === 'Resource' ? resource : '', NOW, config);
    for (const [name, cls] of Object.entries(c.derivedPodClass)) {
      const got = groups.ignored.has(name) ? 'ignored' : groups.unready.has(name) ? 'unready' : groups.missing.has(name) ? 'missing' : 'ready';
      expect(got, `class of ${name}`).toBe(cls);
    }
  }

  let result;
  switch (c.kind) {
    case 'Resource':
      result = getResourceReplicas({ currentReplicas: c.currentReplicas, targetUtilization: c.targetUtilizationPercent as number, resource, pods, metrics, now: NOW, tolerances, config });
      break;
    case 'PodsMetric':
      result = getMetricReplicas({ currentReplicas: c.currentReplicas, targetMilli: c.targetMilli as number, pods, metrics, now: NOW, tolerances, config, metricName: c.metricName });
      break;
    case 'ObjectValue':
      result = getObjectMetricReplicas({ currentReplicas: c.currentReplicas, targetMilli: c.targetMilli as number, objectValueMilli: c.objectValueMilli as number, pods, tolerances });
      break;
    case 'ObjectAverageValue':
      result = getObjectPerPodMetricReplicas({ statusReplicas: c.currentReplicas, targetAverageMilli: c.targetAverageMilli as number, objectValueMilli: c.objectValueMilli as number, tolerances });
      break;
    case 'ExternalValue':
      result = getExternalMetricReplicas({ currentReplicas: c.currentReplicas, targetMilli: c.targetMilli as number, valuesMilli: c.externalValuesMilli ?? [], pods, tolerances, metricName: c.metricName });
      break;
    case 'ExternalAverageValue':
      result = getExternalPerPodMetricReplicas({ statusReplicas: c.currentReplicas, targetAverageMilli: c.targetAverageMilli as number, valuesMilli: c.externalValuesMilli ?? [], tolerances, metricName: c.metricName });
      break;
    default:
      throw new Error(`unknown kind ${String((c as { kind: unknown }).kind)}`);
  }

  if (c.expected.error !== undefined) {
    expect(result.ok, 'an error was expected').toBe(false);
    if (!result.ok) expect(result.error).toContain(c.expected.error);
    return;
  }
  if (!result.ok) throw new Error(`unexpected error: ${result.error}`);
  expect(result.replicas, 'replicas').toBe(c.expected.replicas);
  if ('utilization' in result) {
    if (c.expected.utilizationPercent !== undefined) expect(result.utilization, 'utilization %').toBe(c.expected.utilizationPercent);
    if (c.expected.rawAverageUsageMilliPerPod !== undefined) expect(result.rawUtilization, 'raw average').toBe(c.expected.rawAverageUsageMilliPerPod);
  }
  if ('usageMilli' in result && c.expected.usageMilli !== undefined) expect(result.usageMilli, 'usage').toBe(c.expected.usageMilli);
}

const vectors = JSON.parse(
  readFileSync(new URL('../../../fixtures/upstream/vectors/hpa_replica_calculator.json', import.meta.url), 'utf8'),
) as CalcCase[];

describe('hpa_replica_calculator.json upstream vectors', () => {
  it('has cases', () => expect(vectors.length).toBeGreaterThan(0));
  for (const c of vectors) it(`${c.kind}: ${c.name}`, () => runCalcCase(c));
});

// ---------------------------------------------------------------------------------------------
// Extra cases transcribed from replica_calculator_test.go (values per pod = 2 containers × level)
// ---------------------------------------------------------------------------------------------

const SRC = 'kubernetes/kubernetes pkg/controller/podautoscaler/replica_calculator_test.go';

/** Resource case builder: requests and levels are per container (as upstream writes them). */
function cpu(
  name: string,
  spec: {
    current: number;
    target: number;
    requests: Array<number | null>;
    levels: Array<number | null>;
    ready?: string[];
    start?: string[];
    phase?: string[];
    deleting?: boolean[];
    tolerances?: [number, number];
    expected: CalcCase['expected'];
  },
): CalcCase {
  const n = Math.max(spec.current, spec.requests.length, spec.phase?.length ?? 0);
  const pods: VectorPod[] = [];
  for (let i = 0; i < n; i++) {
    const req = spec.requests[i];
    const lvl = spec.levels[i];
    pods.push({
      name: `test-pod-${i}`,
      phase: spec.phase?.[i] ?? 'Running',
      ready: spec.ready?.[i] ?? 'True',
      startTime: spec.start?.[i] ?? 'unset',
      deleting: spec.deleting?.[i] ?? false,
      requestMilli: req === null || req === undefined ? null : 2 * req,
      usageMilli: lvl === null || lvl === undefined ? null : 2 * lvl,
    });
  }
  return {
    name,
    source: SRC,
    kind: 'Resource',
    resource: 'cpu',
    currentReplicas: spec.current,
    targetUtilizationPercent: spec.target,
    pods,
    ...(spec.tolerances === undefined ? {} : { tolerances: spec.tolerances }),
    expected: spec.expected,
  };
}

function podsMetric(name: string, current: number, target: number, levels: Array<number | null>, expected: CalcCase['expected'], extra: Partial<CalcCase> & { ready?: string[]; start?: string[]; podCount?: number } = {}): CalcCase {
  const n = Math.max(current, levels.length, extra.podCount ?? 0);
  const pods: VectorPod[] = [];
  for (let i = 0; i < n; i++) {
    pods.push({ name: `test-pod-${i}`, phase: 'Running', ready: extra.ready?.[i] ?? 'True', startTime: extra.start?.[i] ?? 'unset', usageMilli: levels[i] ?? null });
  }
  return { name, source: SRC, kind: 'PodsMetric', metricName: 'qps', currentReplicas: current, targetMilli: target, pods, expected, ...(extra.tolerances ? { tolerances: extra.tolerances } : {}) };
}

const readyPods = (n: number, ready?: string[]): VectorPod[] =>
  Array.from({ length: n }, (_, i) => ({ name: `test-pod-${i}`, phase: 'Running', ready: ready?.[i] ?? 'True', startTime: 'unset' }));

const UP: [number, number] = [0.1, 0.01]; // Tolerances{defaultTestingTolerance, .01}: scaleDown 0.1, scaleUp 0.01

const extras: CalcCase[] = [
  // TestReplicaCalcResourceScale
  cpu('TestReplicaCalcResourceScale/scale up', { current: 3, target: 30, requests: [1000, 1000, 1000], levels: [300, 500, 700], expected: { replicas: 5, utilizationPercent: 50, rawAverageUsageMilliPerPod: 1000 } }),
  cpu('TestReplicaCalcResourceScale/scale up: unready pod scales less', { current: 3, target: 30, requests: [1000, 1000, 1000], levels: [300, 500, 700], ready: ['False', 'True', 'True'], expected: { replicas: 4, utilizationPercent: 60, rawAverageUsageMilliPerPod: 1200 } }),
  cpu('TestReplicaCalcResourceScale/scale up: hot-CPU pod scales less', { current: 3, target: 30, requests: [1000, 1000, 1000], levels: [300, 500, 700], start: ['hot', 'cool', 'cool'], expected: { replicas: 4, utilizationPercent: 60, rawAverageUsageMilliPerPod: 1200 } }),
  cpu('TestReplicaCalcResourceScale/no scale: unready pods ignored', { current: 3, target: 30, requests: [1000, 1000, 1000], levels: [400, 500, 700], ready: ['True', 'False', 'False'], expected: { replicas: 3, utilizationPercent: 40, rawAverageUsageMilliPerPod: 800 } }),
  cpu('TestReplicaCalcResourceScale/scale up: failed pods ignored', { current: 2, target: 30, requests: [1000, 1000, 1000, 1000], levels: [500, 700], ready: ['True', 'True', 'False', 'False'], phase: ['Running', 'Running', 'Failed', 'Failed'], expected: { replicas: 4, utilizationPercent: 60, rawAverageUsageMilliPerPod: 1200 } }),
  cpu('TestReplicaCalcResourceScale/scale down', { current: 5, target: 50, requests: [1000, 1000, 1000, 1000, 1000], levels: [100, 300, 500, 250, 250], expected: { replicas: 3, utilizationPercent: 28, rawAverageUsageMilliPerPod: 560 } }),
  cpu('TestReplicaCalcResourceScale/scale down: exclude unscheduled pods', { current: 5, target: 50, requests: [1000, 1000, 1000, 1000, 1000], levels: [100], ready: ['True', 'False', 'False', 'False', 'False'], phase: ['Running', 'Pending', 'Pending', 'Pending', 'Pending'], expected: { replicas: 1, utilizationPercent: 10, rawAverageUsageMilliPerPod: 200 } }),
  cpu('TestReplicaCalcResourceScale/scale down: failed pods ignored', { current: 5, target: 50, requests: [1000, 1000, 1000, 1000, 1000, 1000, 1000], levels: [100, 300, 500, 250, 250], ready: ['True', 'True', 'True', 'True', 'True', 'False', 'False'], phase: ['Running', 'Running', 'Running', 'Running', 'Running', 'Failed', 'Failed'], expected: { replicas: 3, utilizationPercent: 28, rawAverageUsageMilliPerPod: 560 } }),
  // Single-function tests
  cpu('TestReplicaCalcTolerance', { current: 3, target: 100, requests: [900, 1000, 1100], levels: [1010, 1030, 1020], expected: { replicas: 3, utilizationPercent: 102, rawAverageUsageMilliPerPod: 2040 } }),
  cpu('TestReplicaCalcMissingMetrics', { current: 4, target: 100, requests: [1000, 1000, 1000, 1000], levels: [400, 95], expected: { replicas: 3, utilizationPercent: 24, rawAverageUsageMilliPerPod: 495 } }),
  cpu('TestReplicaCalcEmptyMetrics', { current: 4, target: 100, requests: [1000, 1000, 1000], levels: [], expected: { error: 'unable to get metrics for resource cpu: no metrics returned from resource metrics API' } }),
  cpu('TestReplicaCalcEmptyCPURequest', { current: 1, target: 100, requests: [null], levels: [200], expected: { error: 'missing request for' } }),
  cpu('TestReplicaCalcMissingMetricsNoChangeGt', { current: 2, target: 100, requests: [1000, 1000], levels: [1900], expected: { replicas: 2, utilizationPercent: 190, rawAverageUsageMilliPerPod: 3800 } }),
  cpu('TestReplicaCalcMissingMetricsUnreadyChange', { current: 3, target: 50, requests: [1000, 1000, 1000], levels: [100, 450], ready: ['False', 'True', 'True'], expected: { replicas: 3, utilizationPercent: 45, rawAverageUsageMilliPerPod: 900 } }),
  cpu('TestReplicaCalcMissingMetricsUnreadyScaleUp', { current: 3, target: 50, requests: [1000, 1000, 1000], levels: [100, 2000], ready: ['False', 'True', 'True'], expected: { replicas: 4, utilizationPercent: 200, rawAverageUsageMilliPerPod: 4000 } }),
  cpu('TestReplicaCalcMissingMetricsUnreadyScaleDown', { current: 4, target: 50, requests: [1000, 1000, 1000, 1000], levels: [100, 100, 100], ready: ['False', 'True', 'True', 'True'], expected: { replicas: 3, utilizationPercent: 10, rawAverageUsageMilliPerPod: 200 } }),
  cpu('TestReplicaCalcDuringRollingUpdateWithMaxSurge', { current: 2, target: 50, requests: [1000, 1000, 1000], levels: [100, 100], phase: ['Running', 'Running', 'Running'], expected: { replicas: 2, utilizationPercent: 10, rawAverageUsageMilliPerPod: 200 } }),
  // TestReplicaCalcConfigurableTolerance (Tolerances{scaleDown, scaleUp})
  cpu('TestReplicaCalcConfigurableTolerance/Outside of a 0% tolerance', { current: 3, target: 100, requests: [900, 1000, 1100], levels: [909, 1010, 1111], tolerances: [0, 0], expected: { replicas: 4, utilizationPercent: 101, rawAverageUsageMilliPerPod: 2020 } }),
  cpu('TestReplicaCalcConfigurableTolerance/Within a 200% scale-up tolerance', { current: 3, target: 100, requests: [900, 1000, 1100], levels: [1890, 1910, 1900], tolerances: [0.1, 2], expected: { replicas: 3, utilizationPercent: 190, rawAverageUsageMilliPerPod: 3800 } }),
  cpu('TestReplicaCalcConfigurableTolerance/Outside 8% scale-up tolerance (and superfuous scale-down tolerance)', { current: 3, target: 100, requests: [900, 1000, 1100], levels: [1100, 1080, 1090], tolerances: [2, 0.08], expected: { replicas: 4, utilizationPercent: 109, rawAverageUsageMilliPerPod: 2180 } }),
  cpu('TestReplicaCalcConfigurableTolerance/Within a 36% scale-down tolerance', { current: 3, target: 100, requests: [900, 1000, 1100], levels: [660, 640, 650], tolerances: [0.36, 0.1], expected: { replicas: 3, utilizationPercent: 65, rawAverageUsageMilliPerPod: 1300 } }),
  cpu('TestReplicaCalcConfigurableTolerance/Outside a 34% scale-down tolerance', { current: 3, target: 100, requests: [900, 1000, 1100], levels: [660, 640, 650], tolerances: [0.34, 0.1], expected: { replicas: 2, utilizationPercent: 65, rawAverageUsageMilliPerPod: 1300 } }),
  // Pods metrics
  podsMetric('TestReplicaCalcScaleUpCM', 3, 15000, [20000, 10000, 30000], { replicas: 4, usageMilli: 20000 }),
  podsMetric('TestReplicaCalcScaleUpCMUnreadyHotCpuScaleWouldScaleDown', 3, 15000, [50000, 15000, 30000], { replicas: 7, usageMilli: 31666 }, { ready: ['False', 'True', 'False'], start: ['hot', 'cool', 'hot'] }),
  podsMetric('TestReplicaCalcScaleDownCM', 5, 20000, [12000, 12000, 12000, 12000, 12000], { replicas: 3, usageMilli: 12000 }),
  podsMetric('TestPlainMetricReplicaCalcMissingMetricsNoChangeEq', 5, 20000, [20000, 19000, 21000], { replicas: 5, usageMilli: 20000 }),
  podsMetric('TestReplicaCalcConfigurableToleranceCM', 3, 20000, [20000, 21000, 21000], { replicas: 4, usageMilli: 20666 }, { tolerances: UP }),
  // Object metrics
  { name: 'TestReplicaCalcScaleUpCMObject', source: SRC, kind: 'ObjectValue', currentReplicas: 3, objectValueMilli: 20000, targetMilli: 15000, pods: readyPods(3), expected: { replicas: 4, usageMilli: 20000 } },
  { name: 'TestReplicaCalcScaleDownCMObject', source: SRC, kind: 'ObjectValue', currentReplicas: 5, objectValueMilli: 12000, targetMilli: 20000, pods: readyPods(5), expected: { replicas: 3, usageMilli: 12000 } },
  { name: 'TestReplicaCalcConfigurableToleranceCMObject', source: SRC, kind: 'ObjectValue', currentReplicas: 3, objectValueMilli: 20666, targetMilli: 20000, pods: readyPods(3), tolerances: UP, expected: { replicas: 4, usageMilli: 20666 } },
  { name: 'TestReplicaCalcScaleUpOverflow', source: SRC, kind: 'ObjectValue', currentReplicas: 3, objectValueMilli: MAX_INT64, targetMilli: 1, pods: readyPods(3), expected: { replicas: MAX_INT32, usageMilli: MAX_INT64 } },
  { name: 'TestReplicaCalcScaleUpCMPerPodObject', source: SRC, kind: 'ObjectAverageValue', currentReplicas: 3, objectValueMilli: 20000, targetAverageMilli: 5000, expected: { replicas: 4, usageMilli: 6667 } },
  { name: 'TestReplicaCalcTolerancePerPodCMObject', source: SRC, kind: 'ObjectAverageValue', currentReplicas: 4, objectValueMilli: 20166, targetAverageMilli: 5000, expected: { replicas: 4, usageMilli: 5042 } },
  { name: 'TestReplicaCalcConfigurableTolerancePerPodCMObject', source: SRC, kind: 'ObjectAverageValue', currentReplicas: 4, objectValueMilli: 20208, targetAverageMilli: 5000, tolerances: UP, expected: { replicas: 5, usageMilli: 5052 } },
  // External metrics
  { name: 'TestReplicaCalcScaleDownCMExternal', source: SRC, kind: 'ExternalValue', currentReplicas: 5, externalValuesMilli: [8600], targetMilli: 14334, pods: readyPods(5), expected: { replicas: 3, usageMilli: 8600 } },
  { name: 'TestReplicaCalcConfigurableToleranceCMExternal', source: SRC, kind: 'ExternalValue', currentReplicas: 3, externalValuesMilli: [8900], targetMilli: 8800, pods: readyPods(3), tolerances: UP, expected: { replicas: 4, usageMilli: 8900 } },
  { name: 'TestReplicaCalcExternalMetricUsageOverflow', source: SRC, kind: 'ExternalValue', currentReplicas: 3, externalValuesMilli: [2 ** 62, 2 ** 62], targetMilli: MAX_INT64, pods: readyPods(3), expected: { replicas: 3, usageMilli: MAX_INT64 } },
  { name: 'TestReplicaCalcScaleUpPerPodCMExternal', source: SRC, kind: 'ExternalAverageValue', currentReplicas: 3, externalValuesMilli: [8600], targetAverageMilli: 2150, expected: { replicas: 4, usageMilli: 2867 } },
  { name: 'TestReplicaCalcTolerancePerPodCMExternal', source: SRC, kind: 'ExternalAverageValue', currentReplicas: 3, externalValuesMilli: [8600], targetAverageMilli: 2900, expected: { replicas: 3, usageMilli: 2867 } },
  { name: 'TestReplicaCalcConfigurableTolerancePerPodCMExternal', source: SRC, kind: 'ExternalAverageValue', currentReplicas: 3, externalValuesMilli: [8600], targetAverageMilli: 2800, tolerances: UP, expected: { replicas: 4, usageMilli: 2867 } },
  { name: 'TestExternalPerPodMetricReplicaOverflow', source: SRC, kind: 'ExternalAverageValue', currentReplicas: 1, externalValuesMilli: [MAX_INT64], targetAverageMilli: 1, expected: { replicas: MAX_INT32, usageMilli: MAX_INT64 } },
  { name: 'TestExternalPerPodMetricUsageOverflow', source: SRC, kind: 'ExternalAverageValue', currentReplicas: 1, externalValuesMilli: [MAX_INT64], targetAverageMilli: MAX_INT64, expected: { replicas: 1, usageMilli: MAX_INT64 } },
];

describe('extra upstream cases (replica_calculator_test.go)', () => {
  const vectorNames = new Set(vectors.map((c) => c.name));
  for (const c of extras.filter((e) => !vectorNames.has(e.name))) it(`${c.kind}: ${c.name}`, () => runCalcCase(c));

  it('TestReplicaCalcComputedToleranceAlgImplementation (second half): a target 0.4% inside the tolerance does not scale', () => {
    // target = int32((1/(2*(1-0.1)) + .004) * 100) = 55; utilization 50 → ratio 0.909 ≥ 0.9.
    const base = vectors.find((c) => c.name === 'TestReplicaCalcComputedToleranceAlgImplementation#1');
    const requests = [800, 400, 620, 580, 604, 596, 602, 598, 600, 600];
    const c =
      base === undefined
        ? cpu('computed tolerance', { current: 10, target: 55, requests: requests.map((r) => r / 2), levels: requests.map(() => 150), expected: { replicas: 10, utilizationPercent: 50 } })
        : { ...base, name: 'TestReplicaCalcComputedToleranceAlgImplementation#2', targetUtilizationPercent: 55, expected: { replicas: 10, utilizationPercent: 50, rawAverageUsageMilliPerPod: 300 } };
    runCalcCase(c);
  });

  it('getRawResourceReplicas (AverageValue on a resource) uses the plain-metric rules with CPU readiness', () => {
    const pods: HpaPod[] = [0, 1, 2].map((i) => ({ name: `p${i}`, phase: 'Running', ready: i !== 0, deleting: false, startTime: 0, readyTransitionTime: 0, requestMilli: 1000 }));
    const metrics = new Map<string, PodMetricSample>(pods.map((p, i) => [p.name, { valueMilli: [300, 500, 700][i] as number, timestamp: 0, window: 60_000 }]));
    // p0 is unready: average of p1, p2 = 600 vs target 300 → ratio 2; rebalance with p0 at 0 → 400/300 → ceil(4) = 4.
    const r = getRawResourceReplicas({ currentReplicas: 3, targetMilli: 300, resource: 'cpu', pods, metrics, now: NOW });
    expect(r).toEqual({ ok: true, replicas: 4, usageMilli: 600 });
    expect(getRawResourceReplicas({ currentReplicas: 3, targetMilli: 300, resource: 'cpu', pods, metrics: new Map(), now: NOW }).ok).toBe(false);
  });

  it('object/external Value at 0 replicas scales from zero by ceil(ratio), without tolerance', () => {
    expect(getObjectMetricReplicas({ currentReplicas: 0, targetMilli: 1000, objectValueMilli: 1050, pods: [] })).toEqual({ ok: true, replicas: 2, usageMilli: 1050 });
    expect(getExternalMetricReplicas({ currentReplicas: 0, targetMilli: 1000, valuesMilli: [0], pods: [] })).toEqual({ ok: true, replicas: 0, usageMilli: 0 });
    expect(getObjectMetricReplicas({ currentReplicas: 2, targetMilli: 1000, objectValueMilli: 5000, pods: [] }).ok).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// TestGroupPods (all upstream rows; times relative to now, CPU init period 2 min, readiness delay 10 s)
// ---------------------------------------------------------------------------------------------

describe('TestGroupPods', () => {
  const config = { cpuInitializationPeriod: 120_000, delayOfInitialReadinessStatus: 10_000 };
  const min = 60_000;
  const sample = (timestamp = 0, window = 0): PodMetricSample => ({ valueMilli: 1, timestamp, window });
  const pod = (name: string, p: Partial<HpaPod>): HpaPod => ({
    name,
    phase: 'Succeeded',
    ready: undefined,
    deleting: false,
    startTime: undefined,
    readyTransitionTime: undefined,
    ...p,
  });
  interface Row {
    name: string;
    pods: HpaPod[];
    metrics: Array<[string, PodMetricSample]>;
    resource: string;
    ready: number;
    unready?: string[];
    missing?: string[];
    ignored?: string[];
  }
  const rows: Row[] = [
    { name: 'void', pods: [], metrics: [], resource: 'cpu', ready: 0 },
    { name: 'count in a ready pod - memory', pods: [pod('bentham', {})], metrics: [['bentham', sample(NOW, min)]], resource: 'memory', ready: 1 },
    { name: 'unready a pod without ready condition - CPU', pods: [pod('lucretius', { startTime: NOW })], metrics: [['lucretius', sample()]], resource: 'cpu', ready: 0, unready: ['lucretius'] },
    {
      name: 'count in a ready pod with fresh metrics during initialization period - CPU',
      pods: [pod('bentham', { startTime: NOW - min, ready: true, readyTransitionTime: NOW - 30_000 })],
      metrics: [['bentham', sample(NOW, 30_000)]],
      resource: 'cpu',
      ready: 1,
    },
    {
      name: 'unready a ready pod without fresh metrics during initialization period - CPU',
      pods: [pod('bentham', { startTime: NOW - min, ready: true, readyTransitionTime: NOW - 30_000 })],
      metrics: [['bentham', sample(NOW, 60_000)]],
      resource: 'cpu',
      ready: 0,
      unready: ['bentham'],
    },
    {
      name: 'unready an unready pod during initialization period - CPU',
      pods: [pod('lucretius', { startTime: NOW - 10 * min, ready: false, readyTransitionTime: NOW - 9 * min - 54_000 })],
      metrics: [['lucretius', sample()]],
      resource: 'cpu',
      ready: 0,
      unready: ['lucretius'],
    },
    {
      name: 'count in a ready pod without fresh metrics after initialization period - CPU',
      pods: [pod('bentham', { startTime: NOW - 3 * min, ready: true, readyTransitionTime: NOW - 3 * min })],
      metrics: [['bentham', sample(NOW - 2 * min, min)]],
      resource: 'cpu',
      ready: 1,
    },
    {
      name: 'count in an unready pod that was ready after initialization period - CPU',
      pods: [pod('lucretius', { startTime: NOW - 10 * min, ready: false, readyTransitionTime: NOW - 9 * min })],
      metrics: [['lucretius', sample()]],
      resource: 'cpu',
      ready: 1,
    },
    {
      name: 'unready pod that has never been ready after initialization period - CPU',
      pods: [pod('lucretius', { startTime: NOW - 10 * min, ready: false, readyTransitionTime: NOW - 9 * min - 50_000 })],
      metrics: [['lucretius', sample()]],
      resource: 'cpu',
      ready: 1,
    },
    { name: 'a missing pod', pods: [pod('epicurus', { startTime: NOW - 3 * min })], metrics: [], resource: 'cpu', ready: 0, missing: ['epicurus'] },
    {
      name: 'several pods',
      pods: [
        pod('lucretius', { startTime: NOW }),
        pod('niccolo', { startTime: NOW - 3 * min, ready: true, readyTransitionTime: NOW - 3 * min }),
        pod('epicurus', { startTime: NOW - 3 * min }),
      ],
      metrics: [
        ['lucretius', sample()],
        ['niccolo', sample()],
      ],
      resource: 'cpu',
      ready: 1,
      unready: ['lucretius'],
      missing: ['epicurus'],
    },
    { name: 'pending pods are unreadied', pods: [pod('unscheduled', { phase: 'Pending' })], metrics: [], resource: 'cpu', ready: 0, unready: ['unscheduled'] },
    { name: 'ignore pods with deletion timestamps', pods: [pod('deleted', { phase: 'Pending', deleting: true })], metrics: [['deleted', sample()]], resource: 'cpu', ready: 0, ignored: ['deleted'] },
    { name: 'ignore pods in a failed state', pods: [pod('failed', { phase: 'Failed' })], metrics: [['failed', sample()]], resource: 'cpu', ready: 0, ignored: ['failed'] },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const g = groupPods(row.pods, new Map(row.metrics), row.resource, NOW, config);
      expect(g.readyPodCount).toBe(row.ready);
      expect([...g.unready]).toEqual(row.unready ?? []);
      expect([...g.missing]).toEqual(row.missing ?? []);
      expect([...g.ignored]).toEqual(row.ignored ?? []);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Combining metrics and properties
// ---------------------------------------------------------------------------------------------

describe('combineMetricProposals (computeReplicasForMetrics)', () => {
  it('takes the largest proposal', () => {
    expect(combineMetricProposals([{ ok: true, replicas: 3 }, { ok: true, replicas: 7 }], 5)).toEqual({ replicas: 7, metricIndex: 1, error: undefined });
  });
  it('TestNoScaleDownOneMetricInvalid: an invalid metric blocks a scale-down', () => {
    expect(combineMetricProposals([{ ok: true, replicas: 3 }, { ok: false, error: 'bad' }], 5).replicas).toBeUndefined();
  });
  it('TestScaleUpOneMetricEmpty: an invalid metric does not block a scale-up', () => {
    expect(combineMetricProposals([{ ok: true, replicas: 4 }, { ok: false, error: 'bad' }], 3)).toEqual({ replicas: 4, metricIndex: 0, error: 'bad' });
  });
  it('all metrics invalid → no recommendation', () => {
    expect(combineMetricProposals([{ ok: false, error: 'a' }], 3)).toEqual({ replicas: undefined, metricIndex: undefined, error: 'a' });
  });
});

describe('properties', () => {
  it('all-ready pods: within tolerance keeps the count, outside it gives ceil(ratio × pods) in the direction of the ratio', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ req: fc.integer({ min: 1, max: 4000 }), use: fc.integer({ min: 0, max: 8000 }) }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 300 }),
        (specs, target) => {
          const pods: HpaPod[] = specs.map((s, i) => ({ name: `p${i}`, phase: 'Running', ready: true, deleting: false, startTime: 0, readyTransitionTime: 0, requestMilli: s.req }));
          const metrics = new Map<string, PodMetricSample>(specs.map((s, i) => [`p${i}`, { valueMilli: s.use, timestamp: NOW, window: 60_000 }]));
          const r = getResourceReplicas({ currentReplicas: pods.length, targetUtilization: target, resource: 'cpu', pods, metrics, now: NOW });
          if (!r.ok) return;
          const ratio = r.utilization / target;
          if (isWithinTolerance({ scaleDown: 0.1, scaleUp: 0.1 }, ratio)) expect(r.replicas).toBe(pods.length);
          else expect(r.replicas).toBe(Math.ceil(ratio * pods.length));
        },
      ),
    );
  });
});
