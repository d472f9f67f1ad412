// Kubernetes quantities against cases transcribed from upstream apimachinery's quantity tests
// (test/fixtures/upstream/quantity-cases.json): MilliValue() for CPU, Value() for memory.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuMillis, formatBytes, formatMillicores, memoryBytes, milliValue, parseQuantity, QuantityError, value } from '../../src/scenario/quantity.js';

interface ValidCase {
  input: string;
  milliValue: number | string;
  value: number | string;
  int64Overflow?: string[];
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/upstream/quantity-cases.json', import.meta.url), 'utf8')) as {
  valid: ValidCase[];
  quirks: Array<{ input: string; milliValue: number; value: number }>;
  invalid: string[];
  invalidDerived: string[];
};

/** ceil(|x| × scale) with the sign of x, computed exactly from the parsed rational. */
function exact(input: string, scale: bigint): bigint {
  const q = parseQuantity(input);
  const magnitude = (q.numerator * scale + q.denominator - 1n) / q.denominator;
  return q.negative ? -magnitude : magnitude;
}

describe('quantity parsing matches upstream resource.Quantity', () => {
  it('has a real corpus to check', () => {
    expect(cases.valid.length).toBeGreaterThan(100);
    expect(cases.invalid.length + cases.invalidDerived.length).toBeGreaterThan(30);
  });

  // Upstream caps binary-suffix quantities at 2^63-1 ("9Ei"); podsim refuses anything beyond
  // 2^53 instead, so exact values are compared only below the cap.
  const INT64_MAX = 9223372036854775807n;
  it.each(cases.valid.map((c) => [c.input, c] as const))('%s: MilliValue and Value as upstream', (_, c) => {
    if (BigInt(c.value) < INT64_MAX) {
      expect(exact(c.input, 1000n)).toBe(BigInt(c.milliValue));
      expect(exact(c.input, 1n)).toBe(BigInt(c.value));
    }
    if (typeof c.milliValue === 'number' && Number.isSafeInteger(c.milliValue)) expect(milliValue(c.input)).toBe(c.milliValue);
    else expect(() => milliValue(c.input)).toThrow(QuantityError); // beyond 2^53: refused, never rounded silently
    if (typeof c.value === 'number' && Number.isSafeInteger(c.value)) expect(value(c.input)).toBe(c.value);
    else expect(() => value(c.input)).toThrow(QuantityError);
  });

  it.each(cases.quirks.map((c) => [c.input, c] as const))('%s: negative fractions round away from zero', (_, c) => {
    expect(milliValue(c.input)).toBe(c.milliValue);
    expect(value(c.input)).toBe(c.value);
  });

  it.each([...cases.invalid, ...cases.invalidDerived])('rejects %j', (input) => {
    expect(() => parseQuantity(input)).toThrow(QuantityError);
  });
});

describe('CPU and memory conversions used by scenarios', () => {
  it.each([
    ['250m', 250],
    ['0.5', 500],
    ['2', 2000],
    ['1e3', 1_000_000],
    ['0.1m', 1],
    ['100k', 100_000_000],
  ])('cpu %s = %d millicores', (input, expected) => {
    expect(cpuMillis(input)).toBe(expected);
  });

  it.each([
    ['512Mi', 536_870_912],
    ['4Gi', 4_294_967_296],
    ['1G', 1_000_000_000],
    ['100k', 100_000],
    ['1.5', 2],
    ['128974848', 128_974_848],
    ['129e6', 129_000_000],
    ['123Mi', 128_974_848],
  ])('memory %s = %d bytes', (input, expected) => {
    expect(memoryBytes(input)).toBe(expected);
  });

  it('reads YAML numbers as quantities', () => {
    expect(cpuMillis(2)).toBe(2000);
    expect(cpuMillis(0.25)).toBe(250);
    expect(memoryBytes(1024)).toBe(1024);
  });

  it('formats for people', () => {
    expect(formatMillicores(250)).toBe('250m');
    expect(formatMillicores(2000)).toBe('2');
    expect(formatBytes(536_870_912)).toBe('512Mi');
    expect(formatBytes(1000)).toBe('1000');
  });
});

describe('what a wrong quantity is told', () => {
  const reason = (input: string): string => {
    try {
      parseQuantity(input);
    } catch (error) {
      if (error instanceof QuantityError) return error.reason;
      throw error;
    }
    throw new Error(`${input} parsed`);
  };

  it.each([
    ['16gi', 'unknown suffix "gi"; suffixes are case-sensitive: did you mean "16Gi"?'],
    ['4K', 'unknown suffix "K"; suffixes are case-sensitive: did you mean "4k"?'],
    ['500 m', 'a quantity has no spaces; did you mean "500m"?'],
    ['1,5', 'unknown suffix ",5"; decimals are written with ".": did you mean "1.5"?'],
    ['16GB', 'unknown suffix "GB"; a quantity has no "B" for bytes: did you mean "16Gi"? (or "16G", in powers of 1000)'],
    ['2cores', 'unknown suffix "cores"; CPU is counted in cores (2 is two cores, 500m half a core): did you mean "2"?'],
    ['1.1.1', 'a number has at most one "."'],
    ['abc', 'it does not start with a number'],
    ['', 'it is empty'],
  ])('%j: %s', (input, expected) => {
    expect(reason(input)).toBe(expected);
  });

  it('lists the suffixes once when it has no guess', () => {
    const text = reason('250x');
    expect(text).toMatch(/^unknown suffix "x"; expected one of Ki Mi Gi Ti Pi Ei .* n u m k M G T P E .* exponent/);
  });

  it('quotes the input in the message, not in the reason', () => {
    expect(() => parseQuantity('16gi')).toThrow('invalid quantity "16gi": unknown suffix "gi"');
  });
});
