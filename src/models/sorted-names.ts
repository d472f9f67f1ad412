// Sorted lists of names (pod names, image names) kept and compared in order: inserting and
// removing one name, merging two lists, diffing one against its successor, checking the order.
// Callers that keep a list they did not make rely on its writer replacing it rather than editing
// it (see docs/design-decisions.md).

/** The index of the first element not below `x` (the order of Array.prototype.sort on strings). */
function lowerBound(list: readonly string[], x: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as string) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sorted list with x inserted: `list` itself, edited in place, or with `copy` a new array (made in one pass). */
export function insertSorted(list: string[], x: string, copy = false): string[] {
  const i = lowerBound(list, x);
  if (copy) return list.toSpliced(i, 0, x);
  list.splice(i, 0, x);
  return list;
}

/** The sorted list without x (if it is there): `list` itself, edited in place, or with `copy` a new array. */
export function removeSorted(list: string[], x: string, copy = false): string[] {
  const i = lowerBound(list, x);
  if (list[i] !== x) return copy ? list.slice() : list;
  if (copy) return list.toSpliced(i, 1);
  list.splice(i, 1);
  return list;
}

/** The two sorted lists as one sorted list (as [...a, ...b].sort(), without re-sorting a). */
export function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) out.push((a[i] as string) <= (b[j] as string) ? (a[i++] as string) : (b[j++] as string));
  while (i < a.length) out.push(a[i++] as string);
  while (j < b.length) out.push(b[j++] as string);
  return out;
}

/**
 * Walks a strictly sorted name list and its successor `next` together, calling `removed` for
 * each name that is gone and `added` for each new one, and returns whether `next` is strictly
 * sorted too. Names present in both are matched by equality alone, so an update that changes a
 * few names of a long list costs string comparisons only around the changes. If `next` is not
 * sorted, a name may be removed and added again, which leaves the same set.
 */
export function diffSortedNames(previous: readonly string[], next: readonly string[], removed: (name: string) => void, added: (name: string) => void): boolean {
  let sorted = true;
  let i = 0;
  let j = 0;
  // Whether next[j - 1] matched a name of `previous`: two matched names in a row are in order.
  let lastMatched = false;
  while (i < previous.length || j < next.length) {
    const old = previous[i];
    const name = next[j];
    if (old !== undefined && old === name) {
      if (j > 0 && !lastMatched && !((next[j - 1] as string) < name)) sorted = false;
      lastMatched = true;
      i++;
      j++;
    } else if (old !== undefined && (name === undefined || old < name)) {
      removed(old);
      i++;
    } else {
      const fresh = name as string;
      if (j > 0 && !((next[j - 1] as string) < fresh)) sorted = false;
      added(fresh);
      lastMatched = false;
      j++;
    }
  }
  return sorted;
}

/**
 * Calls `removed` for the names of `previous` that are not in `next` and `added` for the new
 * ones, as diffSortedNames does when `previousSorted` (what it returned for `previous` last time),
 * else by removing every old name and adding every new one. Returns whether `next` is strictly
 * sorted: pass it back with `next` next time.
 */
export function replaceNames(
  previous: readonly string[],
  previousSorted: boolean,
  next: readonly string[],
  removed: (name: string) => void,
  added: (name: string) => void,
): boolean {
  if (previousSorted) return diffSortedNames(previous, next, removed, added);
  for (const name of previous) removed(name);
  for (const name of next) added(name);
  return strictlySorted(next);
}

export function strictlySorted(list: readonly string[]): boolean {
  for (let i = 1; i < list.length; i++) if (!((list[i - 1] as string) < (list[i] as string))) return false;
  return true;
}
