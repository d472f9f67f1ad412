// Schema building blocks for values with a unit: durations, distributions, Kubernetes
// quantities, percentages. Each accepts what a person writes in YAML and turns it into a number
// in podsim's units (milliseconds, millicores, bytes, fractions), or reports what was expected.

import { z } from 'zod';
import {
  DISTRIBUTION_FORMS,
  parseDistribution,
  parseDuration,
  type Distribution,
  type ValueKind,
} from '../kernel/index.js';
import { cpuMillis, memoryBytes, parseQuantity, QUANTITY_FORMS, QuantityError } from './quantity.js';
import { closest } from './spelling.js';

const scalar = z.union([z.string(), z.number()]);

function found(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : JSON.stringify(value);
}

/** A Go-style duration ("10s", "1h30m", "2d") → milliseconds. */
export const duration = () =>
  scalar
    .transform((value, ctx) => {
      if (typeof value === 'number') {
        if (value === 0) return 0;
        ctx.addIssue({ code: 'custom', message: `expected a duration with a unit such as ${value}s, 10s, 5m or 1h30m, found the number ${value}` });
        return z.NEVER;
      }
      try {
        const ms = parseDuration(value);
        if (ms < 0) throw new Error('it is negative');
        return ms;
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `expected a duration such as 250ms, 10s or 1h30m, found ${found(value)} (${reason(error)})` });
        return z.NEVER;
      }
    })
    .meta({ description: 'A duration: 250ms, 10s, 5m, 1h30m, 2d', examples: ['10s', '1h30m'] });

/** A whole number of seconds, as Kubernetes writes *Seconds fields. */
export const seconds = () => z.number().int().min(0).transform((s) => s * 1000);

/** A distribution string ("exp(2h)", "lognormal(median=90s,p95=3m)", or a plain value). */
export const distribution = (kind: ValueKind = 'duration') =>
  scalar
    .transform((value, ctx): Distribution => {
      let parsed: Distribution;
      try {
        parsed = parseDistribution(value, kind);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: distributionProblem(value, error) });
        return z.NEVER;
      }
      const negative = kind === 'duration' && typeof value === 'string' ? negativeDuration(value) : undefined;
      if (negative) {
        ctx.addIssue({ code: 'custom', message: `expected durations of 0 or more, found ${found(value)} (${negative})` });
        return z.NEVER;
      }
      return parsed;
    })
    .meta({
      description: `A ${kind === 'duration' ? 'duration' : 'number'} or a distribution: ${DISTRIBUTION_FORMS}`,
      examples: ['30s', 'exp(2h)', 'lognormal(median=90s,p95=3m)'],
    });

const DISTRIBUTION_NAMES = ['constant', 'uniform', 'exp', 'exponential', 'normal', 'lognormal', 'weibull', 'empirical'];

/** "expected <forms>, found "gamma(1s)" (unknown distribution "gamma")": the forms once, the input once. */
function distributionProblem(value: string | number, error: unknown): string {
  const text = String(value).trim();
  let why = (error instanceof Error ? error.message : String(error))
    .replace(`invalid distribution "${text}": `, '')
    .replace(` in "${text}"`, '')
    .replace(`; expected ${DISTRIBUTION_FORMS}`, '');
  // The kernel's message for a bare number is already "expected ..., found the number 5".
  if (why.startsWith('expected ')) return why;
  const unknown = /^unknown distribution "([^"]*)"/.exec(why);
  const guess = unknown ? closest(unknown[1] as string, DISTRIBUTION_NAMES) : undefined;
  if (guess) why += `; did you mean "${guess}"?`;
  // In a YAML flow mapping ({ a: f(x,y) }) an unquoted comma ends the value early.
  if (/\([^)]*$/.test(text)) why += '; inside { ... } a comma ends the value: quote it, as in "lognormal(median=5s,p95=20s)"';
  return `expected ${DISTRIBUTION_FORMS}, found ${found(value)} (${why})`;
}

/**
 * Durations in a distribution may not be negative ("-5s", "uniform(-1s,5s)", "normal(mean=-2s,
 * sd=1s)"): say which one is. Plain-number arguments (sigma, shape, weights) never read as
 * durations, and the kernel checks those itself.
 */
function negativeDuration(input: string): string | undefined {
  const text = input.trim();
  const call = /^[a-z]+\s*\((.*)\)$/is.exec(text);
  const isNegative = (raw: string): boolean => {
    try {
      return parseDuration(raw.trim()) < 0;
    } catch {
      return false;
    }
  };
  if (!call) return isNegative(text) ? 'it is negative' : undefined;
  for (const part of (call[1] as string).split(',')) {
    const eq = part.indexOf('=');
    const name = eq < 0 ? undefined : part.slice(0, eq).trim();
    const raw = (eq < 0 ? part : part.slice(eq + 1)).split(':')[0] ?? '';
    if (isNegative(raw)) return `${name ? `${name} ` : ''}${raw.trim()} is negative`;
  }
  return undefined;
}

function quantity(convert: (q: string | number) => number, what: string) {
  return scalar
    .transform((value, ctx) => {
      try {
        if (parseQuantity(value).negative) throw new Error('it is negative');
        return convert(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `expected ${QUANTITY_FORMS} for ${what}, found ${found(value)} (${reason(error)})` });
        return z.NEVER;
      }
    })
    .meta({ description: `${what} as a Kubernetes quantity`, examples: what === 'CPU' ? ['250m', '2'] : ['512Mi', '4Gi'] });
}

/** A CPU quantity → millicores (Quantity.MilliValue, rounding up). */
export const cpu = () => quantity(cpuMillis, 'CPU');
/** A memory quantity → bytes (Quantity.Value, rounding up). */
export const memory = () => quantity(memoryBytes, 'memory');

/** A count written as a quantity (pods: 110). */
export const count = () => z.number().int().min(0);

/** "99.95%" or 0.9995 → a fraction in [0, 1]. */
export const fraction = () =>
  scalar
    .transform((value, ctx) => {
      const text = String(value).trim();
      const n = text.endsWith('%') ? Number(text.slice(0, -1)) / 100 : Number(text);
      if (text === '' || !Number.isFinite(n) || n < 0 || n > 1) {
        ctx.addIssue({ code: 'custom', message: `expected a percentage such as 99.95% or a fraction such as 0.9995, found ${found(value)}` });
        return z.NEVER;
      }
      return n;
    })
    .meta({ description: 'A percentage (99.95%) or a fraction (0.9995)' });

/** An integer or a percentage string ("25%"), as maxSurge / maxUnavailable / minAvailable take. */
export const intOrPercent = () =>
  z.union([
    z.number().int().min(0),
    z.string().regex(/^\d+%$/, { message: 'expected an integer or a percentage such as 25%' }),
  ]);

function reason(error: unknown): string {
  if (error instanceof QuantityError) return error.reason;
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^invalid (duration|distribution) "[^"]*": /, '');
}
