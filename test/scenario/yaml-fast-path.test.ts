// The fast YAML path (js-yaml) must read every file it takes exactly as the yaml library does, and
// leave to the yaml library every file where the two could differ.

import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { globSync } from 'tinyglobby';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { plainDocuments } from '../../src/scenario/yaml-fast-path.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** What the slow path reads: the non-empty documents, or 'error'. */
function yamlLibrary(text: string): unknown[] | 'error' {
  const documents = parseAllDocuments(text, { uniqueKeys: true });
  const list = Array.isArray(documents) ? documents : [documents];
  if (list.some((d) => d.errors.length > 0)) return 'error';
  try {
    return list.filter((d) => d.contents !== null).map((d) => d.toJS({ maxAliasCount: 1000 }));
  } catch {
    return 'error';
  }
}

function expectSameOrDeclined(text: string): boolean {
  const fast = plainDocuments(text);
  if (fast === undefined) return false;
  expect(fast, text).toStrictEqual(yamlLibrary(text));
  return true;
}

describe('plainDocuments', () => {
  it('reads every YAML file of the repository as the yaml library does, or declines it', () => {
    const files = globSync(['**/*.{yaml,yml}'], { cwd: ROOT, ignore: ['node_modules/**', '.git/**'] });
    expect(files.length).toBeGreaterThan(50);
    let taken = 0;
    for (const file of files) if (expectSameOrDeclined(readFileSync(ROOT + file, 'utf8'))) taken++;
    // Not vacuous: the bundled scenarios and most fixtures go the fast way.
    expect(taken).toBeGreaterThan(files.length / 2);
    for (const scenario of files.filter((f) => f.startsWith('scenarios/'))) expect(plainDocuments(readFileSync(ROOT + scenario, 'utf8')), scenario).toBeDefined();
  });

  it.each([
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['a tag', 'a: !!str 1\n'],
    ['a directive (YAML 1.1 reads yes as true)', '%YAML 1.1\n---\na: yes\n'],
    ['a null key (the yaml library names it "")', 'null: a\n'],
    ['a ~ key', 'b:\n  ~: a\n'],
    ['an empty document', 'a: 1\n---\n'],
    ['an explicit null document', 'null\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['an unclosed flow list', 'a: [1, 2\n'],
    ['a collection as a key', '[1, 2]: a\n'],
    ['a tab as indentation', 'a:\n\tb: 1\n'],
    ['an empty file', ''],
    ['only a comment', '# nothing\n'],
    ['a lone carriage return (a line break to js-yaml, not to the yaml library)', 'a: b\rc\n'],
    ['a tab', 'a:\tb\n'],
    ['a block scalar with an indentation indicator', 'a: |1\n  b\n'],
    ['a document that is not a map or a list', 'just text\n'],
    ['text after a closing quote (js-yaml makes it a new entry)', 'a:\n- "b"c: d\n'],
    ['a quoted scalar over several lines', 'a: "b\n  c"\n'],
  ])('leaves %s to the yaml library', (_what, text) => {
    expect(plainDocuments(text)).toBeUndefined();
  });

  it.each([
    '1', '-0', '+1', '0o17', '0x1F', '0b101', '1_000', '1e3', '1E-3', '.5', '5.', '-.inf', '.Inf', '.NaN', 'NaN', 'inf',
    'true', 'True', 'TRUE', 'yes', 'on', 'off', 'no', 'y', 'n', 'Null', 'NULL', '~', '', '0123', '1:30', '2026-01-01',
    '2026-01-01T00:00:00Z', '12345678901234567890', '100m', '64Gi', '"1"', "'it''s'", '"a\\tb"', '25%', '0.', '1__0',
  ])('reads the scalar %j as the yaml library does', (scalar) => {
    expect(expectSameOrDeclined(`a: ${scalar}\nb: [${scalar === '' ? '1' : scalar}]\n`)).toBe(true);
  });

  it('reads map keys that look like numbers or booleans as the yaml library does', () => {
    for (const key of ['1.0', '0x10', '0o7', '.inf', '.nan', 'true', 'False', '1e3', '-0', '007', '+5', '""']) {
      expect(expectSameOrDeclined(`${key}: a\n`)).toBe(true);
    }
  });

  it('reads block scalars, flow maps and several documents as the yaml library does', () => {
    const text = 'a: |\n  x\n  y\nb: >-\n  x\n\n  y\nc: {d: 1, e: [f, "g: h"]}\n---\n- 1\n- k: v\n';
    expect(expectSameOrDeclined(text)).toBe(true);
  });

  it('reads CRLF line ends as the yaml library does', () => {
    expect(expectSameOrDeclined('a: 1\r\nb:\r\n  - c\r\n')).toBe(true);
  });

  it('agrees with the yaml library on random lines of YAML tokens, or declines them', () => {
    const token = fc.constantFrom('a', 'b1', '"q"', "'s'", '"x y"', "'it''s'", '"e\\"q"', ':', ': ', ',', ', ', '[', ']', '{', '}', '- ', '#c', ' #c', ' ', '-', '?', '? ', '0', '1.5', 'null', 'true', '~', '"', "'", 'é', '%', '|', '>', '\\');
    const line = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.array(token, { maxLength: 7 })).map(([indent, tokens]) => '  '.repeat(indent) + tokens.join(''));
    fc.assert(
      fc.property(fc.array(line, { maxLength: 6 }), (lines) => {
        const text = `${lines.join('\n')}\n`;
        const fast = plainDocuments(text);
        if (fast !== undefined) expect(fast, text).toStrictEqual(yamlLibrary(text));
      }),
      { numRuns: 20000, seed: 11 },
    );
  });

  it('agrees with the yaml library on random one-line values, or declines them', () => {
    const chars = fc.constantFrom(...'ab01.-+_:#?[]{},\'"|>~%@`\\ eEx'.split(''));
    fc.assert(
      fc.property(fc.string({ unit: chars, maxLength: 12 }), (value) => {
        const text = `k: ${value}\nl:\n  - ${value}\n`;
        const fast = plainDocuments(text);
        if (fast !== undefined) expect(fast).toStrictEqual(yamlLibrary(text));
      }),
      { numRuns: 3000, seed: 7 },
    );
  });
});
