// TaintToleration plugin: the filter (NoSchedule / NoExecute taints must be tolerated) and the
// score (fewer intolerable PreferNoSchedule taints is better).
//
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/taint_toleration.go
// (Filter, getAllTolerationPreferNoSchedule, countIntolerableTaintsPreferNoSchedule, NormalizeScore),
// helper.DoNotScheduleTaintsFilterFunc, v1helper.FindMatchingUntoleratedTaint; read on master 2025-2026.
// Toleration matching is src/models/api/taints.ts. Simplification: the taint-comparison-operator
// extension of tolerations (Gt/Lt on taint values, behind a feature gate) is not modelled.

import { firstUntoleratedTaint, toleratesTaint } from '../../api/taints.js';
import type { Taint, Toleration } from '../../api/taints.js';
import { defaultNormalizeScore, MAX_NODE_SCORE } from './normalize.js';

export type TaintTolerationFilterResult =
  | { ok: true }
  | { ok: false; code: 'UnschedulableAndUnresolvable'; reason: string };

/**
 * Filter: the first NoSchedule or NoExecute taint (in the node's order) that no toleration
 * tolerates makes the node UnschedulableAndUnresolvable with the upstream reason string.
 */
export function taintTolerationFilter(nodeTaints: readonly Taint[], podTolerations: readonly Toleration[]): TaintTolerationFilterResult {
  const taint = firstUntoleratedTaint(nodeTaints, podTolerations, ['NoSchedule', 'NoExecute']);
  if (!taint) return { ok: true };
  return {
    ok: false,
    code: 'UnschedulableAndUnresolvable',
    reason: `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`,
  };
}

/**
 * Raw score: the number of the node's PreferNoSchedule taints not tolerated by the pod's
 * tolerations whose effect is empty (all effects) or PreferNoSchedule.
 */
export function taintTolerationRawScore(nodeTaints: readonly Taint[], podTolerations: readonly Toleration[]): number {
  const preferNoSchedule = podTolerations.filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
  let count = 0;
  for (const taint of nodeTaints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    if (!toleratesTaint(preferNoSchedule, taint)) count++;
  }
  return count;
}

/** NormalizeScore: DefaultNormalizeScore(100, reverse = true). */
export function taintTolerationNormalizeScores(rawScores: readonly number[]): number[] {
  return defaultNormalizeScore(MAX_NODE_SCORE, true, rawScores);
}
