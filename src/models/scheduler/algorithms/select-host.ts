// Host selection after scoring: the node with the highest total score, ties broken uniformly at
// random by reservoir sampling.
//
// Upstream: kubernetes/kubernetes pkg/scheduler/schedule_one.go selectHost (master 2025-2026).
// Each further node with the top score increments the tie count and replaces the candidate when
// rand.Intn(count) == 0, so every tied node is chosen with probability 1/ties.
// Simplification: upstream walks the nodes in the pop order of a max-heap (and also returns the
// top `count` nodes); podsim walks them in input order with a named seeded stream. The choice is
// equally uniform and the number of draws is the same (one per tied node after the first).

import type { RandomStream } from '../../../kernel/random.js';

export interface NodeTotalScore {
  node: string;
  score: number;
}

export function selectHost(scores: readonly NodeTotalScore[], stream: RandomStream): string {
  const first = scores[0];
  if (!first) throw new RangeError('selectHost: empty priority list');
  let selected = first.node;
  let maxScore = first.score;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    const candidate = scores[i] as NodeTotalScore;
    if (candidate.score > maxScore) {
      maxScore = candidate.score;
      selected = candidate.node;
      ties = 1;
    } else if (candidate.score === maxScore) {
      ties++;
      if (stream.int(ties) === 0) selected = candidate.node;
    }
  }
  return selected;
}
