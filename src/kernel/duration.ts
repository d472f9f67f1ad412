// Durations in virtual time: integer milliseconds, written the way Go's time.ParseDuration and
// Kubernetes' metav1.Duration write them ("250ms", "10s", "1h30m"), plus "d" for 24-hour days.
// podsim's clock resolves milliseconds, so a duration that is not a whole number of milliseconds
// is rejected rather than silently rounded.

export type Millis = number;

export const MILLISECOND: Millis = 1;
export const SECOND: Millis = 1000;
export const MINUTE: Millis = 60 * SECOND;
export const HOUR: Millis = 60 * MINUTE;
export const DAY: Millis = 24 * HOUR;

// Unit sizes in nanoseconds, so that "1.5us"-style inputs are computed exactly before the
// whole-millisecond check. BigInt keeps "9007199254.740993s"-style inputs exact too.
const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 micro sign
  μs: 1_000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
};

export class DurationError extends Error {
  override name = 'DurationError';
}

const COMPONENT = /^(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h|d)/;

/** Parses a Go-style duration ("1h30m", "250ms", "-1.5h", "2d", "0") into milliseconds. */
export function parseDuration(text: string): Millis {
  const input = text;
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest[0] === '-') sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw new DurationError(`invalid duration "${input}": empty`);
  let nanos = 0n;
  while (rest !== '') {
    const match = COMPONENT.exec(rest);
    if (!match) {
      throw new DurationError(
        `invalid duration "${input}": expected a number followed by a unit (ms, s, m, h, d), as in 250ms, 10s or 1h30m`,
      );
    }
    const whole = match[1] ?? '';
    const fraction = match[2] ?? '';
    if (whole === '' && fraction === '') {
      throw new DurationError(`invalid duration "${input}": a unit must follow a number`);
    }
    const unit = UNIT_NANOS[match[3] as string] as bigint;
    const scale = 10n ** BigInt(fraction.length);
    const numerator = BigInt(whole === '' ? '0' : whole) * scale + BigInt(fraction === '' ? '0' : fraction);
    const componentNanos = numerator * unit;
    if (componentNanos % scale !== 0n) {
      throw new DurationError(`invalid duration "${input}": finer than podsim's 1ms resolution`);
    }
    nanos += componentNanos / scale;
    rest = rest.slice(match[0].length);
  }
  if (nanos % 1_000_000n !== 0n) {
    throw new DurationError(`invalid duration "${input}": finer than podsim's 1ms resolution`);
  }
  const millis = sign * (nanos / 1_000_000n);
  if (millis > BigInt(Number.MAX_SAFE_INTEGER) || millis < -BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new DurationError(`invalid duration "${input}": too large`);
  }
  return Number(millis);
}

/**
 * Prints milliseconds in the compact Go/Kubernetes style, dropping zero components:
 * 5400000 → "1h30m", 250 → "250ms", 90500 → "1m30.5s", 2 days → "2d", 0 → "0s".
 * parseDuration(formatDuration(x)) === x for every integer x.
 */
export function formatDuration(ms: Millis): string {
  if (!Number.isInteger(ms)) throw new DurationError(`not a whole number of milliseconds: ${ms}`);
  if (ms === 0) return '0s';
  if (ms < 0) return `-${formatDuration(-ms)}`;
  if (ms < SECOND) return `${ms}ms`;
  let rest = ms;
  let out = '';
  const days = Math.floor(rest / DAY);
  rest -= days * DAY;
  const hours = Math.floor(rest / HOUR);
  rest -= hours * HOUR;
  const minutes = Math.floor(rest / MINUTE);
  rest -= minutes * MINUTE;
  if (days) out += `${days}d`;
  if (hours) out += `${hours}h`;
  if (minutes) out += `${minutes}m`;
  if (rest) {
    const seconds = Math.floor(rest / SECOND);
    const millis = rest - seconds * SECOND;
    out += millis ? `${seconds}.${String(millis).padStart(3, '0').replace(/0+$/, '')}s` : `${seconds}s`;
  }
  return out;
}

/** Seconds (a float, as summary.json reports times) from milliseconds. */
export function toSeconds(ms: Millis): number {
  return ms / SECOND;
}
