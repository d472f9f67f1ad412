// InterPodAffinity normalization. Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/
// interpodaffinity/scoring_test.go TestPreferredAffinity; each case below is transcribed as the raw
// per-node scores the plugin computes for that table entry (weights × matching existing pods in
// the node's topology domain), followed by the expected normalized list.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interPodAffinityNormalizeScores } from '../../../src/models/scheduler/algorithms/inter-pod-affinity-scoring.js';

describe('interPodAffinityNormalizeScores (scoring_test.go TestPreferredAffinity)', () => {
  it.each<[string, number[], number[]]>([
    // stayWithS1InRegion (weight 5): China has one S1 pod; node3 has no region label
    ['Affinity: pod that matches topology key & pods in nodes will get high score comparing to others which doesn\'t match either pods in nodes or in topology key', [5, 0, 0], [100, 0, 0]],
    ['All the nodes that have the same topology key & label value with one of them has an existing pod that match the affinity rules, have the same score', [5, 5, 0], [100, 100, 0]],
    // stayWithS2InRegion (weight 6): China 4 S2 pods = 24, India 2 = 12. With min/max starting
    // at 0 (older code) India would get 50; current code gives 0.
    ['Affinity: nodes in one region has more matching pods comparing to other region, so the region which has more matches will get high score', [24, 12, 24, 24, 12], [100, 0, 100, 100, 0]],
    // affinity3: weight 8 (NotIn S1, In S2) + weight 2 (Exists, DoesNotExist wrongkey) on region
    ['Affinity: different Label operators and values for pod affinity scheduling preference, including some match failures', [2, 10, 0], [20, 100, 0]],
    // awayFromS1InAz (weight 5): az1 has two S1 pods
    ['Anti Affinity: one node has more matching pods comparing to other node, so the node which has more unmatches will get high score', [-10, 0], [0, 100]],
    ['Anti Affinity: pod that does not match existing pods in node will get high score', [-5, 0], [0, 100]],
    // affinity 8, anti-affinity −5, symmetric affinity 8, symmetric anti-affinity −5
    ['Affinity and Anti Affinity and symmetry: considered only preferredDuringSchedulingIgnoredDuringExecution in both pod affinity & anti affinity & symmetry', [8, -5, 8, -5], [100, 0, 100, 0]],
    ['Avoid panic when partial nodes in a topology don\'t have pods with affinity', [0, 0], [0, 0]],
  ])('%s', (_name, raw, expected) => {
    expect(interPodAffinityNormalizeScores(raw)).toEqual(expected);
  });

  it('truncates 100 × (raw − min) / (max − min) computed in float', () => {
    expect(interPodAffinityNormalizeScores([1, 2, 4])).toEqual([0, 33, 100]);
    // 100 × (29/100) is 28.999999999999996 in float64, so Go's int64() gives 28
    expect(interPodAffinityNormalizeScores([0, 29, 100])).toEqual([0, 28, 100]);
    expect(interPodAffinityNormalizeScores([])).toEqual([]);
  });

  it('scores lie in 0..100, min → 0 and max → 100 when they differ (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -10_000, max: 10_000 }), { minLength: 1, maxLength: 30 }), (raw) => {
        const out = interPodAffinityNormalizeScores(raw);
        const min = Math.min(...raw);
        const max = Math.max(...raw);
        raw.forEach((r, i) => {
          expect(out[i]).toBeGreaterThanOrEqual(0);
          expect(out[i]).toBeLessThanOrEqual(100);
          if (max === min) expect(out[i]).toBe(0);
          else if (r === max) expect(out[i]).toBe(100);
          else if (r === min) expect(out[i]).toBe(0);
        });
      }),
    );
  });
});
