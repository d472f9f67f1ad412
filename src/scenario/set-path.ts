// `--set PATH=VALUE` and sweep parameters: paths into a scenario document written as
// dot-separated keys, `[N]` for a list index and `[name=X]` for the (first) list element whose
// `name` or `metadata.name` is X, e.g. `spec.workloads[name=web].spec.replicas=3`;
// `[kind=K,name=X]` also asks for that kind, to tell apart a Deployment and its HPA named alike. Values are read as YAML
// scalars or flow collections, so `3` is a number, `true` a boolean, `50s` a string.

import { parse as parseYaml } from 'yaml';

export type PathSegment = { key: string } | { index: number } | { named: string; kind?: string };

export class SetPathError extends Error {
  override name = 'SetPathError';
}

export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\[((?:kind|name)=[^\]]+)\]|(\.)/gy;
  let expectKey = true;
  let match: RegExpExecArray | null;
  let consumed = 0;
  while ((match = pattern.exec(text)) !== null) {
    consumed = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectKey) throw new SetPathError(`path "${text}": expected "." before "${match[1]}"`);
      segments.push({ key: match[1] });
      expectKey = false;
    } else if (match[2] !== undefined) {
      segments.push({ index: Number(match[2]) });
      expectKey = false;
    } else if (match[3] !== undefined) {
      segments.push(selector(match[3], text));
      expectKey = false;
    } else {
      if (expectKey) throw new SetPathError(`path "${text}": empty key`);
      expectKey = true;
    }
    if (consumed === text.length) break;
  }
  if (consumed !== text.length || segments.length === 0 || expectKey) {
    throw new SetPathError(
      `path "${text}" is not of the form a.b[0].c or spec.workloads[name=web].spec.replicas`,
    );
  }
  return segments;
}

/** `name=X` or `kind=K,name=X` (either order) inside brackets. */
function selector(body: string, text: string): PathSegment {
  const fields = new Map<string, string>();
  for (const part of body.split(',')) {
    const equals = part.indexOf('=');
    const key = part.slice(0, equals);
    const value = part.slice(equals + 1);
    if ((key !== 'name' && key !== 'kind') || equals < 0 || value === '' || fields.has(key)) {
      throw new SetPathError(`path "${text}": "[${body}]" is not [name=X] or [kind=K,name=X]`);
    }
    fields.set(key, value);
  }
  const named = fields.get('name');
  if (named === undefined) throw new SetPathError(`path "${text}": "[${body}]" needs a name, as in [kind=K,name=X]`);
  const kind = fields.get('kind');
  return kind === undefined ? { named } : { named, kind };
}

/** Whether a list element is the one a `[name=X]` or `[kind=K,name=X]` segment selects. */
function selects(segment: { named: string; kind?: string }, item: unknown): boolean {
  return nameOf(item) === segment.named && (segment.kind === undefined || (item as { kind?: unknown }).kind === segment.kind);
}

/** Splits `PATH=VALUE` (the first "=" outside [name=...] separates them) and parses the value. */
export function parseAssignment(text: string): { path: string; value: unknown } {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '=' && depth === 0) {
      const raw = text.slice(i + 1);
      let value: unknown;
      try {
        value = raw === '' ? '' : parseYaml(raw);
      } catch {
        value = raw;
      }
      return { path: text.slice(0, i), value };
    }
  }
  throw new SetPathError(`"${text}" is not PATH=VALUE`);
}

/** Sets the value at the path in a plain-data document, creating missing map keys. */
export function setPath(document: unknown, path: string, value: unknown): void {
  const segments = parsePath(path);
  let node = document;
  const describe = (upTo: number): string => path.length && upTo >= 0 ? segmentsToText(segments.slice(0, upTo + 1)) : '(root)';
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i] as PathSegment;
    const last = i === segments.length - 1;
    if ('key' in segment) {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) {
        throw new SetPathError(`path "${path}": ${describe(i - 1)} is not a map`);
      }
      const map = node as Record<string, unknown>;
      if (last) {
        map[segment.key] = value;
        return;
      }
      if (map[segment.key] === undefined || map[segment.key] === null) {
        map[segment.key] = 'index' in (segments[i + 1] as PathSegment) || 'named' in (segments[i + 1] as PathSegment) ? [] : {};
      }
      node = map[segment.key];
    } else {
      if (!Array.isArray(node)) throw new SetPathError(`path "${path}": ${describe(i - 1)} is not a list`);
      let index: number;
      if ('index' in segment) {
        index = segment.index;
        if (index > node.length || (index === node.length && !last)) {
          throw new SetPathError(`path "${path}": ${describe(i - 1)} has ${node.length} items, no index ${index}`);
        }
      } else {
        index = node.findIndex((item) => selects(segment, item));
        if (index < 0) {
          const names = node.map((item) => (segment.kind === undefined ? nameOf(item) : describeItem(item))).filter((n): n is string => n !== undefined);
          const wanted = segment.kind === undefined ? `named "${segment.named}"` : `of kind ${segment.kind} named "${segment.named}"`;
          throw new SetPathError(`path "${path}": ${describe(i - 1)} has no element ${wanted}` + (names.length ? ` (${segment.kind === undefined ? 'names' : 'elements'}: ${names.join(', ')})` : ''));
        }
      }
      if (last) {
        node[index] = value;
        return;
      }
      node = node[index];
    }
  }
}

function nameOf(item: unknown): string | undefined {
  if (item === null || typeof item !== 'object') return undefined;
  const record = item as { name?: unknown; metadata?: { name?: unknown } };
  if (typeof record.name === 'string') return record.name;
  if (typeof record.metadata?.name === 'string') return record.metadata.name;
  return undefined;
}

/** kind/name of a manifest, or its name. */
function describeItem(item: unknown): string | undefined {
  const name = nameOf(item);
  const kind = (item as { kind?: unknown } | null)?.kind;
  return name === undefined ? undefined : typeof kind === 'string' ? `${kind}/${name}` : name;
}

function segmentsToText(segments: PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += out ? `.${s.key}` : s.key;
    else if ('index' in s) out += `[${s.index}]`;
    else out += s.kind === undefined ? `[name=${s.named}]` : `[kind=${s.kind},name=${s.named}]`;
  }
  return out;
}

/** Converts a `[name=X]` path into index form against a document, for locating its YAML node. */
export function resolvePath(document: unknown, path: string): Array<string | number> {
  const out: Array<string | number> = [];
  let node = document;
  for (const segment of parsePath(path)) {
    if ('key' in segment) {
      out.push(segment.key);
      node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[segment.key] : undefined;
    } else {
      const index = 'index' in segment ? segment.index : Array.isArray(node) ? node.findIndex((item) => selects(segment, item)) : -1;
      out.push(index);
      node = Array.isArray(node) ? node[index] : undefined;
    }
  }
  return out;
}
