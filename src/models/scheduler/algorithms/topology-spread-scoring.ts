// PodTopologySpread plugin arithmetic: the soft-constraint (ScheduleAnyway) score and its
// normalization, the system default constraints, and the hard-constraint (DoNotSchedule) skew check.
//
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/podtopologyspread/
//   scoring.go (Score, NormalizeScore, topologyNormalizingWeight, scoreForCount) — read on master
//     (2025-2026, ~v1.35, the version carrying enableTaintTolerationComparisonOperators): the float
//     sum is rounded with math.Round (older releases truncated with int64()), min starts at MaxInt64;
//   plugin.go (systemDefaultConstraints, ErrReason* strings);
//   filtering.go (Filter, preFilterState.minMatchNum).
// Simplification: counting matching pods per domain, choosing eligible nodes (node inclusion
// policies, required node affinity) and deciding which nodes are ignored are the caller's job;
// these functions take the resulting numbers.

import { goMulDiv, goRound } from './int-math.js';
import { MAX_NODE_SCORE } from './normalize.js';

export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_TOPOLOGY_ZONE = 'topology.kubernetes.io/zone';

export interface SystemDefaultConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'ScheduleAnyway';
}

/** Applied when a pod has no constraints (defaultingType System); the selector comes from the pod's owners. */
export const SYSTEM_DEFAULT_CONSTRAINTS: readonly SystemDefaultConstraint[] = Object.freeze([
  Object.freeze({ maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway' as const }),
  Object.freeze({ maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway' as const }),
]);

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

/**
 * ln(size + 2): the weight of one matching pod for a constraint whose topology has `size` domains
 * among the candidate nodes (for the hostname key: the number of non-ignored candidate nodes).
 */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** count × weight + (maxSkew − 1): the per-constraint share of a node's raw score. */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/** One soft constraint as seen from one node. */
export interface SpreadScoreTerm {
  /** Matching pods in the node's domain for this constraint (on the node itself for hostname). */
  count: number;
  maxSkew: number;
  /** Number of domains among the candidate nodes (see topologyNormalizingWeight). */
  topologySize: number;
}

/**
 * Score: Σ over the pod's soft constraints of count × ln(size + 2) + (maxSkew − 1), summed in
 * float in constraint order and rounded half away from zero. A constraint whose topology key the
 * node lacks contributes nothing: pass null/undefined for it.
 */
export function topologySpreadRawScore(terms: ReadonlyArray<SpreadScoreTerm | null | undefined>): number {
  let score = 0;
  for (const term of terms) {
    if (!term) continue;
    score += scoreForCount(term.count, term.maxSkew, topologyNormalizingWeight(term.topologySize));
  }
  return goRound(score);
}

/**
 * NormalizeScore: ignored nodes (null; nodes lacking a required topology key) get 0. Over the
 * others, with max and min of their raw scores: max 0 gives 100 to all, otherwise
 * 100 × (max + min − raw) / max with integer division.
 */
export function topologySpreadNormalizeScores(rawScores: ReadonlyArray<number | null>): number[] {
  let minScore = Number.POSITIVE_INFINITY;
  let maxScore = 0;
  for (const score of rawScores) {
    if (score === null) continue;
    if (score < minScore) minScore = score;
    if (score > maxScore) maxScore = score;
  }
  return rawScores.map((score) => (score === null ? 0 : topologySpreadNormalizedScore(score, minScore, maxScore)));
}

/** NormalizeScore of one node that is not ignored, given the min and max raw scores of all of them. */
export function topologySpreadNormalizedScore(rawScore: number, minScore: number, maxScore: number): number {
  if (maxScore === 0) return MAX_NODE_SCORE;
  return goMulDiv(MAX_NODE_SCORE, maxScore + minScore - rawScore, maxScore);
}

/**
 * The global minimum for the skew check (preFilterState.minMatchNum): 0 when fewer eligible
 * domains than minDomains (default 1) exist, otherwise the smallest matching count among them.
 */
export function globalMinMatchNum(domainMatchCounts: readonly number[], minDomains = 1): number {
  if (domainMatchCounts.length < Math.max(1, minDomains)) return 0;
  return Math.min(...domainMatchCounts);
}

export interface SpreadFilterInput {
  /** Existing matching pods in the candidate node's domain (not counting the incoming pod). */
  matchNum: number;
  /** Whether the incoming pod matches the constraint's selector (adds 1). */
  selfMatch: boolean;
  /** The global minimum, see globalMinMatchNum. */
  minMatchNum: number;
  maxSkew: number;
}

/** Filter for one DoNotSchedule constraint: matchNum + selfMatchNum − minMatchNum ≤ maxSkew. */
export function topologySpreadFilter(input: SpreadFilterInput): boolean {
  const skew = input.matchNum + (input.selfMatch ? 1 : 0) - input.minMatchNum;
  return skew <= input.maxSkew;
}
