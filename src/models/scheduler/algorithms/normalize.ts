// Score normalization shared by several score plugins (TaintToleration, NodeAffinity).
//
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/helper/normalize_score.go
// DefaultNormalizeScore (read on master, 2025-2026). Integer arithmetic: scores are mapped from
// [0, max(scores)] onto [0, maxPriority] with truncating division; `reverse` flips the scale.
// Inputs are assumed non-negative as upstream assumes; the maximum starts at 0, so all-zero
// scores stay 0 (or all become maxPriority when reversed).

import { goMulDiv } from './int-math.js';

/** framework.MaxNodeScore: every normalized plugin score lies in [0, MAX_NODE_SCORE]. */
export const MAX_NODE_SCORE = 100;
/** framework.MinNodeScore. */
export const MIN_NODE_SCORE = 0;

export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: readonly number[]): number[] {
  let maxCount = 0;
  for (const score of scores) if (score > maxCount) maxCount = score;

  if (maxCount === 0) return scores.map((score) => (reverse ? maxPriority : score));

  return scores.map((score) => {
    const scaled = goMulDiv(maxPriority, score, maxCount);
    return reverse ? maxPriority - scaled : scaled;
  });
}
