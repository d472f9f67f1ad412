// InterPodAffinity score normalization.
//
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/interpodaffinity/scoring.go
// NormalizeScore, read on master 2025-2026: min starts at MaxInt64 and max at MinInt64 (older
// releases started both at 0, which differs when all raw scores share a sign), then
// score = int64(100 × ((raw − min) / (max − min))) in float, all 0 when max == min.
// Simplification: the raw scores (weighted sums over matching existing pods per topology domain)
// are computed by the caller.

import { goTruncate } from './int-math.js';
import { MAX_NODE_SCORE } from './normalize.js';

export function interPodAffinityNormalizeScores(rawScores: readonly number[]): number[] {
  let minCount = Number.POSITIVE_INFINITY;
  let maxCount = Number.NEGATIVE_INFINITY;
  for (const score of rawScores) {
    if (score > maxCount) maxCount = score;
    if (score < minCount) minCount = score;
  }
  const maxMinDiff = maxCount - minCount;
  return rawScores.map((score) => {
    if (!(maxMinDiff > 0)) return 0;
    return goTruncate(MAX_NODE_SCORE * ((score - minCount) / maxMinDiff));
  });
}
