// `--set PATH=VALUE` and sweep parameters: paths into a scenario document written as
// dot-separated keys, `[N]` for a list index and `[name=X]` for the list element whose `name` or
// `metadata.name` is X, e.g. `spec.workloads[name=web].spec.replicas=3`. Values are read as YAML
// scalars or flow collections, so `3` is a number, `true` a boolean, `50s` a string.

import { parse as parseYaml } from 'yaml';

export type PathSegment = { key: string } | { index: number } | { named: string };

export class SetPathError extends Error {
  override name = 'SetPathError';
}

export function parsePath(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /([^.[\]]+)|\[(\d+)\]|\[name=([^\]]+)\]|(\.)/gy;
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
      segments.push({ named: match[3] });
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
        index = node.findIndex((item) => nameOf(item) === segment.named);
        if (index < 0) {
          const names = node.map(nameOf).filter((n): n is string => n !== undefined);
          throw new SetPathError(
            `path "${path}": ${describe(i - 1)} has no element named "${segment.named}"` +
              (names.length ? ` (names: ${names.join(', ')})` : ''),
          );
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

function segmentsToText(segments: PathSegment[]): string {
  let out = '';
  for (const s of segments) {
    if ('key' in s) out += out ? `.${s.key}` : s.key;
    else if ('index' in s) out += `[${s.index}]`;
    else out += `[name=${s.named}]`;
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
      const index = 'index' in segment ? segment.index : Array.isArray(node) ? node.findIndex((item) => nameOf(item) === segment.named) : -1;
      out.push(index);
      node = Array.isArray(node) ? node[index] : undefined;
    }
  }
  return out;
}
