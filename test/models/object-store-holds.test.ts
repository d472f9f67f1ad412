// ObjectStore.holds: whether this very object is the one the store holds under its key. update()
// and the graceful and plain deletes rely on it (a mark on the object instead of three map
// lookups per write): a deleted object, a copy, or an object of another store must not pass.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/index.js';
import { ObjectStore } from '../../src/models/api/store.js';
import { barePod } from './world-fixtures.js';

describe('ObjectStore.holds', () => {
  it('is true from create to delete, for that object only', () => {
    const store = new ObjectStore(new Simulation());
    const pod = barePod('p');
    expect(store.holds(pod)).toBe(false);
    store.create('scenario', pod);
    expect(store.holds(pod)).toBe(true);
    const copy = { ...pod, metadata: { ...pod.metadata } };
    expect(store.holds(copy)).toBe(false);
    expect(() => store.update('scenario', copy)).toThrow(/not in the store/);
    store.delete('scenario', pod);
    expect(store.holds(pod)).toBe(false);
    expect(() => store.update('scenario', pod)).toThrow(/not in the store/);
  });

  it('tells a re-created object of the same name from the deleted one', () => {
    const store = new ObjectStore(new Simulation());
    const first = store.create('scenario', barePod('p'));
    store.delete('scenario', first);
    const second = store.create('scenario', barePod('p'));
    expect(store.holds(second)).toBe(true);
    expect(store.holds(first)).toBe(false);
    // Deleting the old object again leaves the new one in place.
    store.delete('scenario', first);
    expect(store.get('Pod', 'default', 'p')).toBe(second);
  });

  it('is per store', () => {
    const [a, b] = [new ObjectStore(new Simulation()), new ObjectStore(new Simulation())];
    const pod = a.create('scenario', barePod('p'));
    expect(b.holds(pod)).toBe(false);
    expect(() => b.update('scenario', pod)).toThrow(/not in the store/);
  });
});
