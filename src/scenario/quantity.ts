// Kubernetes resource quantities ("250m", "0.5", "512Mi", "1e3", "1G"), parsed the way
// k8s.io/apimachinery/pkg/api/resource ParseQuantity reads them, into an exact rational, and
// converted the way Quantity.MilliValue() (CPU → millicores) and Quantity.Value()
// (memory → bytes) convert them: rounding up to the next whole unit.
//
// Grammar (parseQuantityString): an optional sign, digits, an optional "." and digits (".5" and
// "5." are both numbers), then a suffix: nothing; a binary SI suffix Ki Mi Gi Ti Pi Ei; a
// decimal SI suffix n u m k M G T P E; or a decimal exponent e<int> / E<int> ("1e3", "1E-3").
// Suffixes are case-sensitive: "K", "mi" and "KI" are errors. No whitespace anywhere. As
// upstream, a missing number reads as zero: ".", "Ki" and "+" are all valid zeros.

export class QuantityError extends Error {
  override name = 'QuantityError';
  /** What is wrong, without the input: "unknown suffix "gi"; ...". */
  readonly reason: string;
  constructor(input: string, reason: string) {
    super(`invalid quantity "${input}": ${reason}`);
    this.reason = reason;
  }
}

interface Exact {
  negative: boolean;
  numerator: bigint;
  denominator: bigint;
}

const BINARY_EXPONENTS: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_EXPONENTS: Readonly<Record<string, number>> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const EXPONENT = /^[eE][-+]?\d+$/;
// The number, then whatever follows it (the suffix, checked against the tables).
const SHAPE = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/s;

export const QUANTITY_FORMS = 'a Kubernetes quantity such as 250m, 0.5, 2, 1e3, 512Mi, 4Gi, 1G or 100k';
const SUFFIXES = 'Ki Mi Gi Ti Pi Ei (powers of 1024), n u m k M G T P E (powers of 1000) or an exponent such as e3';

/** Parses a quantity into an exact signed rational. */
export function parseQuantity(input: string | number): Exact {
  const text = typeof input === 'number' ? numberToQuantityText(input) : input;
  if (text.trim() === '') throw new QuantityError(text, 'it is empty');
  if (/\s/.test(text)) {
    const joined = text.replace(/\s+/g, '');
    const guess = isQuantity(joined) ? { quantity: joined, note: '' } : suggestion(joined);
    throw new QuantityError(text, `a quantity has no spaces${guess ? `; ${didYouMean(guess)}` : ''}`);
  }
  const [, sign = '', whole = '', fraction = '', suffix = ''] = SHAPE.exec(text) ?? [];
  let numerator = BigInt(whole === '' ? '0' : whole) * 10n ** BigInt(fraction.length) + BigInt(fraction === '' ? '0' : fraction);
  let denominator = 10n ** BigInt(fraction.length);
  const scale = (base: bigint, exponent: number): void => {
    if (exponent >= 0) numerator *= base ** BigInt(exponent);
    else denominator *= base ** BigInt(-exponent);
  };
  if (suffix in BINARY_EXPONENTS) {
    scale(2n, BINARY_EXPONENTS[suffix] as number);
  } else if (suffix in DECIMAL_EXPONENTS) {
    scale(10n, DECIMAL_EXPONENTS[suffix] as number);
  } else if (EXPONENT.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    if (Math.abs(exponent) > 1000) throw new QuantityError(text, 'the exponent is out of range');
    scale(10n, exponent);
  } else if (whole === '' && fraction === '') {
    throw new QuantityError(text, 'it does not start with a number');
  } else if (suffix.startsWith('.')) {
    throw new QuantityError(text, 'a number has at most one "."');
  } else {
    const guess = suggestion(text);
    throw new QuantityError(
      text,
      `unknown suffix "${suffix}"; ${guess ? didYouMean(guess) : `expected one of ${SUFFIXES}`}`,
    );
  }
  return { negative: sign === '-' && numerator !== 0n, numerator, denominator };
}

function didYouMean(guess: { quantity: string; note: string; also?: string }): string {
  return `${guess.note}did you mean "${guess.quantity}"?${guess.also ?? ''}`;
}

function isQuantity(text: string): boolean {
  try {
    parseQuantity(text);
    return true;
  } catch {
    return false;
  }
}

/** What a person probably meant by a quantity with a wrong suffix: "16gi" → "16Gi", "2cores" → "2". */
function suggestion(text: string): { quantity: string; note: string; also?: string } | undefined {
  if (text.includes(',') && isQuantity(text.replace(',', '.'))) {
    return { quantity: text.replace(',', '.'), note: 'decimals are written with ".": ' };
  }
  const [, sign = '', whole = '', fraction = '', suffix = ''] = SHAPE.exec(text) ?? [];
  if (whole === '' && fraction === '') return undefined;
  const number = `${sign}${whole}${fraction === '' ? '' : `.${fraction}`}`;
  if (/^(cores?|v?cpus?)$/i.test(suffix)) return { quantity: number, note: 'CPU is counted in cores (2 is two cores, 500m half a core): ' };
  const known = [...Object.keys(BINARY_EXPONENTS), ...Object.keys(DECIMAL_EXPONENTS)].filter((s) => s !== '');
  const sameLetters = known.filter((s) => s.toLowerCase() === suffix.toLowerCase());
  if (sameLetters.length === 1 && suffix !== 'e') return { quantity: `${number}${sameLetters[0] as string}`, note: 'suffixes are case-sensitive: ' };
  // "16GB", "512MiB": memory is counted in bytes, and a binary suffix is what sizes usually mean.
  const bytes = /^([kKmMgGtTpPeE])i?[bB]$/.exec(suffix);
  if (bytes) {
    const letter = (bytes[1] as string).toUpperCase();
    const decimal = `${number}${letter === 'K' ? 'k' : letter}`;
    return { quantity: `${number}${letter}i`, note: 'a quantity has no "B" for bytes: ', also: /i/.test(suffix) ? '' : ` (or "${decimal}", in powers of 1000)` };
  }
  return undefined;
}

/** Quantity.MilliValue(): the value in milli-units, rounded up (CPU "250m" → 250, "0.1m" → 1). */
export function milliValue(input: string | number): number {
  const q = parseQuantity(input);
  return toSafeNumber(roundUp(q.numerator * 1000n, q.denominator), q.negative, input);
}

/** Quantity.Value(): the value in whole units, rounded up (memory "1.5" → 2, "1Ki" → 1024). */
export function value(input: string | number): number {
  const q = parseQuantity(input);
  return toSafeNumber(roundUp(q.numerator, q.denominator), q.negative, input);
}

/** Millicores of a CPU quantity. */
export const cpuMillis = milliValue;
/** Bytes of a memory quantity. */
export const memoryBytes = value;

/** Rounds |x| up (away from zero, like Quantity's RoundUp). */
function roundUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}

function toSafeNumber(magnitude: bigint, negative: boolean, input: string | number): number {
  if (magnitude > BigInt(Number.MAX_SAFE_INTEGER)) throw new QuantityError(String(input), 'it is too large for podsim (above 2^53)');
  return negative ? -Number(magnitude) : Number(magnitude);
}

// YAML numbers arrive as JavaScript numbers; print them without losing digits.
function numberToQuantityText(n: number): string {
  if (!Number.isFinite(n)) throw new QuantityError(String(n), 'it is not a finite number');
  return String(n);
}

/** Formats millicores for people: 250 → "250m", 2000 → "2". */
export function formatMillicores(millicores: number): string {
  return millicores % 1000 === 0 ? String(millicores / 1000) : `${millicores}m`;
}

/** Formats bytes for people, in the largest binary unit that divides them: 536870912 → "512Mi". */
export function formatBytes(bytes: number): string {
  for (const [suffix, exponent] of Object.entries(BINARY_EXPONENTS).reverse()) {
    const unit = 2 ** exponent;
    if (bytes >= unit && bytes % unit === 0) return `${bytes / unit}${suffix}`;
  }
  return String(bytes);
}
