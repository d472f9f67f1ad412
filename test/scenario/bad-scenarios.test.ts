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
const KNOWN_ISSUES: Record<string, { fails: Check[]; should: string }> = {};

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
