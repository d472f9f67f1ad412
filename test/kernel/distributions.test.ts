// Distributions: parsing the string forms, sampling against each distribution's own mean and
// quantiles, canonical text, and errors.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  DistributionError,
  constant,
  empirical,
  exponential,
  formatDuration,
  lognormal,
  lognormalFromMedianP95,
  normal,
  parseDistribution,
  RandomStreams,
  uniform,
  weibull,
} from '../../src/kernel/index.js';
import type { Distribution, ValueKind } from '../../src/kernel/index.js';
import { gamma, normalQuantile, Z_95 } from '../../src/kernel/special-functions.js';

const N = 200_000;
const SEED = 20240601;

function sample(dist: Distribution, streamName: string, n = N): Float64Array {
  const stream = new RandomStreams(SEED).get(streamName);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = dist.sample(stream);
  return out;
}

function meanOf(xs: Float64Array): number {
  let sum = 0;
  for (const x of xs) sum += x;
  return sum / xs.length;
}

/** The p-quantile of sorted samples (nearest rank). */
function sampleQuantile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] as number;
}

function fractionAtMost(sorted: Float64Array, q: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as number) <= q) lo = mid + 1;
    else hi = mid;
  }
  return lo / sorted.length;
}

const lnSd = (median: number, sigma: number): number =>
  Math.sqrt((Math.exp(sigma * sigma) - 1) * Math.exp(2 * Math.log(median) + sigma * sigma));
const weibullSd = (k: number, scale: number): number =>
  scale * Math.sqrt(gamma(1 + 2 / k) - gamma(1 + 1 / k) ** 2);
const sigmaP95 = Math.log(180_000 / 90_000) / Z_95;

interface Case {
  input: string | number;
  kind: ValueKind;
  /** Theoretical standard deviation, for the mean's tolerance. */
  sd: number;
  shape: 'constant' | 'continuous' | 'discrete';
  expectedMean: number;
}

const cases: Case[] = [
  { input: '10s', kind: 'duration', sd: 0, shape: 'constant', expectedMean: 10_000 },
  { input: 'constant(10s)', kind: 'duration', sd: 0, shape: 'constant', expectedMean: 10_000 },
  { input: 'uniform(1s,5s)', kind: 'duration', sd: 4000 / Math.sqrt(12), shape: 'continuous', expectedMean: 3000 },
  { input: 'exp(2h)', kind: 'duration', sd: 7_200_000, shape: 'continuous', expectedMean: 7_200_000 },
  { input: 'normal(mean=10s,sd=2s)', kind: 'duration', sd: 2000, shape: 'continuous', expectedMean: 10_000 },
  {
    input: 'lognormal(median=90s,p95=3m)',
    kind: 'duration',
    sd: lnSd(90_000, sigmaP95),
    shape: 'continuous',
    expectedMean: 90_000 * Math.exp(sigmaP95 ** 2 / 2),
  },
  {
    input: 'lognormal(median=90s,sigma=0.5)',
    kind: 'duration',
    sd: lnSd(90_000, 0.5),
    shape: 'continuous',
    expectedMean: 90_000 * Math.exp(0.125),
  },
  {
    input: 'weibull(shape=1.5,scale=2h)',
    kind: 'duration',
    sd: weibullSd(1.5, 7_200_000),
    shape: 'continuous',
    expectedMean: 7_200_000 * gamma(1 + 1 / 1.5),
  },
  {
    input: 'empirical(1s,2s,5s)',
    kind: 'duration',
    sd: Math.sqrt(((1000 - 8000 / 3) ** 2 + (2000 - 8000 / 3) ** 2 + (5000 - 8000 / 3) ** 2) / 3),
    shape: 'discrete',
    expectedMean: 8000 / 3,
  },
  {
    input: 'empirical(1s:3,5s:1)',
    kind: 'duration',
    sd: Math.sqrt(0.75 * 1000 ** 2 + 0.25 * 5000 ** 2 - 2000 ** 2),
    shape: 'discrete',
    expectedMean: 2000,
  },
  // Plain numbers.
  { input: 7, kind: 'number', sd: 0, shape: 'constant', expectedMean: 7 },
  { input: '2.5', kind: 'number', sd: 0, shape: 'constant', expectedMean: 2.5 },
  { input: 'uniform(0,1)', kind: 'number', sd: 1 / Math.sqrt(12), shape: 'continuous', expectedMean: 0.5 },
  { input: 'exp(2)', kind: 'number', sd: 2, shape: 'continuous', expectedMean: 2 },
  { input: 'normal(mean=-5,sd=1.5)', kind: 'number', sd: 1.5, shape: 'continuous', expectedMean: -5 },
  { input: 'lognormal(median=3,sigma=0.25)', kind: 'number', sd: lnSd(3, 0.25), shape: 'continuous', expectedMean: 3 * Math.exp(0.25 ** 2 / 2) },
  { input: 'weibull(shape=0.8,scale=10)', kind: 'number', sd: weibullSd(0.8, 10), shape: 'continuous', expectedMean: 10 * gamma(1 + 1 / 0.8) },
  { input: 'empirical(0.5:1,2:3)', kind: 'number', sd: Math.sqrt(0.25 * 0.25 + 0.75 * 4 - 1.625 ** 2), shape: 'discrete', expectedMean: 1.625 },
];

describe.each(cases)('$input ($kind)', ({ input, kind, sd, shape, expectedMean }) => {
  const dist = parseDistribution(input, kind);
  const xs = sample(dist, `dist:${String(input)}`);
  const sorted = Float64Array.from(xs).sort();

  it('has the expected theoretical mean', () => {
    expect(dist.mean).toBeCloseTo(expectedMean, 6);
  });

  it('has a sample mean within 5 standard errors of dist.mean', () => {
    const m = meanOf(xs);
    if (sd === 0) {
      expect(m).toBe(dist.mean);
    } else {
      // Durations are rounded to whole ms: allow half a millisecond on top.
      const slack = 5 * (sd / Math.sqrt(N)) + (kind === 'duration' ? 0.5 : 0);
      expect(Math.abs(m - dist.mean)).toBeLessThan(slack);
    }
  });

  it.each([0.5, 0.9, 0.95])('has an empirical p%s matching dist.quantile', (p) => {
    const q = dist.quantile(p);
    const observed = sampleQuantile(sorted, p);
    if (shape === 'continuous') {
      // In probability space: the fraction of draws ≤ q is p, give or take 5 standard errors.
      const fraction = fractionAtMost(sorted, kind === 'duration' ? Math.round(q) : q);
      expect(Math.abs(fraction - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / N));
      // And in value space, within 2%.
      expect(Math.abs(observed - q)).toBeLessThanOrEqual(0.02 * Math.abs(q));
    } else {
      expect(observed).toBe(q);
    }
  });

  if (kind === 'duration') {
    it('samples whole, non-negative milliseconds', () => {
      let bad = 0;
      for (const x of xs) if (!Number.isInteger(x) || x < 0) bad++;
      expect(bad).toBe(0);
    });
  }

  it('has a text form that parses back to the same text', () => {
    expect(parseDistribution(dist.text, kind).text).toBe(dist.text);
  });

  it('samples the same values from a stream of the same name and seed', () => {
    const again = sample(dist, `dist:${String(input)}`, 1000);
    expect(Array.from(again)).toEqual(Array.from(xs.subarray(0, 1000)));
  });
});

describe('known values', () => {
  it('lognormal(median=90s,p95=3m) has its median at 90s and its p95 at 3m', () => {
    const d = parseDistribution('lognormal(median=90s,p95=3m)', 'duration');
    expect(d.quantile(0.5)).toBeCloseTo(90_000, 3);
    expect(d.quantile(0.95)).toBeCloseTo(180_000, 2);
    expect(d.text).toBe('lognormal(median=1m30s,p95=3m)');
  });

  it('lognormal(median=90s,sigma=0.5) has its median at 90s', () => {
    const d = parseDistribution('lognormal(median=90s,sigma=0.5)', 'duration');
    expect(d.quantile(0.5)).toBeCloseTo(90_000, 3);
    expect(d.quantile(0.95)).toBeCloseTo(90_000 * Math.exp(0.5 * Z_95), 2);
  });

  it('exp(2h) has mean 7200000 ms and median 2h·ln 2', () => {
    const d = parseDistribution('exp(2h)', 'duration');
    expect(d.mean).toBe(7_200_000);
    expect(d.quantile(0.5)).toBeCloseTo(7_200_000 * Math.LN2, 3);
  });

  it('uniform(1s,5s) has mean 3s and linear quantiles', () => {
    const d = parseDistribution('uniform(1s,5s)', 'duration');
    expect(d.mean).toBe(3000);
    expect(d.quantile(0)).toBe(1000);
    expect(d.quantile(0.25)).toBe(2000);
    expect(d.quantile(0.9)).toBeCloseTo(4600, 9);
  });

  it('normal(mean=10s,sd=2s) has quantile(0.95) = 10s + 1.645·2s', () => {
    const d = parseDistribution('normal(mean=10s,sd=2s)', 'duration');
    expect(d.quantile(0.5)).toBeCloseTo(10_000, 6);
    expect(d.quantile(0.95)).toBeCloseTo(10_000 + 2000 * Z_95, 3);
  });

  it('weibull with shape 1 is an exponential', () => {
    const w = parseDistribution('weibull(shape=1,scale=2h)', 'duration');
    const e = parseDistribution('exp(2h)', 'duration');
    expect(w.mean).toBeCloseTo(e.mean, 3);
    for (const p of [0.1, 0.5, 0.9, 0.99]) expect(w.quantile(p)).toBeCloseTo(e.quantile(p), 3);
  });

  it('weibull(shape=2,scale=1) has mean √π/2', () => {
    expect(parseDistribution('weibull(shape=2,scale=1)').mean).toBeCloseTo(Math.sqrt(Math.PI) / 2, 10);
  });

  it('empirical quantiles step at the cumulative weights', () => {
    const d = parseDistribution('empirical(1s:3,5s:1)', 'duration');
    expect(d.mean).toBe(2000);
    expect(d.quantile(0.5)).toBe(1000);
    expect(d.quantile(0.74)).toBe(1000);
    expect(d.quantile(0.76)).toBe(5000);
    expect(d.quantile(0.99)).toBe(5000);
  });

  it('constant always samples its value', () => {
    const d = parseDistribution('10s', 'duration');
    const s = new RandomStreams(1).get('c');
    expect(d.sample(s)).toBe(10_000);
    expect(d.quantile(0.01)).toBe(10_000);
    expect(d.quantile(0.99)).toBe(10_000);
    expect(parseDistribution(7).sample(s)).toBe(7);
  });

  it('clamps duration draws at 0 (normal with a mean close to 0)', () => {
    const d = parseDistribution('normal(mean=1s,sd=2s)', 'duration');
    const xs = sample(d, 'clamp', 20_000);
    let zeros = 0;
    let bad = 0;
    for (const x of xs) {
      if (x === 0) zeros++;
      if (x < 0 || !Number.isInteger(x)) bad++;
    }
    expect(bad).toBe(0);
    // P(X < 0) = Φ(-0.5) ≈ 0.31 of the draws become 0.
    expect(zeros / xs.length).toBeGreaterThan(0.28);
    expect(zeros / xs.length).toBeLessThan(0.34);
  });

  it('does not clamp or round plain-number draws', () => {
    const d = parseDistribution('normal(mean=0,sd=1)');
    const xs = sample(d, 'numbers', 1000);
    expect(xs.some((x) => x < 0)).toBe(true);
    expect(xs.some((x) => !Number.isInteger(x))).toBe(true);
  });
});

describe('the factory functions', () => {
  it('build the same distributions as the string forms', () => {
    const pairs: Array<[Distribution, string]> = [
      [constant(10_000, 'duration'), '10s'],
      [uniform(1000, 5000, 'duration'), 'uniform(1s,5s)'],
      [exponential(7_200_000, 'duration'), 'exp(2h)'],
      [normal(10_000, 2000, 'duration'), 'normal(mean=10s,sd=2s)'],
      [lognormal(90_000, 0.5, 'duration'), 'lognormal(median=1m30s,sigma=0.5)'],
      [lognormalFromMedianP95(90_000, 180_000, 'duration'), 'lognormal(median=1m30s,p95=3m)'],
      [weibull(1.5, 7_200_000, 'duration'), 'weibull(shape=1.5,scale=2h)'],
      [
        empirical(
          [
            { value: 5000, weight: 1 },
            { value: 1000, weight: 3 },
          ],
          'duration',
        ),
        'empirical(1s:3,5s:1)',
      ],
    ];
    for (const [dist, text] of pairs) {
      expect(dist.text).toBe(text);
      const parsed = parseDistribution(text, 'duration');
      expect(parsed.mean).toBe(dist.mean);
      expect(parsed.quantile(0.9)).toBe(dist.quantile(0.9));
    }
  });

  it('use a fixed number of uniform draws per sample (two for normal and lognormal, one otherwise)', () => {
    const uses = (dist: Distribution): number => {
      const probe = new RandomStreams(1).get('count');
      const reference = new RandomStreams(1).get('count');
      dist.sample(probe);
      const next = probe.next();
      for (let k = 0; k < 5; k++) if (reference.next() === next) return k;
      return -1;
    };
    expect(uses(uniform(0, 1))).toBe(1);
    expect(uses(exponential(1))).toBe(1);
    expect(uses(weibull(2, 1))).toBe(1);
    expect(uses(empirical([{ value: 1, weight: 1 }, { value: 2, weight: 1 }]))).toBe(1);
    expect(uses(normal(0, 1))).toBe(2);
    expect(uses(lognormal(1, 1))).toBe(2);
    expect(uses(constant(1))).toBe(0);
  });
});

describe('canonical text', () => {
  it.each([
    ['constant(10s)', 'duration', '10s'],
    ['const(90s)', 'duration', '1m30s'],
    ['  uniform( 1s , 5s )  ', 'duration', 'uniform(1s,5s)'],
    ['exponential(120m)', 'duration', 'exp(2h)'],
    ['EXP(2h)', 'duration', 'exp(2h)'],
    ['exp(mean=2h)', 'duration', 'exp(2h)'],
    ['normal(10s, 2s)', 'duration', 'normal(mean=10s,sd=2s)'],
    ['normal(sd=2s, mean=10s)', 'duration', 'normal(mean=10s,sd=2s)'],
    ['lognormal(90s, p95=180s)', 'duration', 'lognormal(median=1m30s,p95=3m)'],
    ['weibull(1.5, 7200s)', 'duration', 'weibull(shape=1.5,scale=2h)'],
    ['empirical(5s,1s,2s)', 'duration', 'empirical(1s,2s,5s)'],
    ['empirical(5s:1,1s:3)', 'duration', 'empirical(1s:3,5s:1)'],
    ['uniform(0.5,1e3)', 'number', 'uniform(0.5,1000)'],
  ] as const)('%s (%s) is written %s', (input, kind, text) => {
    expect(parseDistribution(input, kind).text).toBe(text);
    expect(parseDistribution(text, kind).text).toBe(text);
  });

  it('round-trips random duration distributions', () => {
    const ms = fc.integer({ min: 1, max: 10 * 86_400_000 });
    const spec = fc.oneof(
      ms.map((a) => `constant(${formatDuration(a)})`),
      fc.tuple(ms, ms).map(([a, b]) => `uniform(${formatDuration(Math.min(a, b))},${formatDuration(Math.max(a, b))})`),
      ms.map((a) => `exp(${formatDuration(a)})`),
      fc.tuple(ms, ms).map(([a, b]) => `normal(mean=${formatDuration(a)},sd=${formatDuration(b)})`),
      fc.tuple(ms, ms).map(([a, b]) => `lognormal(median=${formatDuration(Math.min(a, b))},p95=${formatDuration(Math.max(a, b))})`),
      fc.tuple(ms, fc.double({ min: 0.01, max: 5, noNaN: true })).map(([a, s]) => `lognormal(median=${formatDuration(a)},sigma=${s})`),
      fc.tuple(fc.double({ min: 0.1, max: 10, noNaN: true }), ms).map(([k, a]) => `weibull(shape=${k},scale=${formatDuration(a)})`),
      fc.array(fc.tuple(ms, fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 6 }).map(
        (points) => `empirical(${points.map(([v, w]) => `${formatDuration(v)}:${w}`).join(',')})`,
      ),
    );
    fc.assert(
      fc.property(spec, (text) => {
        const d = parseDistribution(text, 'duration');
        const again = parseDistribution(d.text, 'duration');
        expect(again.text).toBe(d.text);
        expect(again.mean).toBe(d.mean);
        expect(again.quantile(0.5)).toBe(d.quantile(0.5));
      }),
      { numRuns: 500 },
    );
  });
});

describe('errors', () => {
  it('rejects a bare number for a duration kind, suggesting a unit', () => {
    expect(() => parseDistribution(5, 'duration')).toThrow(DistributionError);
    expect(() => parseDistribution(5, 'duration')).toThrow(/5s/);
  });

  it('rejects a unitless string for a duration kind', () => {
    expect(() => parseDistribution('5', 'duration')).toThrow(DistributionError);
    expect(() => parseDistribution('exp(5)', 'duration')).toThrow(DistributionError);
  });

  it('rejects a duration where a plain number is expected', () => {
    expect(() => parseDistribution('exp(2h)', 'number')).toThrow(/"2h" is not a number/);
  });

  it.each<[string, ValueKind, RegExp]>([
    ['gamma(1s)', 'duration', /unknown distribution "gamma".*expected .*exp\(2h\)/],
    ['poisson(3)', 'number', /unknown distribution "poisson"/],
    ['exp()', 'duration', /exp needs mean/],
    ['uniform(1s)', 'duration', /uniform needs max/],
    ['normal(mean=10s)', 'duration', /normal needs sd/],
    ['lognormal(median=90s)', 'duration', /lognormal needs p95/],
    ['exp(2x)', 'duration', /invalid duration "2x"/],
    ['uniform(1s,5parsecs)', 'duration', /invalid duration "5parsecs"/],
    ['exp(0.5ms)', 'duration', /1ms resolution/],
    ['normal(mean=10s,2s)', 'duration', /positional argument after a named one/],
    ['normal(mean=10s,mean=2s,sd=1s)', 'duration', /mean given twice/],
    ['lognormal(median=3m,p95=90s)', 'duration', /p95 must be at least the median/],
    ['exp(rate=2)', 'number', /exp takes mean, not rate/],
    ['uniform(1s,,5s)', 'duration', /empty argument/],
    ['exp(-1s)', 'duration', /mean must be positive/],
    ['exp(0s)', 'duration', /mean must be positive/],
    ['uniform(5s,1s)', 'duration', /max must be at least min/],
    ['normal(mean=1s,sd=-1s)', 'duration', /sd must not be negative/],
    ['lognormal(median=0s,sigma=1)', 'duration', /median must be positive/],
    ['lognormal(median=1s,sigma=-1)', 'duration', /sigma must not be negative/],
    ['weibull(shape=0,scale=1h)', 'duration', /shape and scale must be positive/],
    ['empirical()', 'duration', /needs at least one value/],
    ['empirical(1s:0)', 'duration', /weights must be positive/],
    ['empirical(1s:x)', 'duration', /"x" is not a number/],
    ['empirical(value=1s)', 'duration', /empirical takes values/],
    ['exp(abc)', 'number', /"abc" is not a number/],
    ['', 'duration', /invalid duration ""/],
    ['exp 2h', 'duration', /invalid/],
  ])('%s (%s) throws DistributionError matching %s', (input, kind, message) => {
    let caught: unknown;
    try {
      parseDistribution(input, kind);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(DistributionError);
    const text = (caught as Error).message;
    expect(text).toMatch(message);
    // Every message quotes the offending input.
    expect(text).toContain(`"${input.trim()}"`);
  });

  // Regression test for a fixed bug (src/kernel/distribution.ts, parseDistribution): surplus positional arguments are silently
  // dropped: uniform(1s,2s,5s) parses as uniform(1s,2s) (text "uniform(1s,2s)") and exp(2h,3h) as
  // exp(2h). A scenario author who meant empirical(1s,2s,5s) silently gets a different model.
  for (const input of ['uniform(1s,2s,5s)', 'exp(2h,3h)', 'normal(10s,2s,1s)']) {
    it(`rejects surplus positional arguments: ${input}`, () => {
      expect(() => parseDistribution(input, 'duration')).toThrow(DistributionError);
    });
  }

  // Regression test for a fixed bug (src/kernel/distribution.ts, lognormal): when both sigma and p95 are given, sigma wins and
  // p95 is silently ignored ("lognormal(median=90s,p95=3m,sigma=0.5)" → text
  // "lognormal(median=1m30s,sigma=0.5)"); the two are alternatives and should not be combined.
  it('rejects lognormal with both p95 and sigma', () => {
    expect(() => parseDistribution('lognormal(median=90s,p95=3m,sigma=0.5)', 'duration')).toThrow(DistributionError);
  });

  // Regression test for a fixed unhelpful message (src/kernel/distribution.ts, the `number` helper): a missing numeric
  // parameter (weibull's shape, lognormal's sigma is always present when used) reports
  // `"" is not a number` instead of "weibull needs shape" as the duration parameters do.
  it('names the missing parameter when weibull has no shape', () => {
    expect(() => parseDistribution('weibull(scale=2h)', 'duration')).toThrow(/needs shape/);
  });
});

describe('special functions', () => {
  it('normalQuantile matches known values and is antisymmetric', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 12);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(Z_95, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
    expect(normalQuantile(1e-6)).toBeCloseTo(-4.753424308822899, 6);
    for (const p of [0.001, 0.02, 0.1, 0.3, 0.45]) {
      expect(normalQuantile(p)).toBeCloseTo(-normalQuantile(1 - p), 7);
    }
  });

  it('normalQuantile is strictly increasing, across the region boundaries too', () => {
    const ps = [1e-9, 0.001, 0.0242, 0.02425, 0.0243, 0.2, 0.5, 0.8, 0.9757, 0.97575, 0.9758, 0.999];
    const zs = ps.map(normalQuantile);
    for (let i = 1; i < zs.length; i++) expect(zs[i] as number).toBeGreaterThan(zs[i - 1] as number);
  });

  it('normalQuantile rejects p outside (0, 1)', () => {
    for (const p of [0, 1, -0.1, 1.1, Number.NaN]) expect(() => normalQuantile(p)).toThrow(RangeError);
  });

  it('gamma matches factorials and Γ(1/2) = √π', () => {
    expect(gamma(1)).toBeCloseTo(1, 12);
    expect(gamma(5)).toBeCloseTo(24, 9);
    expect(gamma(10)).toBeCloseTo(362_880, 5);
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    expect(gamma(1.5)).toBeCloseTo(Math.sqrt(Math.PI) / 2, 12);
    expect(gamma(0.25)).toBeCloseTo(3.625609908221908, 10);
  });
});
