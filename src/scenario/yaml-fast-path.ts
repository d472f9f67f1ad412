// Plain YAML read fast. The yaml library keeps a position for every node (errors name lines),
// which makes it several times slower than js-yaml: half a second for a scenario with 2,000
// manifests. js-yaml reads a file here only when its reading is known to equal the yaml
// library's (YAML 1.2 core schema). It declines, leaving the file to the yaml library, when the
// text has anchors, aliases or tags ("&", "*" or "!" anywhere), a directive (a line starting with
// "%"), a tab, a carriage return outside a CRLF line end, a block scalar indentation indicator, a
// quoted scalar that runs over a line or is followed by more text, or when js-yaml finds an
// error, an empty document, a document that is not a map or a list, or a map key that reads as
// null (the yaml library names it "", js-yaml "null"). In each of those the two readers were seen
// to differ, or js-yaml to accept what the yaml library rejects. Every position an error needs
// comes from the yaml library. test/scenario/yaml-fast-path.test.ts holds the two readers to the
// same data over every YAML file in the repository, a table of edge cases and random texts.

import { CORE_SCHEMA, loadAll } from 'js-yaml';

/** The file's documents as plain data, or undefined when the yaml library must read it. */
export function plainDocuments(text: string): unknown[] | undefined {
  if (/[&*!\t]|^%|\r(?!\n)|[|>][-+]?[0-9]/m.test(text)) return undefined;
  if (!quotesCloseCleanly(text)) return undefined;
  let documents: unknown[];
  try {
    documents = loadAll(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined; // an error: the yaml library finds it and says where
  }
  if (documents.length === 0 || documents.some((data) => data === null || typeof data !== 'object' || hasNullKey(data))) return undefined;
  return documents;
}

/**
 * Whether every quoted scalar closes on its own line and is followed only by what may follow a
 * scalar (a ":", ",", "]" or "}", a comment, the line end). js-yaml reads `- "a"b: c` as two
 * entries where the yaml library reports an error.
 */
function quotesCloseCleanly(text: string): boolean {
  let lineStart = 0;
  while (lineStart < text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    let i = lineStart;
    while (i < lineEnd) {
      const c = text[i] as string;
      if (c === '#' && (i === lineStart || text[i - 1] === ' ')) break; // a comment: the rest of the line
      if ((c !== '"' && c !== "'") || !startsScalar(text, lineStart, i)) {
        i++;
        continue;
      }
      let j = i + 1;
      for (; j < lineEnd; j++) {
        if (c === '"' && text[j] === '\\') j++;
        else if (text[j] === c) {
          if (c === "'" && text[j + 1] === "'") j++;
          else break;
        }
      }
      if (j >= lineEnd) return false; // not closed on this line
      i = j + 1;
      while (text[i] === ' ') i++;
      if (i < lineEnd && !':,]}#'.includes(text[i] as string)) return false;
      if (text[i] === '#' && text[i - 1] !== ' ') return false;
    }
    lineStart = lineEnd + 1;
  }
  return true;
}

/** Whether a quote at `i` opens a scalar: at the line's start or after "- ", ": ", "? ", "[", "{" or ",". */
function startsScalar(text: string, lineStart: number, i: number): boolean {
  let k = i - 1;
  while (k >= lineStart && text[k] === ' ') k--;
  if (k < lineStart) return true;
  const before = text[k] as string;
  if ('[{,'.includes(before)) return true;
  return '-:?'.includes(before) && k < i - 1;
}

function hasNullKey(data: unknown): boolean {
  if (Array.isArray(data)) return data.some(hasNullKey);
  if (data === null || typeof data !== 'object') return false;
  for (const key of Object.keys(data)) {
    if (key === 'null' || hasNullKey((data as Record<string, unknown>)[key])) return true;
  }
  return false;
}
