// How many feasible nodes the scheduler looks for before it stops filtering
// (percentageOfNodesToScore).
//
// Upstream: kubernetes/kubernetes pkg/scheduler/schedule_one.go numFeasibleNodesToFind with
// minFeasibleNodesToFind = 100 and minFeasibleNodesPercentageToFind = 5 (master 2025-2026), int32
// arithmetic. Percentage 0 means adaptive: 50 − numAllNodes/125, at least 5. Older releases also
// returned all nodes for a percentage of 100 or more; current code computes n × pct / 100, which
// is the same for the valid range 0..100, and podsim keeps the explicit ≥ 100 → all rule.

import { goIntDiv } from './int-math.js';

export const MIN_FEASIBLE_NODES_TO_FIND = 100;
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;
/** The default of KubeSchedulerConfiguration.percentageOfNodesToScore: adaptive. */
export const DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE = 0;

export function numFeasibleNodesToFind(numAllNodes: number, percentageOfNodesToScore: number = DEFAULT_PERCENTAGE_OF_NODES_TO_SCORE): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND || percentageOfNodesToScore >= 100) return numAllNodes;

  let percentage = percentageOfNodesToScore;
  if (percentage <= 0) {
    percentage = 50 - goIntDiv(numAllNodes, 125);
    if (percentage < MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND) percentage = MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND;
  }

  const numNodes = goIntDiv(numAllNodes * percentage, 100);
  return numNodes < MIN_FEASIBLE_NODES_TO_FIND ? MIN_FEASIBLE_NODES_TO_FIND : numNodes;
}
