// Named seeded random streams: reproducible, and independent of each other.
import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../src/kernel/index.js';
import type { RandomStream } from '../../src/kernel/index.js';

function draws(stream: RandomStream, n = 20): number[] {
  return Array.from({ length: n }, () => stream.next());
}

describe('RandomStreams', () => {
  it('gives the same sequence for the same master seed and name', () => {
    expect(draws(new RandomStreams(42).get('scheduler'))).toEqual(draws(new RandomStreams(42).get('scheduler')));
    expect(draws(new RandomStreams('abc').get('x'))).toEqual(draws(new RandomStreams('abc').get('x')));
  });

  it('returns the same stream object for the same name within one RandomStreams', () => {
    const streams = new RandomStreams(1);
    const a = streams.get('a');
    expect(streams.get('a')).toBe(a);
    const first = a.next();
    const again = streams.get('a').next();
    // Continuing the same stream, not restarting it.
    expect(again).not.toBe(first);
    expect([first, again]).toEqual(draws(new RandomStreams(1).get('a'), 2));
  });

  it('gives different sequences for different names', () => {
    const streams = new RandomStreams(42);
    const a = draws(streams.get('failures'));
    const b = draws(streams.get('arrivals'));
    const c = draws(streams.get('failures2'));
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    expect(b).not.toEqual(c);
  });

  it('gives different sequences for different master seeds', () => {
    expect(draws(new RandomStreams(1).get('s'))).not.toEqual(draws(new RandomStreams(2).get('s')));
    expect(draws(new RandomStreams('1').get('s'))).not.toEqual(draws(new RandomStreams('1x').get('s')));
  });

  it('keeps a stream unchanged when other streams are created before it', () => {
    const alone = draws(new RandomStreams(7).get('target'), 100);
    const crowded = new RandomStreams(7);
    for (let i = 0; i < 50; i++) crowded.get(`other-${i}`).next();
    expect(draws(crowded.get('target'), 100)).toEqual(alone);
  });

  it('keeps a stream unchanged when other streams draw in between', () => {
    const alone = draws(new RandomStreams(7).get('target'), 100);
    const busy = new RandomStreams(7);
    const target = busy.get('target');
    const other = busy.get('other');
    const got: number[] = [];
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < i % 5; j++) other.next();
      got.push(target.next());
      busy.get(`late-${i}`).int(10);
    }
    expect(got).toEqual(alone);
  });

  it('lists the names used so far, sorted', () => {
    const streams = new RandomStreams(3);
    expect(streams.names()).toEqual([]);
    streams.get('zeta');
    streams.get('alpha');
    streams.get('zeta');
    expect(streams.names()).toEqual(['alpha', 'zeta']);
    expect(streams.masterSeed).toBe(3);
  });
});

describe('RandomStream draws', () => {
  it('next() is in [0, 1)', () => {
    const s = new RandomStreams(9).get('u');
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = s.next();
      if (!(x >= 0 && x < 1)) outside++;
    }
    expect(outside).toBe(0);
  });

  it('int(n) is an integer in [0, n) and hits every value', () => {
    const s = new RandomStreams(9).get('int');
    const counts = new Array<number>(7).fill(0);
    let invalid = 0;
    for (let i = 0; i < 70_000; i++) {
      const k = s.int(7);
      if (!(Number.isInteger(k) && k >= 0 && k < 7)) invalid++;
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect(invalid).toBe(0);
    // Each bucket expects 10000 with sd ≈ 93; allow 5 sd.
    for (const c of counts) expect(Math.abs(c - 10_000)).toBeLessThan(470);
    expect(s.int(1)).toBe(0);
  });

  it('chance(p) is true with probability p, always for p=1 and never for p=0', () => {
    const s = new RandomStreams(9).get('chance');
    const n = 100_000;
    let hits = 0;
    for (let i = 0; i < n; i++) if (s.chance(0.3)) hits++;
    const sd = Math.sqrt(0.3 * 0.7 * n);
    expect(Math.abs(hits - 0.3 * n)).toBeLessThan(5 * sd);
    let wrong = 0;
    for (let i = 0; i < 1000; i++) if (!s.chance(1) || s.chance(0)) wrong++;
    expect(wrong).toBe(0);
  });

  it('pick() returns elements of the array, each about equally often', () => {
    const s = new RandomStreams(9).get('pick');
    const items = ['a', 'b', 'c', 'd'] as const;
    const counts = new Map<string, number>();
    for (let i = 0; i < 40_000; i++) {
      const x = s.pick(items);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const c of counts.values()) expect(Math.abs(c - 10_000)).toBeLessThan(5 * Math.sqrt(40_000 * 0.25 * 0.75));
    expect(s.pick(['only'])).toBe('only');
  });

  it('pick() from an empty array throws a RangeError naming the stream', () => {
    const s = new RandomStreams(9).get('empty-pick');
    expect(() => s.pick([])).toThrow(RangeError);
    expect(() => s.pick([])).toThrow(/empty-pick/);
  });

  it('has a mean within 0.01 of 0.5 over 100k draws, and no lag-1 correlation', () => {
    const s = new RandomStreams(2024).get('uniformity');
    const n = 100_000;
    let sum = 0;
    let sumProducts = 0;
    let prev = s.next();
    sum += prev;
    for (let i = 1; i < n; i++) {
      const x = s.next();
      sum += x;
      sumProducts += (x - 0.5) * (prev - 0.5);
      prev = x;
    }
    expect(Math.abs(sum / n - 0.5)).toBeLessThan(0.01);
    // Lag-1 autocorrelation: variance 1/12 each, so the normalised sum has sd ≈ 1/sqrt(n).
    const correlation = sumProducts / (n - 1) / (1 / 12);
    expect(Math.abs(correlation)).toBeLessThan(5 / Math.sqrt(n));
  });

  it('fills the ten deciles evenly (chi-square sanity)', () => {
    const s = new RandomStreams(5).get('deciles');
    const n = 100_000;
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < n; i++) {
      const b = Math.floor(s.next() * 10);
      bins[b] = (bins[b] as number) + 1;
    }
    const expected = n / 10;
    const chi2 = bins.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(chi2 > 33.7) ≈ 1e-4.
    expect(chi2).toBeLessThan(33.7);
  });
});
