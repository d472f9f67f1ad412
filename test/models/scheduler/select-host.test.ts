// selectHost: highest score wins, ties by reservoir sampling on a seeded stream.
// Upstream: kubernetes/kubernetes pkg/scheduler/schedule_one_test.go TestSelectHost (cases
// transcribed: the result must be one of the possible hosts; an empty list is an error).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type seedrandom from 'seedrandom';
import { RandomStream, RandomStreams } from '../../../src/kernel/index.js';
import { selectHost, selectHostIndex } from '../../../src/models/scheduler/algorithms/select-host.js';
import type { NodeTotalScore } from '../../../src/models/scheduler/algorithms/select-host.js';

const stream = (name: string) => new RandomStreams(42).get(name);

describe('selectHost (schedule_one_test.go TestSelectHost)', () => {
  it.each<[string, NodeTotalScore[], string[]]>([
    ['unique properly ordered scores', [{ node: 'machine1.1', score: 1 }, { node: 'machine2.1', score: 2 }], ['machine2.1']],
    [
      'equal scores',
      [
        { node: 'machine1.1', score: 1 },
        { node: 'machine1.2', score: 2 },
        { node: 'machine1.3', score: 2 },
        { node: 'machine2.1', score: 2 },
      ],
      ['machine1.2', 'machine1.3', 'machine2.1'],
    ],
    [
      'out of order scores',
      [
        { node: 'machine1.1', score: 3 },
        { node: 'machine1.2', score: 3 },
        { node: 'machine2.1', score: 2 },
        { node: 'machine3.1', score: 1 },
        { node: 'machine1.3', score: 3 },
      ],
      ['machine1.1', 'machine1.2', 'machine1.3'],
    ],
  ])('%s', (_name, list, possible) => {
    const s = stream('select-host');
    for (let i = 0; i < 10; i++) expect(possible).toContain(selectHost(list, s));
  });

  it('empty priority list is an error', () => {
    expect(() => selectHost([], stream('empty'))).toThrow(/empty priority list/);
  });

  it('is deterministic given the stream', () => {
    const list = [1, 2, 3, 4, 5].map((i) => ({ node: `n${i}`, score: 7 }));
    const a = stream('det');
    const b = stream('det');
    for (let i = 0; i < 100; i++) expect(selectHost(list, a)).toBe(selectHost(list, b));
  });

  it('draws once per tied node after the first, and not at all without ties', () => {
    let draws = 0;
    const s = stream('count');
    const counting = new RandomStream('count', Object.assign(() => (draws++, s.next()), { int32: () => 0, quick: () => 0, double: () => 0 }) as seedrandom.PRNG);
    selectHost([{ node: 'a', score: 1 }, { node: 'b', score: 3 }, { node: 'c', score: 3 }, { node: 'd', score: 2 }, { node: 'e', score: 3 }], counting);
    expect(draws).toBe(2);
    draws = 0;
    selectHost([{ node: 'a', score: 1 }, { node: 'b', score: 2 }], counting);
    expect(draws).toBe(0);
  });

  it('always returns one of the max-score nodes (property)', () => {
    const s = stream('property');
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }), (values) => {
        const list = values.map((score, i) => ({ node: `n${i}`, score }));
        const max = Math.max(...values);
        const chosen = selectHost(list, s);
        expect(list.find((x) => x.node === chosen)?.score).toBe(max);
      }),
    );
  });

  it('picks each tied node about equally often', () => {
    const list = [
      { node: 'low', score: 10 },
      { node: 'a', score: 50 },
      { node: 'b', score: 50 },
      { node: 'mid', score: 40 },
      { node: 'c', score: 50 },
      { node: 'd', score: 50 },
    ];
    const s = stream('uniform');
    const counts = new Map<string, number>();
    const draws = 40_000;
    for (let i = 0; i < draws; i++) {
      const chosen = selectHost(list, s);
      counts.set(chosen, (counts.get(chosen) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 'c', 'd']);
    for (const node of ['a', 'b', 'c', 'd']) {
      // expected 10 000 each; 5 standard deviations ≈ 430
      expect(Math.abs((counts.get(node) ?? 0) - draws / 4)).toBeLessThan(450);
    }
  });

  it('selectHostIndex on a prefix picks and draws as selectHost on those nodes, or on those at the running maximum (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 16 }), fc.nat(3), (values, extra) => {
        const list = values.map((score, i) => ({ node: `n${i}`, score }));
        // Nodes below the running maximum neither win nor draw: leaving them out changes nothing.
        let max = Number.NEGATIVE_INFINITY;
        const atRunningMax = list.filter((x) => (x.score >= max ? ((max = x.score), true) : false));
        const padded = Float64Array.from([...values, ...Array.from({ length: extra }, () => 99)]);
        const [a, b, c] = [stream('same'), stream('same'), stream('same')];
        const index = selectHostIndex(padded, values.length, a);
        expect(`n${index}`).toBe(selectHost(list, b));
        expect(`n${index}`).toBe(selectHost(atRunningMax, c));
        // The same number of draws: the three streams are at the same place.
        const next = [a, b, c].map((st) => st.int(1_000_000_000));
        expect(next[1]).toBe(next[0]);
        expect(next[2]).toBe(next[0]);
      }),
    );
  });
});
