// Indexes from a key to a set of values (pods by node, placements by label value, Services by
// selector pair): adding to the key's set, made on first use, and removing from it.

/** Adds `value` to the set under `key`, making the set if there is none. */
export function addTo<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  let set = index.get(key);
  if (!set) {
    set = new Set();
    index.set(key, set);
  }
  set.add(value);
}

/** Removes `value` from the set under `key`, and the set once it is empty. */
export function removeFrom<K, V>(index: Map<K, Set<V>>, key: K, value: V): void {
  const set = index.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) index.delete(key);
}
