// Bad input becomes one paragraph: `file:line:column: field.path: what was expected, what was
// found`, with "did you mean" for misspelt keys. InputError is what the CLI turns into exit code 2.

import type { z } from 'zod';
import { closest } from './spelling.js';
import type { Path, Position, SourceDocument } from './yaml-source.js';

export class InputError extends Error {
  override name = 'InputError';
  constructor(
    readonly file: string,
    readonly position: Position | undefined,
    readonly fieldPath: string,
    readonly detail: string,
  ) {
    const where = position ? `${file}:${position.line}:${position.column}` : file;
    super(`${where}: ${fieldPath ? `${fieldPath}: ` : ''}${detail}`);
  }
}

/** `spec.nodePools[0].capacity.cpu` */
export function formatPath(path: Path): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string "${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`;
  if (typeof value === 'number' || typeof value === 'boolean') return `the ${typeof value} ${value}`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  return 'a map';
}

type Issue = z.core.$ZodIssue;

/** Converts the first issue (in source order) of a failed parse into an InputError. */
export function issuesToError(
  issues: readonly Issue[],
  source: SourceDocument,
  schema: z.ZodType,
  data: unknown,
  prefix: Path = [],
): InputError {
  const all = issues.flatMap((issue) => flatten(issue)).map((issue) => misspeltDiscriminator(issue, data));
  const located = all
    .filter((issue) => !causedByUnknownKey(issue, all, schema, data))
    .map((issue) => {
      const key = issue.code === 'unrecognized_keys';
      const path = key ? [...issue.path, issue.keys[0] as string] : issue.path;
      const position = source.locate([...prefix, ...(path as Path)], { key });
      return { issue, path: path as Path, position };
    });
  located.sort((a, b) => a.position.line - b.position.line || a.position.column - b.position.column);
  const first = located[0];
  if (!first) return new InputError(source.file, undefined, '', 'invalid input');
  const more = located.length > 1 ? ` (${located.length - 1} more problem${located.length > 2 ? 's' : ''} after this one)` : '';
  return new InputError(
    source.file,
    first.position,
    formatPath([...prefix, ...first.path]),
    describeIssue(first.issue, schema, data) + more,
  );
}

/**
 * A missing key that an unknown key next to it is a misspelling of ("spec" missing, "sepc"
 * unknown) is one mistake, best reported at the misspelt key: drop the "is required" issue.
 */
function causedByUnknownKey(issue: Issue, all: readonly Issue[], schema: z.ZodType, data: unknown): boolean {
  if (issue.path.length === 0 || valueAt(data, issue.path as Path) !== undefined) return false;
  if (issue.code !== 'invalid_type' && issue.code !== 'invalid_union' && issue.code !== 'invalid_value') return false;
  const parent = issue.path.slice(0, -1) as Path;
  const missing = issue.path[issue.path.length - 1];
  return all.some(
    (other) =>
      other.code === 'unrecognized_keys' &&
      samePath(other.path as Path, parent) &&
      other.keys.some((key) => closest(key, knownKeysAt(schema, parent, data)) === missing),
  );
}

/**
 * A union that found no discriminator ("kind") checks no other key, so "knid: Deployment" would
 * read as a missing kind: report the misspelt key instead.
 */
function misspeltDiscriminator(issue: Issue, data: unknown): Issue {
  const discriminator = (issue as { discriminator?: unknown }).discriminator;
  if (issue.code !== 'invalid_union' || typeof discriminator !== 'string' || valueAt(data, issue.path as Path) !== undefined) return issue;
  const parent = issue.path.slice(0, -1);
  const object = valueAt(data, parent as Path);
  if (object === null || typeof object !== 'object' || Array.isArray(object)) return issue;
  const key = Object.keys(object).find((k) => closest(k, [discriminator]) === discriminator);
  return key === undefined ? issue : ({ code: 'unrecognized_keys', keys: [key], path: parent, message: `Unrecognized key: "${key}"`, input: object } as Issue);
}

function samePath(a: Path, b: Path): boolean {
  return a.length === b.length && a.every((segment, i) => segment === b[i]);
}

/** Keys whose literal value picks a branch (a NodeCrash's fields mean nothing to a KubeletStall). */
const SELECTING_KEYS = new Set(['type', 'kind', 'apiVersion']);

// A union reports the issues of every branch; keep those of the branch that got furthest,
// among the branches whose type, kind or apiVersion matched if there are any.
function flatten(issue: Issue): Issue[] {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
  const branches = issue.errors.map((branch) => branch.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] }) as Issue));
  const depth = (branch: Issue[]): number => Math.max(...branch.map((i) => i.path.length));
  const wrongKind = (branch: Issue[]): number => Number(branch.some((i) => i.code === 'invalid_value' && SELECTING_KEYS.has(String(i.path[i.path.length - 1]))));
  branches.sort((a, b) => wrongKind(a) - wrongKind(b) || depth(b) - depth(a) || a.length - b.length);
  return (branches[0] ?? []).flatMap(flatten);
}

function describeIssue(issue: Issue, schema: z.ZodType, data: unknown): string {
  const found = valueAt(data, issue.path as Path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const key = issue.keys[0] as string;
      const known = knownKeysAt(schema, issue.path as Path, data);
      const guess = closest(key, known);
      const list = known.length <= 12 ? `allowed keys here: ${known.join(', ')}` : `"podsim schema" lists the ${known.length} keys allowed here`;
      if (guess) return `unknown key "${key}"; did you mean "${guess}"?${known.length <= 12 ? ` (${list})` : ''}`;
      return known.length === 0 ? `unknown key "${key}"` : `unknown key "${key}"; ${list}`;
    }
    case 'invalid_type':
      if (found === undefined) return `is required (expected ${article(issue.expected)})`;
      return `expected ${article(issue.expected)}, found ${describeValue(found)}`;
    case 'invalid_value': {
      const values = issue.values.map((v) => JSON.stringify(v));
      const guess = typeof found === 'string' ? closest(found, issue.values.map(String)) : undefined;
      const expected = values.length === 1 ? values[0] : `one of ${values.join(', ')}`;
      return `expected ${expected}, found ${describeValue(found)}${guess ? `; did you mean "${guess}"?` : ''}`;
    }
    case 'invalid_union': {
      const note = (issue as { note?: string }).note;
      if (note?.includes('discriminator')) {
        // zod 4 reports a bad discriminator at the discriminator key itself, with the options.
        const listed = (issue as { options?: unknown[] }).options;
        const options = listed?.length ? listed.map(String) : discriminatorValues(schema, (issue.path as Path).slice(0, -1), data);
        const expected = options.length > 0 ? `expected one of ${options.join(', ')}` : 'expected a supported kind';
        if (found === undefined) return `is required (${expected})`;
        const guess = typeof found === 'string' ? closest(found, options) : undefined;
        return `${expected}, found ${describeValue(found)}${guess ? `; did you mean "${guess}"?` : ''}`;
      }
      return `does not match any accepted form, found ${describeValue(found)}`;
    }
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}, found ${describeValue(found)}`;
      if (issue.origin === 'string') return `expected a non-empty string${issue.minimum !== 1 ? ` of at least ${issue.minimum} characters` : ''}, found ${describeValue(found)}`;
      return `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, found ${describeValue(found)}`;
    case 'too_big':
      if (issue.origin === 'array') return `expected at most ${issue.maximum} items, found ${describeValue(found)}`;
      if (issue.origin === 'string') return `expected at most ${issue.maximum} characters, found ${describeValue(found)}`;
      return `expected a number ${issue.inclusive ? '≤' : '<'} ${issue.maximum}, found ${describeValue(found)}`;
    case 'invalid_format':
      return `${issue.message.startsWith('expected') ? issue.message : `expected ${issue.format}`}, found ${describeValue(found)}`;
    case 'not_multiple_of':
      return `expected an integer, found ${describeValue(found)}`;
    default:
      return issue.message;
  }
}

function article(type: string): string {
  if (type === 'int') return 'an integer';
  if (type === 'object') return 'a map';
  if (type === 'array') return 'a list';
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(data: unknown, path: Path): unknown {
  let value = data;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

// ---- walking a zod schema along a data path (for "did you mean") ---------------------------

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  in?: z.ZodType;
  valueType?: z.ZodType;
  discriminator?: string;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** The object schema that applies at `path`, choosing union branches by the data. */
function objectAt(schema: z.ZodType | undefined, path: Path, data: unknown): Def | undefined {
  let current = schema;
  let value = data;
  for (let i = 0; ; i++) {
    current = unwrap(current, value);
    if (!current) return undefined;
    if (i === path.length) {
      const def = defOf(current);
      return def.type === 'object' ? def : undefined;
    }
    const segment = path[i] as string | number;
    const def = defOf(current);
    if (def.type === 'object') current = def.shape?.[segment];
    else if (def.type === 'array') current = def.element;
    else if (def.type === 'record') current = def.valueType;
    else return undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
}

function unwrap(schema: z.ZodType | undefined, value: unknown): z.ZodType | undefined {
  let current = schema;
  for (let guard = 0; current && guard < 20; guard++) {
    const def = defOf(current);
    if (def.innerType && ['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional'].includes(def.type)) {
      current = def.innerType;
    } else if (def.type === 'pipe' && def.in) {
      current = def.in;
    } else if (def.type === 'union' && def.options) {
      current = bestOption(def, value);
    } else {
      return current;
    }
  }
  return current;
}

function bestOption(def: Def, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  if (def.discriminator) {
    const match = options.find((option) => {
      const shape = defOf(option).shape;
      const literal = shape?.[def.discriminator as string];
      return literal && (defOf(literal) as { values?: unknown[] }).values?.includes(record[def.discriminator as string]);
    });
    if (match) return match;
  }
  // Otherwise the object branch that shares the most keys with the data, among those whose
  // literal fields (type: KubeletStall) the data does not contradict.
  let best: z.ZodType | undefined;
  let bestScore = -1;
  for (const option of options) {
    const shape = defOf(option).shape ?? {};
    const contradicted = Object.entries(shape).some(([key, field]) => {
      const values = (defOf(field) as { type?: string; values?: unknown[] }).type === 'literal' ? (defOf(field) as { values?: unknown[] }).values : undefined;
      return values !== undefined && key in record && !values.includes(record[key]);
    });
    if (contradicted) continue;
    const score = Object.keys(record).filter((key) => key in shape).length;
    if (score > bestScore) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

export function knownKeysAt(schema: z.ZodType, path: Path, data: unknown): string[] {
  return Object.keys(objectAt(schema, path, data)?.shape ?? {});
}

function discriminatorValues(schema: z.ZodType, path: Path, data: unknown): string[] {
  let current: z.ZodType | undefined = schema;
  let value = data;
  for (const segment of path) {
    current = unwrap(current, value);
    if (!current) return [];
    const def = defOf(current);
    current = def.type === 'object' ? def.shape?.[segment] : def.type === 'array' ? def.element : undefined;
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[segment] : undefined;
  }
  while (current) {
    const def = defOf(current);
    if (def.type === 'union') {
      return (def.options ?? []).flatMap((option) => {
        const literal = defOf(option).shape?.[def.discriminator ?? 'kind'];
        return literal ? ((defOf(literal) as { values?: unknown[] }).values ?? []).map(String) : [];
      });
    }
    current = def.innerType ?? def.element;
  }
  return [];
}
