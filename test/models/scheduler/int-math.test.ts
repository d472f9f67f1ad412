// Go's rounding in JavaScript numbers: goRound is math.Round (halves away from zero, no negative
// zero); goRoundNonNegative is its shortcut for the non-negative sums of the spread scoring.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { goRound, goRoundNonNegative } from '../../../src/models/scheduler/algorithms/int-math.js';

describe('goRound', () => {
  it.each([
    [0.5, 1],
    [1.5, 2],
    [2.5, 3],
    [-0.5, -1],
    [-2.5, -3],
    [0.49999999999999994, 0], // x + 0.5 rounds up to 1 in doubles: floor(x + 0.5) would say 1
    [-0.4, 0],
    [4503599627370495.5, 4503599627370496],
  ])('rounds %d to %d as math.Round', (x, expected) => {
    expect(Object.is(goRound(x), expected)).toBe(true);
  });
});

describe('goRoundNonNegative', () => {
  it('equals goRound for every finite x >= 0 (property)', () => {
    const values = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }), fc.integer({ min: 0, max: 1000 }).map((i) => i + 0.5), fc.constantFrom(0, 0.49999999999999994, 2 ** 52 + 0.5));
    fc.assert(
      fc.property(values, (x) => Object.is(goRoundNonNegative(x), goRound(x))),
      { numRuns: 2000 },
    );
  });
});
