// A corpus of malformed scenario files (test/fixtures/bad/*.yaml), one defect each. Every file
// states in its header what podsim must report:
//
//   # expect-file: manifest-dir-typo/app.yaml   (optional; default: the fixture itself)
//   # expect-line: 12
//   # expect-column: 7                          (optional)
//   # expect-field: spec.nodePools[0].capacity.cpu   ("(none)" for an error without a field)
//   # expect-message: unknown suffix            (a case-insensitive substring)
//
// and each error must read as one paragraph, `file:line:column: field.path: detail`, that does
// not repeat itself. Helper files (manifests) live in subfolders, which are not iterated.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/bad/', import.meta.url));

type Check = 'error' | 'paragraph' | 'concise';

// Cases where podsim's error is wrong or unclear today: the checks that fail and what podsim
// should say instead. These run as it.fails, so a fix turns them red: then delete the entry.
const KNOWN_ISSUES: Record<string, { fails: Check[]; should: string }> = {
  // podsim: "6:1: spec: is required (expected a map) (1 more problem after this one)", at the
  // apiVersion line. The missing `spec` and the unknown `sepc` are one typo; the error should be
  // at the sepc key: '11:1: sepc: unknown key "sepc"; did you mean "spec"?'.
  'unknown-top-level-key-sepc.yaml': {
    fails: ['error'],
    should: 'line 11:1, field sepc: unknown key "sepc"; did you mean "spec"?',
  },
  // podsim: "1:1: kind: expected a document with "kind: Scenario" ...": line 1 is a comment.
  // It should point at the kind value and suggest the spelling.
  'wrong-kind.yaml': {
    fails: ['error'],
    should: '7:7: kind: expected "Scenario", found "Scenaro"; did you mean "Scenario"?',
  },
  // podsim: 'spec.workloads[0].kind: kind: expected one of , found nothing'. zod 4 reports the
  // bad discriminator at path [..., "kind"] with issue.options; describeIssue looks for
  // `found.kind` and walks the schema one segment too far, so both lists come out empty.
  'workload-unknown-kind.yaml': {
    fails: ['error'],
    should: 'spec.workloads[0].kind: expected one of Deployment, StatefulSet, DaemonSet, Job, Service, PodDisruptionBudget, HorizontalPodAutoscaler, VerticalPodAutoscaler, found "Deploymnet"; did you mean "Deployment"?',
  },
  // Same bug as workload-unknown-kind: 'kind: kind: expected one of , found nothing'. A second
  // Scenario document is read as a manifest; it should say so.
  'two-scenario-documents.yaml': {
    fails: ['error'],
    should: '40:7: kind: a second Scenario document; a file holds one Scenario (the others may be Kubernetes manifests)',
  },
  // podsim crashes: ReferenceError "Unresolved alias (the anchor must be set before the alias):
  // run-length", thrown by Document.toJS, not an InputError (the CLI would exit 1, not 2).
  'yaml-unresolved-alias.yaml': {
    fails: ['error', 'paragraph', 'concise'],
    should: '12:13: invalid YAML: alias *run-length refers to no anchor (an &run-length must come before it)',
  },
  // podsim accepts provisioningTime: "-5s" (a constant distribution of a negative duration),
  // while duration fields reject negatives. It should be an error.
  'distribution-negative-constant.yaml': {
    fails: ['error', 'paragraph', 'concise'],
    should: 'spec.nodePools[0].provisioningTime: ... found "-5s" (it is negative)',
  },
  // podsim: '"16gi" is not a Kubernetes quantity such as ...' (the list of forms twice). The
  // SHAPE regex only admits known suffix letters, so a lower-case "gi" never reaches the
  // "unknown suffix" branch that "4K" gets.
  'memory-lowercase-gi.yaml': {
    fails: ['error', 'concise'],
    should: 'found "16gi" (unknown suffix "gi"; suffixes are case-sensitive: did you mean "16Gi"?)',
  },
  // Same cause as memory-lowercase-gi: "250x" gets the generic message, forms listed twice.
  'container-request-bad-quantity.yaml': {
    fails: ['error', 'concise'],
    should: 'found "250x" (unknown suffix "x"; expected one of Ki Mi Gi Ti Pi Ei, n u m k M G T P E or an exponent)',
  },
  // podsim: 'found "500 m" ("500 m" is not a Kubernetes quantity such as ...)': true, but it does
  // not say that the space is the problem, and repeats the list of forms.
  'cpu-quantity-whitespace.yaml': {
    fails: ['error', 'concise'],
    should: 'found "500 m" (a quantity has no spaces; did you mean "500m"?)',
  },
  // The line is right; the detail repeats the list of forms: 'found "2 cores" ("2 cores" is not a
  // Kubernetes quantity such as 250m, ...)'.
  'second-document-malformed-manifest.yaml': {
    fails: ['concise'],
    should: 'expected a Kubernetes quantity such as 250m, 0.5, 2, ... for cpu, found "2 cores"',
  },
  // The detail repeats DISTRIBUTION_FORMS (fields.ts adds it, and so does the kernel's message):
  // 'expected <forms>, found 5 (expected a duration with a unit (such as 5s) or <forms>, found
  // the number 5)'.
  'distribution-bare-number.yaml': {
    fails: ['concise'],
    should: 'expected a duration with a unit (such as 5s) or a distribution such as exp(2h), found the number 5',
  },
  // Same repetition: '... found "gamma(1s)" (unknown distribution "gamma" in "gamma(1s)"; expected <forms>)'.
  'distribution-unknown-name.yaml': {
    fails: ['concise'],
    should: 'found "gamma(1s)" (unknown distribution "gamma"; expected <forms>), listing the forms once',
  },
  // A missing key is reported at the first child of the map that lacks it ("8:3", the
  // description line), not at the map's own key ("7", metadata:).
  'missing-metadata-name.yaml': {
    fails: ['error'],
    should: '7:1: metadata.name: is required (expected a string)',
  },
  // Same: reported at 11:3 (duration: 1h) rather than at spec: on line 10.
  'missing-nodepools.yaml': {
    fails: ['error'],
    should: '10:1: spec.nodePools: is required (expected a list)',
  },
  // podsim passes on the yaml library's first message, "Sequence item without - indicator" at
  // 16:1; the problem is that "capacity" is indented one space less than its siblings.
  'yaml-bad-indentation.yaml': {
    fails: ['error'],
    should: '16:6: invalid YAML: bad indentation: all keys of a map must start at the same column',
  },
  // podsim: 17:7 (the next key, "capacity") "Flow sequence in block collection must be
  // sufficiently indented and end with a ]"; it should point at the "[" that is never closed.
  'yaml-unclosed-bracket.yaml': {
    fails: ['error'],
    should: '16:14: invalid YAML: this "[" is never closed with "]"',
  },
  // spelling.ts uses plain Levenshtein (a swap of two letters costs 2) and allows 1 edit for
  // names under 6 letters, so "prots" gets no suggestion; and the Service spec has more than 12
  // keys, so no list of allowed keys either: just 'unknown key "prots"'.
  'unknown-key-transposed-letters.yaml': {
    fails: ['error'],
    should: 'unknown key "prots"; did you mean "ports"? (count a transposition as one edit)',
  },
};

interface Expectation {
  file: string;
  line: number;
  column: number | undefined;
  field: string;
  message: string;
}

function readExpectation(fixture: string): Expectation {
  const headers = new Map<string, string>();
  for (const line of readFileSync(path.join(FIXTURES, fixture), 'utf8').split('\n')) {
    const match = /^#\s*expect-([a-z]+):\s*(.*?)\s*$/.exec(line);
    if (match) headers.set(match[1] as string, match[2] as string);
  }
  const required = (key: string): string => {
    const value = headers.get(key);
    if (value === undefined) throw new Error(`${fixture}: the header has no "# expect-${key}:"`);
    return value;
  };
  const column = headers.get('column');
  const field = required('field');
  return {
    file: path.join(FIXTURES, headers.get('file') ?? fixture),
    line: Number(required('line')),
    column: column === undefined ? undefined : Number(column),
    field: field === '(none)' ? '' : field,
    message: required('message'),
  };
}

/** What loadScenario throws for a fixture (or undefined if it loads). */
function errorOf(fixture: string): unknown {
  // A relative path, as a person types it on the command line.
  const file = path.relative(process.cwd(), path.join(FIXTURES, fixture));
  try {
    loadScenario(file);
  } catch (error) {
    return error;
  }
  return undefined;
}

function asInputError(error: unknown): InputError {
  if (error instanceof InputError) return error;
  throw new Error(`expected an InputError, got ${error === undefined ? 'no error (the scenario loaded)' : String(error)}`);
}

/** A run of `min` characters that occurs twice in `text`, if any. */
function repetition(text: string, min = 30): string | undefined {
  for (let start = 0; start + 2 * min <= text.length; start++) {
    const piece = text.slice(start, start + min);
    if (text.indexOf(piece, start + min) >= 0) return piece;
  }
  return undefined;
}

const fixtures = readdirSync(FIXTURES)
  .filter((name) => name.endsWith('.yaml'))
  .sort();

describe('the corpus of bad scenarios', () => {
  it('has at least 30 fixtures, each with a complete header', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const fixture of fixtures) expect(() => readExpectation(fixture)).not.toThrow();
  });

  it('lists known issues only for fixtures that exist', () => {
    for (const name of Object.keys(KNOWN_ISSUES)) expect(fixtures).toContain(name);
  });
});

describe.each(fixtures)('%s', (fixture) => {
  const known = KNOWN_ISSUES[fixture];
  // A known issue runs as it.fails, its name saying what podsim should report.
  const test = (check: Check, name: string): [string, (name: string, fn: () => void) => void] =>
    known?.fails.includes(check) ? [`${name} [known issue; should be: ${known.should}]`, it.fails] : [name, it];

  const [errorName, errorIt] = test('error', 'is rejected at the expected file, line, field and with the expected message');
  errorIt(errorName, () => {
    const expected = readExpectation(fixture);
    const error = asInputError(errorOf(fixture));
    expect(path.resolve(error.file)).toBe(path.resolve(expected.file));
    expect(error.position?.line).toBe(expected.line);
    if (expected.column !== undefined) expect(error.position?.column).toBe(expected.column);
    expect(error.fieldPath).toBe(expected.field);
    // Match after the file name, which may itself contain the words looked for.
    const afterFile = error.message.startsWith(error.file) ? error.message.slice(error.file.length) : error.message;
    expect(afterFile.toLowerCase()).toContain(expected.message.toLowerCase());
  });

  const [paragraphName, paragraphIt] = test('paragraph', 'reads as one paragraph: file:line:column: field: detail');
  paragraphIt(paragraphName, () => {
    const error = asInputError(errorOf(fixture));
    const { message } = error;
    expect(message).not.toContain('\n');
    expect(message).not.toMatch(/\bat \S+ \(|\bat \S+:\d+:\d+/); // no stack frames
    expect(error.position).toBeDefined();
    const where = `${error.file}:${error.position?.line}:${error.position?.column}: `;
    expect(message.startsWith(where)).toBe(true);
    expect(message.slice(where.length).startsWith(error.fieldPath ? `${error.fieldPath}: ` : '')).toBe(true);
    expect(error.detail.trim()).not.toBe('');
  });

  const [conciseName, conciseIt] = test('concise', 'does not repeat itself');
  conciseIt(conciseName, () => {
    const error = asInputError(errorOf(fixture));
    expect(repetition(error.message)).toBeUndefined();
  });
});
