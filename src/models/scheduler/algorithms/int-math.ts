// Go integer and float-to-integer arithmetic the scheduler plugins rely on, reproduced exactly in
// JavaScript numbers.
//
// Upstream: the kube-scheduler plugins compute with int64 and truncating division, convert floats
// with int64(x) (truncation toward zero) and round with math.Round (half away from zero).
// Simplification: values are JavaScript numbers; products that leave the safe-integer range are
// computed with BigInt so `a * b / c` stays exact like Go's int64 arithmetic (podsim never gets
// near int64 overflow, which Go would wrap).

/** Go's `a / b` for int64 operands: the quotient truncated toward zero. */
export function goIntDiv(a: number, b: number): number {
  if (b === 0) throw new RangeError('integer division by zero');
  return noNegativeZero(Math.trunc(a / b));
}

/** Go's `a * b / c` on int64 values, exact even when the product exceeds 2^53. */
export function goMulDiv(a: number, b: number, c: number): number {
  if (c === 0) throw new RangeError('integer division by zero');
  const product = a * b;
  if (Number.isSafeInteger(product)) return noNegativeZero(Math.trunc(product / c));
  return Number((BigInt(Math.trunc(a)) * BigInt(Math.trunc(b))) / BigInt(Math.trunc(c)));
}

/** Go's math.Round: to the nearest integer, halves away from zero. */
export function goRound(x: number): number {
  if (!Number.isFinite(x)) return x;
  const whole = Math.trunc(x);
  // x - whole is exact for doubles, so the comparison with 0.5 is exact too.
  return noNegativeZero(Math.abs(x - whole) >= 0.5 ? whole + Math.sign(x) : whole);
}

/**
 * goRound for a finite x ≥ 0 (a sum of non-negative scores), without the sign and infinity
 * checks: the soft spread scoring rounds hundreds of such sums per pod.
 */
export function goRoundNonNegative(x: number): number {
  const whole = Math.trunc(x);
  return x - whole >= 0.5 ? whole + 1 : whole;
}

/** Go's int64(x) for a float: truncation toward zero. */
export function goTruncate(x: number): number {
  return noNegativeZero(Math.trunc(x));
}

/** Go integers have no negative zero; Math.trunc(-0.5) gives -0, which this maps to 0. */
function noNegativeZero(x: number): number {
  return x === 0 ? 0 : x;
}
