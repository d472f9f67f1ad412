// A scheduler profile: the score strategy of NodeResourcesFit and the weights of the score
// plugins, with upstream's defaults (K pkg/scheduler/apis/config/v1/default_plugins.go).

import type { ShapePoint } from './algorithms/resource-scoring.js';

export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';

export type ScorePlugin =
  | 'TaintToleration'
  | 'NodeAffinity'
  | 'NodeResourcesFit'
  | 'PodTopologySpread'
  | 'InterPodAffinity'
  | 'NodeResourcesBalancedAllocation'
  | 'ImageLocality';

export interface SchedulerProfile {
  scoringStrategy: ScoringStrategy;
  /** Resources NodeResourcesFit scores, with their weights (default cpu 1, memory 1). */
  resources: Array<{ name: string; weight: number }>;
  /** RequestedToCapacityRatio shape (utilization 0..100 → score 0..10). */
  shape: ShapePoint[];
  /** 0 = adaptive. */
  percentageOfNodesToScore: number;
  /** Score plugin weights; 0 disables a plugin's score. */
  weights: Record<ScorePlugin, number>;
}

export const DEFAULT_WEIGHTS: Readonly<Record<ScorePlugin, number>> = {
  TaintToleration: 3,
  NodeAffinity: 2,
  NodeResourcesFit: 1,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesBalancedAllocation: 1,
  ImageLocality: 1,
};

export function defaultProfile(overrides: Partial<SchedulerProfile> = {}): SchedulerProfile {
  return {
    scoringStrategy: 'LeastAllocated',
    resources: [
      { name: 'cpu', weight: 1 },
      { name: 'memory', weight: 1 },
    ],
    // Upstream's default RequestedToCapacityRatio shape (v1 defaults.go): 0 → 0, 100 → 10,
    // i.e. fuller nodes score higher (bin packing).
    shape: [
      { utilization: 0, score: 0 },
      { utilization: 100, score: 10 },
    ],
    percentageOfNodesToScore: 0,
    ...overrides,
    weights: { ...DEFAULT_WEIGHTS, ...(overrides.weights ?? {}) },
  };
}
