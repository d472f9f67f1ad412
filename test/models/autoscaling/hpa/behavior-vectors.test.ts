// HPA normalization: every case of the upstream vector file hpa_behavior.json, extra cases
// transcribed from kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go (each cites
// its test), the API defaults of spec.behavior, and properties of the rate limits.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type HPAScalingPolicy,
  type HPAScalingRules,
  type ScaleEvent,
  type TimestampedRecommendation,
  calculateScaleDownLimitWithBehaviors,
  calculateScaleUpLimit,
  calculateScaleUpLimitWithScalingRules,
  convertDesiredReplicasWithBehaviorRate,
  convertDesiredReplicasWithRules,
  defaultBehavior,
  generateScaleDownRules,
  generateScaleUpRules,
  getReplicasChangePerPeriod,
  hpaPreCheck,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  recordInitialRecommendation,
  resolveBehavior,
  stabilizeRecommendation,
  stabilizeRecommendationWithBehaviors,
  storeScaleEvent,
  tolerancesFromBehavior,
} from '../../../../src/models/autoscaling/hpa/behavior.js';

const NOW = 1_000_000_000;
// Upstream builds each record with time.Now().Add(-secondsAgo) before the function under test reads
// time.Now() itself, so a record is always a little older than its nominal age: a record exactly one
// window or period old is outside it (and reusable). One virtual millisecond models that.
const EPSILON_MS = 1;
const ago = (seconds: number): number => NOW - seconds * 1000 - EPSILON_MS;

interface VectorEvent {
  replicaChange: number;
  secondsAgo: number;
}

interface BehaviorCase {
  name: string;
  source?: string;
  function: string;
  [field: string]: any;
}

const events = (list: VectorEvent[] | undefined): ScaleEvent[] =>
  (list ?? []).map((e) => ({ replicaChange: e.replicaChange, timestamp: ago(e.secondsAgo), outdated: false }));

const recommendations = (list: Array<{ recommendation: number; secondsAgo: number }> | undefined): TimestampedRecommendation[] =>
  (list ?? []).map((r) => ({ recommendation: r.recommendation, timestamp: ago(r.secondsAgo) }));

function runBehaviorCase(c: BehaviorCase): void {
  switch (c.function) {
    case 'convertDesiredReplicasWithBehaviorRate': {
      const got = convertDesiredReplicasWithBehaviorRate({
        currentReplicas: c.currentReplicas,
        desiredReplicas: c.prenormalizedDesiredReplicas,
        minReplicas: c.specMinReplicas,
        maxReplicas: c.specMaxReplicas,
        scaleUpRules: generateScaleUpRules(c.scaleUpRules as HPAScalingRules | null),
        scaleDownRules: generateScaleDownRules(c.scaleDownRules as HPAScalingRules | null),
        scaleUpEvents: events(c.scaleUpEvents),
        scaleDownEvents: events(c.scaleDownEvents),
        now: NOW,
      });
      expect({ replicas: got.replicas, condition: got.reason }).toEqual({ replicas: c.expected.replicas, condition: c.expected.condition });
      return;
    }
    case 'calculateScaleUpLimitWithScalingRules':
      expect(calculateScaleUpLimitWithScalingRules(c.currentReplicas, events(c.scaleUpEvents), events(c.scaleDownEvents), c.rules, NOW)).toBe(c.expected.limit);
      return;
    case 'calculateScaleDownLimitWithBehaviors':
      expect(calculateScaleDownLimitWithBehaviors(c.currentReplicas, events(c.scaleUpEvents), events(c.scaleDownEvents), c.rules, NOW)).toBe(c.expected.limit);
      return;
    case 'stabilizeRecommendationWithBehaviors': {
      const got = stabilizeRecommendationWithBehaviors({
        currentReplicas: c.currentReplicas,
        desiredReplicas: c.prenormalizedDesiredReplicas,
        scaleUpStabilizationWindowSeconds: c.scaleUpStabilizationWindowSeconds ?? 0,
        scaleDownStabilizationWindowSeconds: c.scaleDownStabilizationWindowSeconds ?? 0,
        recommendations: recommendations(c.recommendations),
        now: NOW,
      });
      expect(got.stabilizedReplicas).toBe(c.expected.stabilizedReplicas);
      if (c.expected.storedRecommendationValues !== undefined) {
        expect(got.recommendations.map((r) => r.recommendation)).toEqual(c.expected.storedRecommendationValues);
      }
      return;
    }
    case 'stabilizeRecommendation (HPA without spec.behavior)': {
      const got = stabilizeRecommendation({
        prenormalizedDesiredReplicas: c.prenormalizedDesiredReplicas,
        recommendations: recommendations(c.recommendations),
        now: NOW,
        windowSeconds: c.downscaleStabilisationWindowSeconds ?? 300,
      });
      expect(got.stabilizedReplicas).toBe(c.expected.stabilizedReplicas);
      if (c.expected.recommendationLogLength !== undefined) expect(got.recommendations.length).toBe(c.expected.recommendationLogLength);
      return;
    }
    case 'convertDesiredReplicasWithRules (HPA without spec.behavior)': {
      const got = convertDesiredReplicasWithRules(c.currentReplicas, c.prenormalizedDesiredReplicas, c.hpaMinReplicas, c.hpaMaxReplicas);
      expect({ replicas: got.replicas, condition: got.reason }).toEqual({ replicas: c.expected.replicas, condition: c.expected.condition });
      return;
    }
    default:
      throw new Error(`unknown vector function ${c.function}`);
  }
}

const vectors = JSON.parse(readFileSync(new URL('../../../fixtures/upstream/vectors/hpa_behavior.json', import.meta.url), 'utf8')) as BehaviorCase[];

describe('hpa_behavior.json upstream vectors', () => {
  it('has cases', () => expect(vectors.length).toBeGreaterThan(0));
  for (const c of vectors) it(`${c.function}: ${c.name}`, () => runBehaviorCase(c));
});

// ---------------------------------------------------------------------------------------------
// Extra cases from horizontal_test.go
// ---------------------------------------------------------------------------------------------

const SRC = 'kubernetes/kubernetes pkg/controller/podautoscaler/horizontal_test.go';

/** horizontal_test.go generateScalingRules(pods, podsPeriod, percent, percentPeriod, stabilizationWindow). */
function generateScalingRules(pods: number, podsPeriod: number, percent: number, percentPeriod: number, window: number): HPAScalingRules {
  const policies: HPAScalingPolicy[] = [];
  if (pods !== 0) policies.push({ type: 'Pods', value: pods, periodSeconds: podsPeriod });
  if (percent !== 0) policies.push({ type: 'Percent', value: percent, periodSeconds: percentPeriod });
  return { stabilizationWindowSeconds: window, selectPolicy: 'Max', policies };
}

/** generateEventsUniformDistribution: events at the centres of equal segments of the last `period` seconds. */
function uniformEvents(raw: number[], periodSeconds: number): VectorEvent[] {
  const segment = periodSeconds / raw.length;
  return raw.map((replicaChange, i) => ({ replicaChange, secondsAgo: periodSeconds - segment * (i + 1) + segment / 2 }));
}

interface RuleRow {
  name: string;
  current: number;
  desired: number;
  min: number;
  max: number;
  up?: HPAScalingRules;
  down?: HPAScalingRules;
  upEvents?: VectorEvent[];
  downEvents?: VectorEvent[];
  replicas: number;
  condition: string;
}

const scalingWithRules: RuleRow[] = [
  { name: 'prenormalized desired replicas within range', current: 5, desired: 7, min: 3, max: 8, replicas: 7, condition: 'DesiredWithinRange' },
  { name: 'prenormalized desired replicas < minReplicas', current: 3, desired: 1, min: 2, max: 8, replicas: 2, condition: 'TooFewReplicas' },
  { name: 'prenormalized desired replicas within range when minReplicas is 0', current: 1, desired: 0, min: 0, max: 10, replicas: 0, condition: 'DesiredWithinRange' },
  { name: 'maxReplicas is the limit because maxReplicas < scaleUpLimit', current: 20, desired: 1000, min: 1, max: 10, replicas: 10, condition: 'TooManyReplicas' },
  { name: 'desired replica count is more than the maximum replica count', current: 100, desired: 1000, min: 100, max: 150, replicas: 150, condition: 'TooManyReplicas' },
  { name: 'scaleUpLimit is the limit because scaleUpLimit < maxReplicas with user policies', current: 3, desired: 1000, min: 1, max: 2000, up: generateScalingRules(0, 0, 1, 60, 0), replicas: 4, condition: 'ScaleUpLimit' },
  { name: 'scaleDownLimit is the limit because scaleDownLimit > minReplicas with user defined policies', current: 1000, desired: 3, min: 3, max: 2000, down: generateScalingRules(20, 60, 0, 0, 0), replicas: 980, condition: 'ScaleDownLimit' },
  { name: 'scaleUp with default behavior', current: 10, desired: 50, min: 1, max: 1000, replicas: 20, condition: 'ScaleUpLimit' },
  { name: 'scaleUp with pods policy larger than percent policy', current: 10, desired: 500, min: 1, max: 1000, up: generateScalingRules(100, 60, 100, 60, 0), replicas: 110, condition: 'ScaleUpLimit' },
  { name: 'scaleUp with percent policy larger than pods policy', current: 10, desired: 500, min: 1, max: 1000, up: generateScalingRules(2, 60, 100, 60, 0), replicas: 20, condition: 'ScaleUpLimit' },
  { name: 'scaleUp with spec MaxReplicas limitation with large pod policy', current: 10, desired: 50, min: 1, max: 1000, up: generateScalingRules(100, 60, 0, 0, 0), replicas: 50, condition: 'DesiredWithinRange' },
  { name: 'scaleUp with spec MaxReplicas limitation with large percent policy', current: 10, desired: 50, min: 1, max: 1000, up: generateScalingRules(10000, 60, 0, 0, 0), replicas: 50, condition: 'DesiredWithinRange' },
  { name: 'scaleUp with pod policy limitation', current: 10, desired: 50, min: 1, max: 1000, up: generateScalingRules(30, 60, 0, 0, 0), replicas: 40, condition: 'ScaleUpLimit' },
  { name: 'scaleUp with percent policy limitation', current: 10, desired: 50, min: 1, max: 1000, up: generateScalingRules(0, 0, 200, 60, 0), replicas: 30, condition: 'ScaleUpLimit' },
  { name: 'scaleDown with percent policy larger than pod policy', current: 100, desired: 2, min: 1, max: 1000, down: generateScalingRules(20, 60, 1, 60, 300), replicas: 80, condition: 'ScaleDownLimit' },
  { name: 'scaleDown with pod policy larger than percent policy', current: 100, desired: 2, min: 1, max: 1000, down: generateScalingRules(2, 60, 1, 60, 300), replicas: 98, condition: 'ScaleDownLimit' },
  { name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy', current: 10, desired: 0, min: 1, max: 1000, down: generateScalingRules(100, 60, 0, 0, 300), replicas: 1, condition: 'TooFewReplicas' },
  { name: 'scaleDown with spec MinReplicas limitation with large pod policy', current: 10, desired: 0, min: 1, max: 1000, down: generateScalingRules(100, 60, 0, 0, 300), replicas: 1, condition: 'TooFewReplicas' },
  { name: 'scaleDown with spec MinReplicas limitation with large percent policy', current: 10, desired: 2, min: 5, max: 1000, down: generateScalingRules(0, 0, 100, 60, 300), replicas: 5, condition: 'TooFewReplicas' },
  { name: 'scaleDown with pod policy limitation', current: 10, desired: 2, min: 1, max: 1000, down: generateScalingRules(5, 60, 0, 0, 300), replicas: 5, condition: 'ScaleDownLimit' },
  { name: 'scaleDown with percent policy limitation', current: 10, desired: 5, min: 1, max: 1000, down: generateScalingRules(0, 0, 50, 60, 300), replicas: 5, condition: 'DesiredWithinRange' },
  { name: 'scaleUp with spec MaxReplicas limitation with large pod policy and events', current: 100, desired: 500, min: 1, max: 200, up: generateScalingRules(300, 60, 0, 0, 0), upEvents: uniformEvents([1, 5, 9], 120), replicas: 200, condition: 'TooManyReplicas' },
  { name: 'scaleUp with spec MaxReplicas limitation with large percent policy and events', current: 100, desired: 500, min: 1, max: 200, up: generateScalingRules(0, 0, 10000, 60, 0), upEvents: uniformEvents([1, 5, 9], 120), replicas: 200, condition: 'TooManyReplicas' },
  { name: 'scaleUp with currentReplicas limitation with rate.PeriodSeconds with a lot of recent scale up events', current: 100, desired: 500, min: 1, max: 1000, up: generateScalingRules(5, 120, 0, 0, 0), upEvents: uniformEvents([1, 5, 9], 120), replicas: 100, condition: 'ScaleUpLimit' },
  { name: 'scaleUp with pod policy and previous scale up events', current: 100, desired: 500, min: 1, max: 1000, up: generateScalingRules(150, 120, 0, 0, 0), upEvents: uniformEvents([1, 5, 9], 120), replicas: 235, condition: 'ScaleUpLimit' },
  { name: 'scaleUp with percent policy and previous scale up events', current: 100, desired: 500, min: 1, max: 1000, up: generateScalingRules(0, 0, 200, 120, 0), upEvents: uniformEvents([1, 5, 9], 120), replicas: 255, condition: 'ScaleUpLimit' },
  { name: 'scaleUp with percent policy and previous scale up and down events', current: 6, desired: 24, min: 1, max: 1000, up: generateScalingRules(0, 0, 300, 300, 0), upEvents: uniformEvents([4], 120), downEvents: uniformEvents([2], 120), replicas: 16, condition: 'ScaleUpLimit' },
  { name: 'scaleDown with default policy and previous events', current: 10, desired: 5, min: 1, max: 1000, downEvents: uniformEvents([1, 5, 9], 120), replicas: 5, condition: 'DesiredWithinRange' },
  { name: 'scaleDown with spec MinReplicas=nil limitation with large pod policy and previous events', current: 100, desired: 0, min: 1, max: 1000, down: generateScalingRules(115, 120, 0, 0, 300), downEvents: uniformEvents([1, 5, 9], 120), replicas: 1, condition: 'TooFewReplicas' },
  { name: 'scaleDown with spec MinReplicas limitation with large pod policy and previous events', current: 100, desired: 0, min: 5, max: 1000, down: generateScalingRules(130, 120, 0, 0, 300), downEvents: uniformEvents([1, 5, 9], 120), replicas: 5, condition: 'TooFewReplicas' },
  { name: 'scaleDown with spec MinReplicas limitation with large percent policy and previous events', current: 100, desired: 2, min: 5, max: 1000, down: generateScalingRules(0, 0, 100, 120, 300), downEvents: uniformEvents([1, 5, 9], 120), replicas: 5, condition: 'TooFewReplicas' },
  { name: 'scaleDown with pod policy limitation and previous events', current: 100, desired: 2, min: 1, max: 1000, down: generateScalingRules(5, 120, 0, 0, 300), downEvents: uniformEvents([1, 5, 9], 120), replicas: 100, condition: 'ScaleDownLimit' },
  { name: 'scaleDown with percent policy limitation and previous events', current: 100, desired: 0, min: 1, max: 1000, down: generateScalingRules(0, 0, 50, 120, 300), downEvents: uniformEvents([2, 4, 6], 120), replicas: 56, condition: 'ScaleDownLimit' },
  { name: 'scaleDown with percent policy and previous scale up and down events', current: 10, desired: 1, min: 1, max: 1000, down: generateScalingRules(0, 0, 50, 180, 0), upEvents: uniformEvents([2], 120), downEvents: uniformEvents([4], 120), replicas: 6, condition: 'ScaleDownLimit' },
  { name: 'scaleDown with previous events preventing further scale down', current: 100, desired: 0, min: 1, max: 1000, down: generateScalingRules(0, 0, 10, 120, 300), downEvents: uniformEvents([10, 10, 10], 120), replicas: 100, condition: 'ScaleDownLimit' },
  { name: 'scaleDown with with previous events still allowing more scale down', current: 10, desired: 5, min: 1, max: 1000, down: generateScalingRules(0, 0, 1000, 120, 300), downEvents: uniformEvents([10, 10, 10], 120), replicas: 5, condition: 'DesiredWithinRange' },
  { name: "check 'outdated' flag for events for one behavior for up", current: 100, desired: 200, min: 1, max: 1000, up: generateScalingRules(1000, 60, 0, 0, 0), upEvents: uniformEvents([8, 12, 9, 11], 120), replicas: 200, condition: 'DesiredWithinRange' },
  { name: "check that events were not marked 'outdated' for two different policies in the behavior for up", current: 100, desired: 200, min: 1, max: 1000, up: generateScalingRules(1000, 120, 100, 60, 0), upEvents: uniformEvents([8, 12, 9, 11], 120), replicas: 200, condition: 'DesiredWithinRange' },
  { name: "check that events were marked 'outdated' for two different policies in the behavior for up", current: 100, desired: 200, min: 1, max: 1000, up: generateScalingRules(1000, 30, 100, 60, 0), upEvents: uniformEvents([8, 12, 9, 11], 120), replicas: 200, condition: 'DesiredWithinRange' },
  { name: "check 'outdated' flag for events for one behavior for down", current: 100, desired: 5, min: 1, max: 1000, down: generateScalingRules(1000, 60, 0, 0, 300), downEvents: uniformEvents([8, 12, 9, 11], 120), replicas: 5, condition: 'DesiredWithinRange' },
  { name: "check that events were not marked 'outdated' for two different policies in the behavior for down", current: 100, desired: 5, min: 1, max: 1000, down: generateScalingRules(1000, 120, 100, 60, 300), downEvents: uniformEvents([8, 12, 9, 11], 120), replicas: 5, condition: 'DesiredWithinRange' },
  { name: "check that events were marked 'outdated' for two different policies in the behavior for down", current: 100, desired: 5, min: 1, max: 1000, down: generateScalingRules(1000, 30, 100, 60, 300), downEvents: uniformEvents([8, 12, 9, 11], 120), replicas: 5, condition: 'DesiredWithinRange' },
];

describe('TestScalingWithRules (all upstream rows)', () => {
  for (const row of scalingWithRules) {
    it(row.name, () =>
      runBehaviorCase({
        name: row.name,
        source: `${SRC} TestScalingWithRules`,
        function: 'convertDesiredReplicasWithBehaviorRate',
        currentReplicas: row.current,
        prenormalizedDesiredReplicas: row.desired,
        specMinReplicas: row.min,
        specMaxReplicas: row.max,
        scaleUpRules: row.up ?? null,
        scaleDownRules: row.down ?? null,
        scaleUpEvents: row.upEvents ?? [],
        scaleDownEvents: row.downEvents ?? [],
        expected: { replicas: row.replicas, condition: row.condition },
      }),
    );
  }
});

describe('TestCalculateScaleUpLimitWithScalingRules / TestCalculateScaleDownLimitWithBehaviors', () => {
  const rules: HPAScalingRules = {
    stabilizationWindowSeconds: 300,
    selectPolicy: 'Min',
    policies: [
      { type: 'Pods', value: 2, periodSeconds: 60 },
      { type: 'Percent', value: 50, periodSeconds: 60 },
    ],
  };
  it('scale-up with Min picks the smaller limit: min(1+2, ceil(1.5)) = 2', () => expect(calculateScaleUpLimitWithScalingRules(1, [], [], rules, NOW)).toBe(2));
  it('scale-down with Min picks the larger limit: max(5−2, trunc(2.5)) = 3', () => expect(calculateScaleDownLimitWithBehaviors(5, [], [], rules, NOW)).toBe(3));
  it('Disabled keeps the current count in both directions', () => {
    const disabled: HPAScalingRules = { ...rules, selectPolicy: 'Disabled' };
    expect(calculateScaleUpLimitWithScalingRules(7, [], [], disabled, NOW)).toBe(7);
    expect(calculateScaleDownLimitWithBehaviors(7, [], [], disabled, NOW)).toBe(7);
    const r = convertDesiredReplicasWithBehaviorRate({
      currentReplicas: 7,
      desiredReplicas: 20,
      minReplicas: 1,
      maxReplicas: 100,
      scaleUpRules: disabled,
      scaleDownRules: disabled,
      scaleUpEvents: [],
      scaleDownEvents: [],
      now: NOW,
    });
    expect([r.replicas, r.reason]).toEqual([7, 'ScaleUpLimit']);
  });
  it('Percent scale-up uses float64 ceil exactly like upstream (25 × 1.12 = 28.000000000000004 → 29)', () => {
    expect(calculateScaleUpLimitWithScalingRules(25, [], [], { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 12, periodSeconds: 60 }] }, NOW)).toBe(29);
  });
});

describe('TestNormalizeDesiredReplicasWithBehavior (all upstream rows)', () => {
  interface Row {
    name: string;
    recs: Array<[number, number]>; // [recommendation, seconds ago]
    current: number;
    desired: number;
    expected: number;
    stored?: number[];
    up?: number;
    down?: number;
  }
  const rows: Row[] = [
    { name: 'empty recommendations for scaling down', recs: [], current: 100, desired: 5, expected: 5, stored: [5] },
    { name: 'simple scale down stabilization', recs: [[4, 120], [5, 60]], current: 100, desired: 3, expected: 5, stored: [4, 5, 3], down: 180 },
    { name: 'simple scale up stabilization', recs: [[4, 120], [5, 60]], current: 1, desired: 7, expected: 4, stored: [4, 5, 7], up: 300 },
    { name: 'no scale down stabilization', recs: [[1, 120], [2, 60]], current: 100, desired: 3, expected: 3, stored: [1, 2, 3], up: 300 },
    { name: 'no scale up stabilization', recs: [[4, 120], [5, 60]], current: 1, desired: 3, expected: 3, stored: [4, 5, 3], down: 300 },
    { name: 'no scale down stabilization, reuse recommendation element', recs: [[10, 600], [9, 540]], current: 100, desired: 3, expected: 3, stored: [10, 3] },
    { name: 'no scale up stabilization, reuse recommendation element', recs: [[10, 600], [9, 540]], current: 1, desired: 100, expected: 100, stored: [10, 100] },
    { name: 'scale down stabilization, reuse one of obsolete recommendation element', recs: [[10, 600], [4, 60], [5, 120], [9, 540]], current: 100, desired: 3, expected: 5, stored: [10, 4, 5, 3], down: 180 },
    { name: 'scale up stabilization, reuse one of obsolete recommendation element', recs: [[10, 6000], [6, 60], [5, 120], [9, 180]], current: 1, desired: 100, expected: 5, stored: [100, 6, 5, 9], up: 300 },
    { name: 'scale up and down stabilization, do not scale up when prenormalized rec goes down', recs: [[2, 6000], [3, 180]], current: 2, desired: 1, expected: 2, up: 300, down: 300 },
    { name: 'scale up and down stabilization, do not scale down when prenormalized rec goes up', recs: [[2, 6000], [1, 180]], current: 2, desired: 3, expected: 2, up: 300, down: 300 },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const got = stabilizeRecommendationWithBehaviors({
        currentReplicas: row.current,
        desiredReplicas: row.desired,
        scaleUpStabilizationWindowSeconds: row.up ?? 0,
        scaleDownStabilizationWindowSeconds: row.down ?? 0,
        recommendations: row.recs.map(([recommendation, s]) => ({ recommendation, timestamp: ago(s) })),
        now: NOW,
      });
      expect(got.stabilizedReplicas).toBe(row.expected);
      if (row.stored !== undefined) expect(got.recommendations.map((r) => r.recommendation)).toEqual(row.stored);
      expect(got.recommendations.filter((r) => r.timestamp === NOW).map((r) => r.recommendation)).toEqual([row.desired]);
    });
  }
});

describe('TestNormalizeDesiredReplicas (all upstream rows; 5 minute window)', () => {
  const rows: Array<[string, Array<[number, number]>, number, number, number]> = [
    ['empty log', [], 5, 5, 1],
    ['stabilize', [[4, 120], [5, 60]], 3, 5, 3],
    ['no stabilize', [[1, 120], [2, 60]], 3, 3, 3],
    ['no stabilize - old recommendations', [[10, 600], [9, 540]], 3, 3, 2],
    ['stabilize - old recommendations', [[10, 600], [4, 60], [5, 120], [9, 540]], 3, 5, 4],
  ];
  for (const [name, recs, desired, expected, logLength] of rows) {
    it(name, () => {
      const got = stabilizeRecommendation({
        prenormalizedDesiredReplicas: desired,
        recommendations: recs.map(([recommendation, s]) => ({ recommendation, timestamp: ago(s) })),
        now: NOW,
      });
      expect([got.stabilizedReplicas, got.recommendations.length]).toEqual([expected, logLength]);
    });
  }
});

describe('TestConvertDesiredReplicasWithRules (all upstream rows)', () => {
  const rows: Array<[string, number, number, number, number, number, string]> = [
    ['prenormalized desired replicas within range', 5, 7, 3, 8, 7, 'DesiredWithinRange'],
    ['prenormalized desired replicas < minReplicas', 3, 1, 2, 8, 2, 'TooFewReplicas'],
    ['prenormalized desired zeroed replicas within range', 1, 0, 0, 10, 0, 'DesiredWithinRange'],
    ['maxReplicas is the limit because maxReplicas < scaleUpLimit', 20, 1000, 1, 10, 10, 'TooManyReplicas'],
    // Upstream's test binary sets scaleUpLimitFactor = 8 in init(), so it expects calculateScaleUpLimit(3) = 24;
    // the production constant is 2 → 6 (what the vector file records). Both are checked.
    ['scaleUpLimit is the limit because scaleUpLimit < maxReplicas', 3, 1000, 1, 2000, 6, 'ScaleUpLimit'],
  ];
  for (const [name, current, desired, min, max, expected, condition] of rows) {
    it(name, () => {
      const got = convertDesiredReplicasWithRules(current, desired, min, max);
      expect([got.replicas, got.reason]).toEqual([expected, condition]);
    });
  }
  it('with the test binary constant scaleUpLimitFactor = 8: calculateScaleUpLimit(3) = 24', () => {
    expect(calculateScaleUpLimit(3, 8)).toBe(24);
    expect(convertDesiredReplicasWithRules(3, 1000, 1, 2000, 8).replicas).toBe(24);
  });
  it('legacy scale-up limit is max(2 × current, 4)', () => {
    expect([0, 1, 2, 3, 10].map((n) => calculateScaleUpLimit(n))).toEqual([4, 4, 4, 6, 20]);
  });
});

describe('TestStoreScaleEvents (all upstream rows; getReplicasChangePerPeriod(60) before, the log after)', () => {
  interface Row {
    name: string;
    prev: Array<[number, number]>; // [replicaChange, seconds ago]
    next: Array<[number, boolean]>; // [replicaChange, outdated]
    rules?: HPAScalingRules;
    expectedChange: number;
  }
  const rows: Row[] = [
    { name: 'empty entries with default behavior', prev: [], next: [], expectedChange: 0 },
    { name: 'empty entries with two-policy-behavior', prev: [], next: [[5, false]], rules: generateScalingRules(10, 60, 100, 60, 0), expectedChange: 0 },
    { name: 'one outdated entry to be kept untouched without behavior', prev: [[7, 61]], next: [[7, false]], expectedChange: 0 },
    { name: 'one outdated entry to be replaced with behavior', prev: [[7, 61]], next: [[5, false]], rules: generateScalingRules(10, 60, 100, 60, 0), expectedChange: 0 },
    { name: 'one actual entry to be not touched with behavior', prev: [[7, 58]], next: [[7, false], [5, false]], rules: generateScalingRules(10, 60, 100, 60, 0), expectedChange: 7 },
    { name: 'two entries, one of them to be replaced', prev: [[7, 61], [6, 59]], next: [[5, false], [6, false]], rules: generateScalingRules(10, 60, 0, 0, 0), expectedChange: 6 },
    {
      name: 'replace one entry, use policies with different periods',
      prev: [[8, 29], [6, 59], [7, 61], [9, 61]],
      next: [[8, false], [6, false], [7, true], [5, false]],
      rules: generateScalingRules(10, 60, 100, 30, 0),
      expectedChange: 14,
    },
    { name: 'two entries, both actual', prev: [[7, 58], [6, 59]], next: [[7, false], [6, false], [5, false]], rules: generateScalingRules(10, 120, 100, 30, 0), expectedChange: 13 },
  ];
  for (const row of rows) {
    const prev: ScaleEvent[] = row.prev.map(([replicaChange, s]) => ({ replicaChange, timestamp: ago(s), outdated: false }));
    it(`${row.name} (up)`, () => {
      expect(getReplicasChangePerPeriod(60, prev, NOW)).toBe(row.expectedChange);
      const behavior = row.rules === undefined ? undefined : { scaleUp: row.rules };
      const got = storeScaleEvent(behavior, { scaleUpEvents: prev, scaleDownEvents: [] }, 10, 15, NOW);
      expect(got.scaleUpEvents.map((e) => [e.replicaChange, e.outdated])).toEqual(row.next);
      expect(got.scaleDownEvents).toEqual([]);
    });
    it(`${row.name} (down)`, () => {
      const behavior = row.rules === undefined ? undefined : { scaleDown: row.rules };
      const got = storeScaleEvent(behavior, { scaleUpEvents: [], scaleDownEvents: prev }, 10, 5, NOW);
      expect(got.scaleDownEvents.map((e) => [e.replicaChange, e.outdated])).toEqual(row.next);
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Defaults, pipeline, pre-check, tolerances
// ---------------------------------------------------------------------------------------------

describe('spec.behavior defaults (pkg/apis/autoscaling/v2/defaults.go)', () => {
  it('scaleUp: window 0, Max of Pods 4/15s and Percent 100/15s; scaleDown: controller window (300s), Max of Percent 100/15s', () => {
    expect(defaultBehavior()).toEqual({
      scaleUp: {
        stabilizationWindowSeconds: 0,
        selectPolicy: 'Max',
        policies: [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ],
      },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
    });
  });
  it('fields set by the user override the defaults one by one', () => {
    const b = resolveBehavior({ scaleUp: { selectPolicy: 'Min' }, scaleDown: { stabilizationWindowSeconds: 60, tolerance: 0.05 } }, 120);
    expect(b.scaleUp.selectPolicy).toBe('Min');
    expect(b.scaleUp.policies).toHaveLength(2);
    expect(b.scaleDown.stabilizationWindowSeconds).toBe(60);
    expect(b.scaleDown.tolerance).toBe(0.05);
    expect(resolveBehavior({}, 120).scaleDown.stabilizationWindowSeconds).toBe(120);
  });
  it('tolerances come from behavior per direction (HPAConfigurableTolerance)', () => {
    expect(tolerancesFromBehavior({ scaleUp: { tolerance: 0.01 } }, 0.1)).toEqual({ scaleDown: 0.1, scaleUp: 0.01 });
    expect(tolerancesFromBehavior({ scaleUp: { tolerance: 0.01 } }, 0.1, false)).toEqual({ scaleDown: 0.1, scaleUp: 0.1 });
    expect(tolerancesFromBehavior(undefined, 0.1)).toEqual({ scaleDown: 0.1, scaleUp: 0.1 });
  });
});

describe('normalization pipelines and the pre-check', () => {
  it('with behavior: the stabilized value is rate limited, conditions report both steps', () => {
    const got = normalizeDesiredReplicasWithBehaviors({
      currentReplicas: 10,
      prenormalizedDesiredReplicas: 2,
      minReplicas: 1,
      maxReplicas: 100,
      behavior: resolveBehavior({ scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 3, periodSeconds: 60 }] } }),
      recommendations: [{ recommendation: 5, timestamp: ago(30) }],
      events: { scaleUpEvents: [], scaleDownEvents: [] },
      now: NOW,
    });
    expect(got.stabilizedReplicas).toBe(5);
    expect(got.desiredReplicas).toBe(7);
    expect(got.ableToScale.reason).toBe('ScaleDownStabilized');
    expect(got.scalingLimited).toMatchObject({ status: true, reason: 'ScaleDownLimit' });
    expect(got.recommendations.map((r) => r.recommendation)).toEqual([5, 2]);
  });
  it('without behavior: 5 minute max stabilization then the legacy clamp', () => {
    const got = normalizeDesiredReplicas({
      currentReplicas: 3,
      prenormalizedDesiredReplicas: 50,
      minReplicas: 1,
      maxReplicas: 100,
      recommendations: recordInitialRecommendation(undefined, 3, NOW),
      now: NOW,
    });
    expect(got).toMatchObject({ desiredReplicas: 6, stabilizedReplicas: 50, ableToScale: { reason: 'ReadyForNewScale' }, scalingLimited: { status: true, reason: 'ScaleUpLimit' } });
  });
  it('pre-check: replicas 0 disables, out-of-range current is clamped directly', () => {
    expect(hpaPreCheck({ specReplicas: 0, currentReplicas: 0, minReplicas: 1, maxReplicas: 5 }).kind).toBe('disabled');
    expect(hpaPreCheck({ specReplicas: 0, currentReplicas: 0, minReplicas: 0, maxReplicas: 5 }).kind).toBe('compute');
    expect(hpaPreCheck({ specReplicas: 9, currentReplicas: 9, minReplicas: 1, maxReplicas: 5 })).toMatchObject({ kind: 'clamp', desiredReplicas: 5 });
    expect(hpaPreCheck({ specReplicas: 1, currentReplicas: 1, minReplicas: 2, maxReplicas: 5 })).toMatchObject({ kind: 'clamp', desiredReplicas: 2 });
  });
});

describe('properties', () => {
  const policy = fc.record({ type: fc.constantFrom<'Pods' | 'Percent'>('Pods', 'Percent'), value: fc.integer({ min: 1, max: 500 }), periodSeconds: fc.integer({ min: 1, max: 600 }) });
  const rules = fc.record({ selectPolicy: fc.constantFrom<'Max' | 'Min' | 'Disabled'>('Max', 'Min', 'Disabled'), policies: fc.array(policy, { maxLength: 3 }) });
  const event = fc.record({ replicaChange: fc.integer({ min: 1, max: 20 }), timestamp: fc.integer({ min: NOW - 900_000, max: NOW }), outdated: fc.constant(false) });

  it('the rate-limited count lies between current and desired, or at a bound; never beyond [min, max] when moving', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: 50, max: 300 }),
        rules,
        rules,
        fc.array(event, { maxLength: 5 }),
        fc.array(event, { maxLength: 5 }),
        (current, desired, min, max, up, down, upEvents, downEvents) => {
          const r = convertDesiredReplicasWithBehaviorRate({ currentReplicas: current, desiredReplicas: desired, minReplicas: min, maxReplicas: max, scaleUpRules: up, scaleDownRules: down, scaleUpEvents: upEvents, scaleDownEvents: downEvents, now: NOW });
          if (desired > current) {
            expect(r.replicas).toBeGreaterThanOrEqual(Math.min(current, max));
            expect(r.replicas).toBeLessThanOrEqual(desired);
            expect(r.replicas).toBeLessThanOrEqual(Math.max(current, max));
          } else if (desired < current) {
            expect(r.replicas).toBeLessThanOrEqual(Math.max(current, min));
            expect(r.replicas).toBeGreaterThanOrEqual(desired);
            expect(r.replicas).toBeGreaterThanOrEqual(Math.min(current, min));
          } else {
            expect(r).toMatchObject({ replicas: desired, reason: 'DesiredWithinRange' });
          }
        },
      ),
    );
  });

  it('stabilization result lies between current and the desired count', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.record({ recommendation: fc.integer({ min: 0, max: 100 }), timestamp: fc.integer({ min: NOW - 900_000, max: NOW }) }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        (current, desired, recs, upW, downW) => {
          const r = stabilizeRecommendationWithBehaviors({ currentReplicas: current, desiredReplicas: desired, scaleUpStabilizationWindowSeconds: upW, scaleDownStabilizationWindowSeconds: downW, recommendations: recs, now: NOW });
          expect(r.stabilizedReplicas).toBeGreaterThanOrEqual(Math.min(current, desired));
          expect(r.stabilizedReplicas).toBeLessThanOrEqual(Math.max(current, desired));
          expect(r.recommendations.length).toBeLessThanOrEqual(recs.length + 1);
        },
      ),
    );
  });
});
