// Plain YAML read fast. The yaml library keeps a position for every node (errors name lines),
// which makes it several times slower than js-yaml: half a second for a scenario with 2,000
// manifests. js-yaml reads a file here only when its reading is known to equal the yaml
// library's (YAML 1.2 core schema): no anchors, aliases or tags (no "&", "*" or "!" anywhere),
// no directives (no line starting with "%"), no empty documents, no map key that reads as null
// (the yaml library names it "", js-yaml "null") and no error. Anything else, and every position
// an error needs, is left to the yaml library. test/yaml-fast-path.test.ts holds the two readers
// to the same data over every YAML file in the repository and a table of edge cases.

import { CORE_SCHEMA, loadAll } from 'js-yaml';

/** The file's documents as plain data, or undefined when the yaml library must read it. */
export function plainDocuments(text: string): unknown[] | undefined {
  if (/[&*!]|^%/m.test(text)) return undefined;
  let documents: unknown[];
  try {
    documents = loadAll(text, { schema: CORE_SCHEMA });
  } catch {
    return undefined; // an error: the yaml library finds it and says where
  }
  if (documents.length === 0 || documents.some((data) => data === null || data === undefined || hasNullKey(data))) return undefined;
  return documents;
}

function hasNullKey(data: unknown): boolean {
  if (Array.isArray(data)) return data.some(hasNullKey);
  if (data === null || typeof data !== 'object') return false;
  for (const key of Object.keys(data)) {
    if (key === 'null' || hasNullKey((data as Record<string, unknown>)[key])) return true;
  }
  return false;
}
