// DefaultNormalizeScore. Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/helper/
// normalize_score_test.go TestDefaultNormalizeScore (all seven table cases).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { defaultNormalizeScore } from '../../../src/models/scheduler/algorithms/normalize.js';

describe('defaultNormalizeScore (normalize_score_test.go TestDefaultNormalizeScore)', () => {
  it.each<[string, boolean, number[], number[]]>([
    ['case_0', false, [1, 2, 3, 4], [25, 50, 75, 100]],
    ['case_1', true, [1, 2, 3, 4], [75, 50, 25, 0]],
    ['case_2', false, [1000, 10, 20, 30], [100, 1, 2, 3]],
    ['case_3', true, [1000, 10, 20, 30], [0, 99, 98, 97]],
    ['case_4', false, [1, 1, 1, 1], [100, 100, 100, 100]],
    ['case_5', false, [1000, 1, 1, 1], [100, 0, 0, 0]],
    ['case_6', true, [0, 1, 1, 1], [100, 0, 0, 0]],
  ])('%s', (_name, reverse, scores, expected) => {
    expect(defaultNormalizeScore(100, reverse, scores)).toEqual(expected);
  });

  it('all zero: 0 each, or maxPriority each when reversed', () => {
    expect(defaultNormalizeScore(100, false, [0, 0])).toEqual([0, 0]);
    expect(defaultNormalizeScore(100, true, [0, 0])).toEqual([100, 100]);
    expect(defaultNormalizeScore(100, true, [])).toEqual([]);
  });

  it('results lie in 0..maxPriority and the maximum maps to maxPriority (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 30 }), fc.boolean(), (scores, reverse) => {
        const out = defaultNormalizeScore(100, reverse, scores);
        for (const s of out) {
          expect(Number.isInteger(s)).toBe(true);
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(100);
        }
        const max = Math.max(...scores);
        if (max > 0) expect(out[scores.indexOf(max)]).toBe(reverse ? 0 : 100);
      }),
    );
  });
});
