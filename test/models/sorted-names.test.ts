// diffSortedNames (and replaceNames, which falls back to a full redo): the service tracker's merge of an Endpoints update against the last list.
// Whatever the new list, the set it leaves must be the new list's names, and it must tell
// exactly whether the new list is strictly sorted (a list that is not gets rebuilt next time).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffSortedNames, replaceNames } from '../../src/models/sorted-names.js';

const name = fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'pod-1', 'pod-10', 'pod-2');
const strictlySorted = (list: readonly string[]): boolean => list.every((x, i) => i === 0 || (list[i - 1] as string) < x);

function run(previous: string[], next: string[]): { set: Set<string>; removed: string[]; added: string[]; sorted: boolean } {
  const set = new Set(previous);
  const removed: string[] = [];
  const added: string[] = [];
  const sorted = diffSortedNames(
    previous,
    next,
    (n) => (removed.push(n), set.delete(n)),
    (n) => (added.push(n), set.add(n)),
  );
  return { set, removed, added, sorted };
}

describe('diffSortedNames', () => {
  it('leaves exactly the new names and tells whether they are strictly sorted, for any new list (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name), fc.array(name, { maxLength: 12 }), (unsortedPrevious, next) => {
        const previous = [...unsortedPrevious].sort();
        const { set, sorted } = run(previous, next);
        expect([...set].sort()).toEqual([...new Set(next)].sort());
        expect(sorted).toBe(strictlySorted(next));
      }),
    );
  });

  it('reports each change once, and only the changes, between two sorted lists (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name), fc.uniqueArray(name), (a, b) => {
        const [previous, next] = [[...a].sort(), [...b].sort()];
        const { removed, added, sorted } = run(previous, next);
        expect(sorted).toBe(true);
        expect(removed).toEqual(previous.filter((n) => !next.includes(n)));
        expect(added).toEqual(next.filter((n) => !previous.includes(n)));
      }),
    );
  });

  it('catches disorder between two names it matched with the old list only through the old order', () => {
    expect(run(['a', 'b'], ['b', 'a']).sorted).toBe(false);
    expect(run(['a', 'c'], ['a', 'b', 'c']).sorted).toBe(true);
    expect(run(['a', 'c'], ['c', 'b']).sorted).toBe(false);
    expect(run(['b'], ['b', 'b']).sorted).toBe(false);
  });
});

describe('replaceNames', () => {
  const run = (previous: string[], previousSorted: boolean, next: string[]) => {
    const held = new Set(previous);
    const sorted = replaceNames(previous, previousSorted, next, (n) => held.delete(n), (n) => held.add(n));
    return { held: [...held].sort(), sorted };
  };

  it('leaves exactly the new names, from a sorted previous list or not', () => {
    expect(run(['a', 'b', 'c'], true, ['b', 'c', 'd'])).toEqual({ held: ['b', 'c', 'd'], sorted: true });
    expect(run(['c', 'a'], false, ['b', 'a'])).toEqual({ held: ['a', 'b'], sorted: false });
    expect(run(['c', 'a'], false, ['a', 'd'])).toEqual({ held: ['a', 'd'], sorted: true });
  });
});
