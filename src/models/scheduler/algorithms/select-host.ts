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
  return (scores[selectHostIndex(scores.map((s) => s.score), scores.length, stream)] as NodeTotalScore).node;
}

/** selectHost over the first `count` scores of an array: the chosen index. */
export function selectHostIndex(scores: ArrayLike<number>, count: number, stream: RandomStream): number {
  if (count === 0) throw new RangeError('selectHost: empty priority list');
  let selected = 0;
  let maxScore = scores[0] as number;
  let ties = 1;
  const draw = stream.generator; // stream.int(ties) is Math.floor(draw() * ties)
  for (let i = 1; i < count; i++) {
    const score = scores[i] as number;
    if (score > maxScore) {
      maxScore = score;
      selected = i;
      ties = 1;
    } else if (score === maxScore) {
      ties++;
      if (Math.floor(draw() * ties) === 0) selected = i;
    }
  }
  return selected;
}
