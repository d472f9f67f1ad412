// Probability distributions with one string form each, as scenario files write them:
//   10s | constant(10s)             uniform(1s, 5s)                 exp(2h)  (mean 2h)
//   normal(mean=10s, sd=2s)         lognormal(median=90s, p95=3m)   lognormal(median=90s, sigma=0.5)
//   weibull(shape=1.5, scale=2h)    empirical(1s, 2s, 5s)           empirical(1s:3, 5s:1)  (weights)
// Values are durations (sampled as whole milliseconds, never negative) or plain numbers.
// Each distribution knows its mean and quantiles, so tests compare draws against theory. For
// durations, negative draws (possible with a normal) are clamped to 0; `mean` and `quantile` are
// those of the unclamped distribution, so keep sd well below the mean.

import { formatDuration, parseDuration } from './duration.js';
import type { RandomStream } from './random.js';
import { gamma, normalQuantile, Z_95 } from './special-functions.js';

export type ValueKind = 'duration' | 'number';

export class DistributionError extends Error {
  override name = 'DistributionError';
}

export interface Distribution {
  /** Canonical string form, parseable again. */
  readonly text: string;
  readonly mean: number;
  quantile(p: number): number;
  /** One draw; durations are rounded to whole milliseconds and clamped at 0. */
  sample(stream: RandomStream): number;
}

export const DISTRIBUTION_FORMS =
  'a value such as 10s, or constant(10s), uniform(1s,5s), exp(2h), normal(mean=10s,sd=2s), ' +
  'lognormal(median=90s,p95=3m), lognormal(median=90s,sigma=0.5), weibull(shape=1.5,scale=2h), ' +
  'empirical(1s,2s,5s) or empirical(1s:3,5s:1)';

type Draw = (stream: RandomStream) => number;

function make(kind: ValueKind, text: string, mean: number, quantile: (p: number) => number, draw: Draw): Distribution {
  const sample: Draw = kind === 'duration' ? (stream) => Math.max(0, Math.round(draw(stream))) : draw;
  return { text, mean, quantile, sample };
}

export function constant(value: number, kind: ValueKind = 'number'): Distribution {
  return make(kind, show(value, kind), value, () => value, () => value);
}

export function uniform(min: number, max: number, kind: ValueKind = 'number'): Distribution {
  if (!(max >= min)) throw new DistributionError(`uniform: max must be at least min`);
  const span = max - min;
  return make(kind, `uniform(${show(min, kind)},${show(max, kind)})`, (min + max) / 2, (p) => min + p * span, (s) => min + s.next() * span);
}

export function exponential(mean: number, kind: ValueKind = 'number'): Distribution {
  if (!(mean > 0)) throw new DistributionError(`exp: the mean must be positive`);
  return make(kind, `exp(${show(mean, kind)})`, mean, (p) => -mean * Math.log(1 - p), (s) => -mean * Math.log(1 - s.next()));
}

export function normal(mean: number, sd: number, kind: ValueKind = 'number'): Distribution {
  if (!(sd >= 0)) throw new DistributionError(`normal: sd must not be negative`);
  return make(
    kind,
    `normal(mean=${show(mean, kind)},sd=${show(sd, kind)})`,
    mean,
    (p) => mean + sd * normalQuantile(p),
    (s) => mean + sd * standardNormal(s),
  );
}

/** Lognormal with the given median (e^mu) and shape sigma. */
export function lognormal(median: number, sigma: number, kind: ValueKind = 'number', text?: string): Distribution {
  if (!(median > 0)) throw new DistributionError(`lognormal: the median must be positive`);
  if (!(sigma >= 0)) throw new DistributionError(`lognormal: sigma must not be negative`);
  const mu = Math.log(median);
  return make(
    kind,
    text ?? `lognormal(median=${show(median, kind)},sigma=${sigma})`,
    Math.exp(mu + (sigma * sigma) / 2),
    (p) => Math.exp(mu + sigma * normalQuantile(p)),
    (s) => Math.exp(mu + sigma * standardNormal(s)),
  );
}

/** Lognormal fitted so that half the draws fall below `median` and 95% below `p95`. */
export function lognormalFromMedianP95(median: number, p95: number, kind: ValueKind = 'number'): Distribution {
  if (!(p95 >= median)) throw new DistributionError(`lognormal: p95 must be at least the median`);
  return lognormal(median, Math.log(p95 / median) / Z_95, kind, `lognormal(median=${show(median, kind)},p95=${show(p95, kind)})`);
}

export function weibull(shape: number, scale: number, kind: ValueKind = 'number'): Distribution {
  if (!(shape > 0) || !(scale > 0)) throw new DistributionError(`weibull: shape and scale must be positive`);
  return make(
    kind,
    `weibull(shape=${shape},scale=${show(scale, kind)})`,
    scale * gamma(1 + 1 / shape),
    (p) => scale * (-Math.log(1 - p)) ** (1 / shape),
    (s) => scale * (-Math.log(1 - s.next())) ** (1 / shape),
  );
}

/** Draws one of the values with probability proportional to its weight (default 1). */
export function empirical(points: ReadonlyArray<{ value: number; weight: number }>, kind: ValueKind = 'number'): Distribution {
  if (points.length === 0) throw new DistributionError(`empirical: needs at least one value`);
  if (points.some((p) => !(p.weight > 0))) throw new DistributionError(`empirical: weights must be positive`);
  const sorted = [...points].sort((a, b) => a.value - b.value);
  const total = sorted.reduce((sum, p) => sum + p.weight, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const p of sorted) cumulative.push((running += p.weight) / total);
  const valueAt = (u: number): number => {
    for (let i = 0; i < cumulative.length; i++) if (u < (cumulative[i] as number)) return (sorted[i] as { value: number }).value;
    return (sorted[sorted.length - 1] as { value: number }).value;
  };
  const weighted = points.some((p) => p.weight !== 1);
  const text = `empirical(${sorted.map((p) => show(p.value, kind) + (weighted ? `:${p.weight}` : '')).join(',')})`;
  return make(kind, text, sorted.reduce((sum, p) => sum + p.value * p.weight, 0) / total, valueAt, (s) => valueAt(s.next()));
}

// Box–Muller with both uniforms drawn per sample, so each draw uses a fixed count of numbers.
function standardNormal(stream: RandomStream): number {
  const u1 = 1 - stream.next(); // in (0, 1], keeps log finite
  const u2 = stream.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function show(value: number, kind: ValueKind): string {
  return kind === 'duration' && Number.isInteger(value) ? formatDuration(value) : String(value);
}

// ---- parsing -------------------------------------------------------------------------------

const CALL = /^([a-z]+)\s*\((.*)\)$/is;

/** Parses a distribution's string form (or a bare value, meaning a constant). */
export function parseDistribution(input: string | number, kind: ValueKind = 'number'): Distribution {
  if (typeof input === 'number') {
    if (kind === 'duration') {
      throw new DistributionError(
        `expected a duration with a unit (such as ${input}s) or a distribution such as exp(2h), found the number ${input}`,
      );
    }
    return constant(input, kind);
  }
  const text = input.trim();
  const call = CALL.exec(text);
  if (!call) return constant(parseValue(text, kind, text), kind);
  const name = (call[1] as string).toLowerCase();
  const args = parseArguments(call[2] as string, text);
  const value = (key: string, position: number, required = true): number => {
    const raw = args.named.get(key) ?? args.positional[position];
    if (raw === undefined) {
      if (required) throw new DistributionError(`invalid distribution "${text}": ${name} needs ${key}`);
      return Number.NaN;
    }
    return parseValue(raw, kind, text);
  };
  const number = (key: string, position: number): number => {
    const raw = args.named.get(key) ?? args.positional[position];
    if (raw === undefined) throw new DistributionError(`invalid distribution "${text}": ${name} needs ${key}`);
    return parseValue(raw, 'number', text);
  };
  // Checks the argument names, and that there are no more arguments than the form takes.
  const allow = (...keys: string[]): void => {
    for (const key of args.named.keys()) {
      if (!keys.includes(key)) {
        throw new DistributionError(`invalid distribution "${text}": ${name} takes ${keys.join(', ')}, not ${key}`);
      }
    }
    if (args.positional.length + args.named.size > keys.length || (name === 'lognormal' && args.positional.length + args.named.size > 2)) {
      throw new DistributionError(`invalid distribution "${text}": too many arguments; ${name} takes ${keys.join(', ')}`);
    }
  };
  try {
    switch (name) {
      case 'const':
      case 'constant':
        allow('value');
        return constant(value('value', 0), kind);
      case 'uniform':
        allow('min', 'max');
        return uniform(value('min', 0), value('max', 1), kind);
      case 'exp':
      case 'exponential':
        allow('mean');
        return exponential(value('mean', 0), kind);
      case 'normal':
        allow('mean', 'sd');
        return normal(value('mean', 0), value('sd', 1), kind);
      case 'lognormal': {
        allow('median', 'p95', 'sigma');
        if (args.named.has('sigma') && args.named.has('p95')) {
          throw new DistributionError(`invalid distribution "${text}": give lognormal either p95 or sigma, not both`);
        }
        if (args.named.has('sigma')) return lognormal(value('median', 0), number('sigma', 1), kind);
        return lognormalFromMedianP95(value('median', 0), value('p95', 1), kind);
      }
      case 'weibull':
        allow('shape', 'scale');
        return weibull(number('shape', 0), value('scale', 1), kind);
      case 'empirical': {
        if (args.named.size > 0) throw new DistributionError(`invalid distribution "${text}": empirical takes values, optionally value:weight`);
        return empirical(
          args.positional.map((item) => {
            const [raw, weight] = item.split(':');
            return { value: parseValue(raw ?? '', kind, text), weight: weight === undefined ? 1 : parseValue(weight, 'number', text) };
          }),
          kind,
        );
      }
      default:
        throw new DistributionError(`unknown distribution "${name}" in "${text}"; expected ${DISTRIBUTION_FORMS}`);
    }
  } catch (error) {
    if (error instanceof DistributionError && !error.message.includes(text)) {
      throw new DistributionError(`invalid distribution "${text}": ${error.message}`);
    }
    throw error;
  }
}

function parseArguments(body: string, text: string): { positional: string[]; named: Map<string, string> } {
  const positional: string[] = [];
  const named = new Map<string, string>();
  const parts = body.split(',').map((part) => part.trim());
  if (parts.length === 1 && parts[0] === '') return { positional, named };
  for (const part of parts) {
    if (part === '') throw new DistributionError(`invalid distribution "${text}": empty argument`);
    const eq = part.indexOf('=');
    if (eq < 0) {
      if (named.size > 0) throw new DistributionError(`invalid distribution "${text}": positional argument after a named one`);
      positional.push(part);
    } else {
      const key = part.slice(0, eq).trim().toLowerCase();
      if (named.has(key)) throw new DistributionError(`invalid distribution "${text}": ${key} given twice`);
      named.set(key, part.slice(eq + 1).trim());
    }
  }
  return { positional, named };
}

function parseValue(raw: string, kind: ValueKind, text: string): number {
  if (kind === 'duration') {
    try {
      return parseDuration(raw.trim());
    } catch (error) {
      throw new DistributionError(
        `invalid distribution "${text}": ${(error as Error).message}; expected ${DISTRIBUTION_FORMS}`,
      );
    }
  }
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isFinite(value)) {
    throw new DistributionError(`invalid distribution "${text}": "${raw}" is not a number; expected ${DISTRIBUTION_FORMS}`);
  }
  return value;
}
