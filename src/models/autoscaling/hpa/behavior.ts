// HPA normalization of a metric recommendation (autoscaling/v2) as pure functions: the stabilization
// windows over past recommendations, the scale-rate limits of spec.behavior policies over past scale
// events (selectPolicy Max / Min / Disabled), the legacy path without spec.behavior (5 minute
// downscale stabilization and the [min, min(max, max(2×current, 4))] clamp), the ScalingLimited
// conditions (DesiredWithinRange, ScaleUpLimit, ScaleDownLimit, TooManyReplicas, TooFewReplicas),
// the API defaults of spec.behavior, scale-event bookkeeping and per-direction tolerances.
//
// Upstream (kubernetes/kubernetes, read at recent master):
// - pkg/controller/podautoscaler/horizontal.go: reconcileAutoscaler (min/max pre-check),
//   recordInitialRecommendation, stabilizeRecommendation, normalizeDesiredReplicas,
//   normalizeDesiredReplicasWithBehaviors, maybeInitScaleDownStabilizationWindow,
//   getReplicasChangePerPeriod, storeScaleEvent, markScaleEventsOutdated, getLongestPolicyPeriod,
//   stabilizeRecommendationWithBehaviors, convertDesiredReplicasWithBehaviorRate,
//   convertDesiredReplicasWithRules, calculateScaleUpLimit, calculateScaleUpLimitWithScalingRules,
//   calculateScaleDownLimitWithBehaviors, and the tolerances taken from behavior (HPAConfigurableTolerance).
// - pkg/apis/autoscaling/v2/defaults.go: GenerateHPAScaleUpRules, GenerateHPAScaleDownRules.
//
// Simplifications:
// - The controller's per-HPA maps (recommendations, scale events) are passed in and returned as new
//   arrays; nothing is mutated. Times are virtual milliseconds; a record exactly on a window's cutoff
//   is neither newer nor older than it (Go's strict After/Before on equal times).
// - Condition messages are upstream's; condition status/lastTransitionTime bookkeeping is the caller's.
// - Replica arithmetic uses JavaScript numbers with upstream's float64 operations in the same order
//   (ceil for Percent scale-up, truncation for Percent scale-down); int32 overflow is not modelled.

import type { Tolerances } from './replica-calculator.js';

export type ScalingPolicyType = 'Pods' | 'Percent';
export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface HPAScalingPolicy {
  readonly type: ScalingPolicyType;
  readonly value: number;
  readonly periodSeconds: number;
}

/** spec.behavior.scaleUp / scaleDown as written (any field may be unset). */
export interface HPAScalingRules {
  readonly stabilizationWindowSeconds?: number | null;
  readonly selectPolicy?: SelectPolicy | null;
  readonly policies?: readonly HPAScalingPolicy[] | null;
  /** HPAConfigurableTolerance: tolerance for this direction (e.g. 0.05). */
  readonly tolerance?: number | null;
}

export interface HPABehavior {
  readonly scaleUp?: HPAScalingRules | null;
  readonly scaleDown?: HPAScalingRules | null;
}

/** Rules with every field the controller reads filled in. */
export interface ResolvedScalingRules {
  readonly stabilizationWindowSeconds: number;
  readonly selectPolicy: SelectPolicy;
  readonly policies: readonly HPAScalingPolicy[];
  readonly tolerance?: number;
}

export interface ResolvedBehavior {
  readonly scaleUp: ResolvedScalingRules;
  readonly scaleDown: ResolvedScalingRules;
}

/** --horizontal-pod-autoscaler-downscale-stabilization default. */
export const DEFAULT_DOWNSCALE_STABILIZATION_SECONDS = 300;
/** Legacy scale-up limit: max(2 × current, 4). */
export const SCALE_UP_LIMIT_FACTOR = 2.0;
export const SCALE_UP_LIMIT_MINIMUM = 4.0;

const MAX_INT32 = 2_147_483_647;
const MIN_INT32 = -2_147_483_648;

/** GenerateHPAScaleUpRules: window 0, Max of Pods 4 / 15s and Percent 100 / 15s, overridden by any field set. */
export function generateScaleUpRules(rules?: HPAScalingRules | null): HPAScalingRules {
  const defaults: HPAScalingRules = {
    stabilizationWindowSeconds: 0,
    selectPolicy: 'Max',
    policies: [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ],
  };
  return copyScalingRules(rules, defaults);
}

/** GenerateHPAScaleDownRules: window unset (the controller's downscale stabilization), Max of Percent 100 / 15s. */
export function generateScaleDownRules(rules?: HPAScalingRules | null): HPAScalingRules {
  const defaults: HPAScalingRules = {
    stabilizationWindowSeconds: null,
    selectPolicy: 'Max',
    policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
  };
  return copyScalingRules(rules, defaults);
}

/** copyHPAScalingRules: every field set in `from` replaces the default. */
function copyScalingRules(from: HPAScalingRules | null | undefined, to: HPAScalingRules): HPAScalingRules {
  if (from === null || from === undefined) return to;
  return {
    stabilizationWindowSeconds: from.stabilizationWindowSeconds ?? to.stabilizationWindowSeconds ?? null,
    selectPolicy: from.selectPolicy ?? to.selectPolicy ?? null,
    policies: from.policies ?? to.policies ?? null,
    tolerance: from.tolerance ?? to.tolerance ?? null,
  };
}

function resolveRules(rules: HPAScalingRules, defaultWindowSeconds: number): ResolvedScalingRules {
  const resolved: ResolvedScalingRules = {
    stabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? defaultWindowSeconds,
    selectPolicy: rules.selectPolicy ?? 'Max',
    policies: rules.policies ?? [],
  };
  return rules.tolerance === null || rules.tolerance === undefined ? resolved : { ...resolved, tolerance: rules.tolerance };
}

/**
 * API defaults plus maybeInitScaleDownStabilizationWindow: a behavior with every field the controller
 * reads. An unset scale-down window becomes `downscaleStabilizationSeconds`.
 */
export function resolveBehavior(
  behavior: HPABehavior | null | undefined,
  downscaleStabilizationSeconds: number = DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
): ResolvedBehavior {
  return {
    scaleUp: resolveRules(generateScaleUpRules(behavior?.scaleUp), 0),
    scaleDown: resolveRules(generateScaleDownRules(behavior?.scaleDown), downscaleStabilizationSeconds),
  };
}

/** The default behavior (what an HPA with `behavior: {}` gets). */
export function defaultBehavior(downscaleStabilizationSeconds: number = DEFAULT_DOWNSCALE_STABILIZATION_SECONDS): ResolvedBehavior {
  return resolveBehavior({}, downscaleStabilizationSeconds);
}

/**
 * Tolerances for the replica calculator: the controller's --horizontal-pod-autoscaler-tolerance,
 * overridden per direction by behavior.scaleUp/scaleDown.tolerance (HPAConfigurableTolerance gate).
 */
export function tolerancesFromBehavior(behavior: HPABehavior | null | undefined, defaultTolerance: number, gateEnabled = true): Tolerances {
  const scaleDown = gateEnabled ? (behavior?.scaleDown?.tolerance ?? defaultTolerance) : defaultTolerance;
  const scaleUp = gateEnabled ? (behavior?.scaleUp?.tolerance ?? defaultTolerance) : defaultTolerance;
  return { scaleDown, scaleUp };
}

// ---------------------------------------------------------------------------------------------
// Recommendations and scale events
// ---------------------------------------------------------------------------------------------

export interface TimestampedRecommendation {
  readonly recommendation: number;
  /** virtual ms */
  readonly timestamp: number;
}

export interface ScaleEvent {
  /** Replicas added (scale-up log) or removed (scale-down log), positive. */
  readonly replicaChange: number;
  /** virtual ms */
  readonly timestamp: number;
  /** Older than the longest policy period when last checked: the slot can be reused. */
  readonly outdated: boolean;
}

/** recordInitialRecommendation: an HPA's log starts with the current replica count. */
export function recordInitialRecommendation(
  recommendations: readonly TimestampedRecommendation[] | undefined,
  currentReplicas: number,
  now: number,
): readonly TimestampedRecommendation[] {
  return recommendations ?? [{ recommendation: currentReplicas, timestamp: now }];
}

/** Store `entry`, overwriting the slot at `index` (the last stale entry) or appending. */
function storeAt<T>(log: readonly T[], index: number | undefined, entry: T): T[] {
  const next = [...log];
  if (index === undefined) next.push(entry);
  else next[index] = entry;
  return next;
}

export interface StabilizedRecommendation {
  readonly stabilizedReplicas: number;
  /** The log with the new raw recommendation stored. */
  readonly recommendations: readonly TimestampedRecommendation[];
}

/**
 * stabilizeRecommendation (HPA without spec.behavior): the maximum of the new recommendation and
 * every recommendation not older than the window; the new one overwrites the last entry older than
 * the window, or is appended.
 */
export function stabilizeRecommendation(args: {
  readonly prenormalizedDesiredReplicas: number;
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly now: number;
  readonly windowSeconds?: number;
}): StabilizedRecommendation {
  const cutoff = args.now - (args.windowSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS) * 1000;
  let max = args.prenormalizedDesiredReplicas;
  let oldIndex: number | undefined;
  args.recommendations.forEach((rec, i) => {
    if (rec.timestamp < cutoff) oldIndex = i;
    else if (rec.recommendation > max) max = rec.recommendation;
  });
  const entry = { recommendation: args.prenormalizedDesiredReplicas, timestamp: args.now };
  return { stabilizedReplicas: max, recommendations: storeAt(args.recommendations, oldIndex, entry) };
}

export interface BehaviorStabilizationArgs {
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly scaleUpStabilizationWindowSeconds: number;
  readonly scaleDownStabilizationWindowSeconds: number;
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly now: number;
}

export interface BehaviorStabilizedRecommendation extends StabilizedRecommendation {
  /** ScaleUpStabilized or ScaleDownStabilized (meaningful when the result differs from the desired count). */
  readonly reason: string;
  readonly message: string;
}

/**
 * stabilizeRecommendationWithBehaviors: upRec = min(desired, recommendations newer than the
 * scale-up window), downRec = max(desired, recommendations newer than the scale-down window);
 * result = min(max(current, upRec), downRec). The new raw recommendation overwrites the last entry
 * older than both windows, or is appended.
 */
export function stabilizeRecommendationWithBehaviors(args: BehaviorStabilizationArgs): BehaviorStabilizedRecommendation {
  const upCutoff = args.now - args.scaleUpStabilizationWindowSeconds * 1000;
  const downCutoff = args.now - args.scaleDownStabilizationWindowSeconds * 1000;
  let upRecommendation = args.desiredReplicas;
  let downRecommendation = args.desiredReplicas;
  let oldIndex: number | undefined;
  args.recommendations.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldIndex = i;
  });
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;
  const entry = { recommendation: args.desiredReplicas, timestamp: args.now };
  const scaleUp = args.desiredReplicas >= args.currentReplicas;
  return {
    stabilizedReplicas: recommendation,
    recommendations: storeAt(args.recommendations, oldIndex, entry),
    reason: scaleUp ? 'ScaleUpStabilized' : 'ScaleDownStabilized',
    message: scaleUp
      ? 'recent recommendations were lower than current one, applying the lowest recent recommendation'
      : 'recent recommendations were higher than current one, applying the highest recent recommendation',
  };
}

/** getReplicasChangePerPeriod: Σ replicaChange of events strictly inside the last `periodSeconds`. */
export function getReplicasChangePerPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let replicas = 0;
  for (const e of events) if (e.timestamp > cutoff) replicas += e.replicaChange;
  return replicas;
}

/** getLongestPolicyPeriod */
export function getLongestPolicyPeriod(rules: { readonly policies?: readonly HPAScalingPolicy[] | null }): number {
  let longest = 0;
  for (const p of rules.policies ?? []) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** markScaleEventsOutdated: events older than the longest policy period become reusable slots. */
export function markScaleEventsOutdated(events: readonly ScaleEvent[], longestPolicyPeriodSeconds: number, now: number): ScaleEvent[] {
  const cutoff = now - longestPolicyPeriodSeconds * 1000;
  return events.map((e) => (e.timestamp < cutoff && !e.outdated ? { ...e, outdated: true } : e));
}

export interface ScaleEventLogs {
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

/**
 * storeScaleEvent: after a rescale from prevReplicas to newReplicas, record the change in the up or
 * down log, reusing the last outdated slot. Without spec.behavior nothing is stored.
 */
export function storeScaleEvent(
  behavior: HPABehavior | null | undefined,
  logs: ScaleEventLogs,
  prevReplicas: number,
  newReplicas: number,
  now: number,
): ScaleEventLogs {
  if (behavior === null || behavior === undefined) return logs;
  const store = (events: readonly ScaleEvent[], rules: HPAScalingRules | null | undefined, replicaChange: number): ScaleEvent[] => {
    const marked = markScaleEventsOutdated(events, getLongestPolicyPeriod(rules ?? {}), now);
    let oldIndex: number | undefined;
    marked.forEach((e, i) => {
      if (e.outdated) oldIndex = i;
    });
    return storeAt(marked, oldIndex, { replicaChange, timestamp: now, outdated: false });
  };
  if (newReplicas > prevReplicas) {
    return { scaleUpEvents: store(logs.scaleUpEvents, behavior.scaleUp, newReplicas - prevReplicas), scaleDownEvents: logs.scaleDownEvents };
  }
  return { scaleUpEvents: logs.scaleUpEvents, scaleDownEvents: store(logs.scaleDownEvents, behavior.scaleDown, prevReplicas - newReplicas) };
}

/** Replica count at the start of a policy's period: current − added + removed within it. */
function periodStartReplicas(currentReplicas: number, periodSeconds: number, scaleUpEvents: readonly ScaleEvent[], scaleDownEvents: readonly ScaleEvent[], now: number): number {
  return currentReplicas - getReplicasChangePerPeriod(periodSeconds, scaleUpEvents, now) + getReplicasChangePerPeriod(periodSeconds, scaleDownEvents, now);
}

/**
 * calculateScaleUpLimitWithScalingRules: per policy, Pods → start + value, Percent →
 * ceil(start × (1 + value/100)); Max takes the largest, Min the smallest; Disabled → current.
 */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  rules: { readonly selectPolicy?: SelectPolicy | null; readonly policies?: readonly HPAScalingPolicy[] | null },
  now: number,
): number {
  const select = rules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return currentReplicas;
  let result = select === 'Min' ? MAX_INT32 : MIN_INT32;
  for (const policy of rules.policies ?? []) {
    const start = periodStartReplicas(currentReplicas, policy.periodSeconds, scaleUpEvents, scaleDownEvents, now);
    const proposed = policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100));
    result = select === 'Min' ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

/**
 * calculateScaleDownLimitWithBehaviors: per policy, Pods → start − value, Percent →
 * trunc(start × (1 − value/100)); Max takes the smallest (largest change), Min the largest; Disabled → current.
 */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  scaleUpEvents: readonly ScaleEvent[],
  scaleDownEvents: readonly ScaleEvent[],
  rules: { readonly selectPolicy?: SelectPolicy | null; readonly policies?: readonly HPAScalingPolicy[] | null },
  now: number,
): number {
  const select = rules.selectPolicy ?? 'Max';
  if (select === 'Disabled') return currentReplicas;
  let result = select === 'Min' ? MIN_INT32 : MAX_INT32;
  for (const policy of rules.policies ?? []) {
    const start = periodStartReplicas(currentReplicas, policy.periodSeconds, scaleUpEvents, scaleDownEvents, now);
    const proposed = policy.type === 'Pods' ? start - policy.value : Math.trunc(start * (1 - policy.value / 100));
    result = select === 'Min' ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

export type LimitCondition = 'DesiredWithinRange' | 'ScaleUpLimit' | 'ScaleDownLimit' | 'TooManyReplicas' | 'TooFewReplicas';

export interface LimitedReplicas {
  readonly replicas: number;
  /** Reason of the ScalingLimited condition. */
  readonly reason: LimitCondition;
  readonly message: string;
}

const MESSAGES: Record<LimitCondition, string> = {
  DesiredWithinRange: 'the desired count is within the acceptable range',
  ScaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  ScaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
  TooManyReplicas: 'the desired replica count is more than the maximum replica count',
  TooFewReplicas: 'the desired replica count is less than the minimum replica count',
};

const limited = (replicas: number, reason: LimitCondition): LimitedReplicas => ({ replicas, reason, message: MESSAGES[reason] });

export interface BehaviorRateArgs {
  readonly currentReplicas: number;
  /** The (stabilized) recommendation. */
  readonly desiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly scaleUpRules: { readonly selectPolicy?: SelectPolicy | null; readonly policies?: readonly HPAScalingPolicy[] | null };
  readonly scaleDownRules: { readonly selectPolicy?: SelectPolicy | null; readonly policies?: readonly HPAScalingPolicy[] | null };
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
  readonly now: number;
}

/**
 * convertDesiredReplicasWithBehaviorRate: scaling up, the limit (raised to ≥ current) and maxReplicas
 * bound the result (ScaleUpLimit if the rate limit is the tighter bound, else TooManyReplicas);
 * scaling down, the limit (lowered to ≤ current) and minReplicas bound it (ScaleDownLimit /
 * TooFewReplicas). Otherwise DesiredWithinRange.
 */
export function convertDesiredReplicasWithBehaviorRate(args: BehaviorRateArgs): LimitedReplicas {
  const { currentReplicas, desiredReplicas } = args;
  if (desiredReplicas > currentReplicas) {
    let scaleUpLimit = calculateScaleUpLimitWithScalingRules(currentReplicas, args.scaleUpEvents, args.scaleDownEvents, args.scaleUpRules, args.now);
    if (scaleUpLimit < currentReplicas) scaleUpLimit = currentReplicas; // wait for events to expire
    let maximumAllowed = args.maxReplicas;
    let reason: LimitCondition;
    if (maximumAllowed > scaleUpLimit) {
      maximumAllowed = scaleUpLimit;
      reason = 'ScaleUpLimit';
    } else {
      reason = 'TooManyReplicas';
    }
    if (desiredReplicas > maximumAllowed) return limited(maximumAllowed, reason);
  } else if (desiredReplicas < currentReplicas) {
    let scaleDownLimit = calculateScaleDownLimitWithBehaviors(currentReplicas, args.scaleUpEvents, args.scaleDownEvents, args.scaleDownRules, args.now);
    if (scaleDownLimit > currentReplicas) scaleDownLimit = currentReplicas;
    let minimumAllowed = args.minReplicas;
    let reason: LimitCondition;
    if (minimumAllowed < scaleDownLimit) {
      minimumAllowed = scaleDownLimit;
      reason = 'ScaleDownLimit';
    } else {
      reason = 'TooFewReplicas';
    }
    if (desiredReplicas < minimumAllowed) return limited(minimumAllowed, reason);
  }
  return limited(desiredReplicas, 'DesiredWithinRange');
}

/** calculateScaleUpLimit (no spec.behavior): int32(max(factor × current, minimum)). */
export function calculateScaleUpLimit(currentReplicas: number, factor = SCALE_UP_LIMIT_FACTOR, minimum = SCALE_UP_LIMIT_MINIMUM): number {
  return Math.trunc(Math.max(factor * currentReplicas, minimum));
}

/**
 * convertDesiredReplicasWithRules (no spec.behavior): clamp to [min, min(max, scaleUpLimit)];
 * TooFewReplicas below min, ScaleUpLimit / TooManyReplicas above the upper bound.
 */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  minReplicas: number,
  maxReplicas: number,
  scaleUpLimitFactor = SCALE_UP_LIMIT_FACTOR,
  scaleUpLimitMinimum = SCALE_UP_LIMIT_MINIMUM,
): LimitedReplicas {
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, scaleUpLimitFactor, scaleUpLimitMinimum);
  let maximumAllowed: number;
  let reason: LimitCondition;
  if (maxReplicas > scaleUpLimit) {
    maximumAllowed = scaleUpLimit;
    reason = 'ScaleUpLimit';
  } else {
    maximumAllowed = maxReplicas;
    reason = 'TooManyReplicas';
  }
  if (desiredReplicas < minReplicas) return limited(minReplicas, 'TooFewReplicas');
  if (desiredReplicas > maximumAllowed) return limited(maximumAllowed, reason);
  return limited(desiredReplicas, 'DesiredWithinRange');
}

// ---------------------------------------------------------------------------------------------
// Full normalization (what reconcileAutoscaler does with the metric recommendation)
// ---------------------------------------------------------------------------------------------

export interface HpaCondition {
  readonly status: boolean;
  readonly reason: string;
  readonly message: string;
}

export interface NormalizedReplicas {
  readonly desiredReplicas: number;
  /** Value after stabilization, before the rate/range limits. */
  readonly stabilizedReplicas: number;
  /** AbleToScale condition set by the normalization (ReadyForNewScale / Scale{Up,Down}Stabilized). */
  readonly ableToScale: HpaCondition;
  /** ScalingLimited condition (true when the limits changed the stabilized value). */
  readonly scalingLimited: HpaCondition;
  readonly recommendations: readonly TimestampedRecommendation[];
}

const READY_FOR_NEW_SCALE: HpaCondition = { status: true, reason: 'ReadyForNewScale', message: 'recommended size matches current size' };

/** normalizeDesiredReplicas (no spec.behavior): 5-minute max stabilization, then the legacy clamp. */
export function normalizeDesiredReplicas(args: {
  readonly currentReplicas: number;
  readonly prenormalizedDesiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly now: number;
  readonly downscaleStabilizationSeconds?: number;
}): NormalizedReplicas {
  const stabilized = stabilizeRecommendation({
    prenormalizedDesiredReplicas: args.prenormalizedDesiredReplicas,
    recommendations: args.recommendations,
    now: args.now,
    windowSeconds: args.downscaleStabilizationSeconds ?? DEFAULT_DOWNSCALE_STABILIZATION_SECONDS,
  });
  const ableToScale: HpaCondition =
    stabilized.stabilizedReplicas !== args.prenormalizedDesiredReplicas
      ? {
          status: true,
          reason: 'ScaleDownStabilized',
          message: 'recent recommendations were higher than current one, applying the highest recent recommendation',
        }
      : READY_FOR_NEW_SCALE;
  const limitedReplicas = convertDesiredReplicasWithRules(args.currentReplicas, stabilized.stabilizedReplicas, args.minReplicas, args.maxReplicas);
  return {
    desiredReplicas: limitedReplicas.replicas,
    stabilizedReplicas: stabilized.stabilizedReplicas,
    ableToScale,
    scalingLimited: { status: limitedReplicas.replicas !== stabilized.stabilizedReplicas, reason: limitedReplicas.reason, message: limitedReplicas.message },
    recommendations: stabilized.recommendations,
  };
}

/** normalizeDesiredReplicasWithBehaviors: stabilization windows, then the policy rate limits. */
export function normalizeDesiredReplicasWithBehaviors(args: {
  readonly currentReplicas: number;
  readonly prenormalizedDesiredReplicas: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly behavior: ResolvedBehavior;
  readonly recommendations: readonly TimestampedRecommendation[];
  readonly events: ScaleEventLogs;
  readonly now: number;
}): NormalizedReplicas {
  const stabilized = stabilizeRecommendationWithBehaviors({
    currentReplicas: args.currentReplicas,
    desiredReplicas: args.prenormalizedDesiredReplicas,
    scaleUpStabilizationWindowSeconds: args.behavior.scaleUp.stabilizationWindowSeconds,
    scaleDownStabilizationWindowSeconds: args.behavior.scaleDown.stabilizationWindowSeconds,
    recommendations: args.recommendations,
    now: args.now,
  });
  const ableToScale: HpaCondition =
    stabilized.stabilizedReplicas !== args.prenormalizedDesiredReplicas
      ? { status: true, reason: stabilized.reason, message: stabilized.message }
      : READY_FOR_NEW_SCALE;
  const limitedReplicas = convertDesiredReplicasWithBehaviorRate({
    currentReplicas: args.currentReplicas,
    desiredReplicas: stabilized.stabilizedReplicas,
    minReplicas: args.minReplicas,
    maxReplicas: args.maxReplicas,
    scaleUpRules: args.behavior.scaleUp,
    scaleDownRules: args.behavior.scaleDown,
    scaleUpEvents: args.events.scaleUpEvents,
    scaleDownEvents: args.events.scaleDownEvents,
    now: args.now,
  });
  return {
    desiredReplicas: limitedReplicas.replicas,
    stabilizedReplicas: stabilized.stabilizedReplicas,
    ableToScale,
    scalingLimited: { status: limitedReplicas.replicas !== stabilized.stabilizedReplicas, reason: limitedReplicas.reason, message: limitedReplicas.message },
    recommendations: stabilized.recommendations,
  };
}

export type PreCheck =
  | { readonly kind: 'disabled'; readonly reason: 'ScalingDisabled'; readonly message: string }
  | { readonly kind: 'clamp'; readonly desiredReplicas: number; readonly reason: string }
  | { readonly kind: 'compute' };

/**
 * reconcileAutoscaler before computing metrics: spec.replicas 0 with minReplicas ≠ 0 disables
 * autoscaling; current above max → max; below min → min (no stabilization, no rate limit);
 * otherwise compute from metrics.
 */
export function hpaPreCheck(args: { readonly specReplicas: number; readonly currentReplicas: number; readonly minReplicas: number; readonly maxReplicas: number }): PreCheck {
  if (args.specReplicas === 0 && args.minReplicas !== 0) {
    return { kind: 'disabled', reason: 'ScalingDisabled', message: 'scaling is disabled since the replica count of the target is zero' };
  }
  if (args.currentReplicas > args.maxReplicas) {
    return { kind: 'clamp', desiredReplicas: args.maxReplicas, reason: 'Current number of replicas above Spec.MaxReplicas' };
  }
  if (args.currentReplicas < args.minReplicas) {
    return { kind: 'clamp', desiredReplicas: args.minReplicas, reason: 'Current number of replicas below Spec.MinReplicas' };
  }
  return { kind: 'compute' };
}
