// EventSet: the heap and fixed-delay lanes merged in (time, seq) order, one seq counter for all,
// with renumbering across heap and lanes when seq reaches its limit.
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { EventSet, type Lane } from '../../src/kernel/event-set.js';

function drain(set: EventSet): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let slot = set.top(); slot >= 0; slot = set.top()) {
    out.push([set.time, slot]);
    set.pop();
  }
  return out;
}

function popOne(set: EventSet): [number, number] {
  const slot = set.top();
  expect(slot).toBeGreaterThanOrEqual(0);
  const entry: [number, number] = [set.time, slot];
  set.pop();
  return entry;
}

/** Reference model: entries with an insertion counter, removed by minimum (time, order). */
class ReferenceQueue {
  private entries: Array<{ time: number; order: number; slot: number }> = [];
  private counter = 0;
  push(time: number, slot: number): void {
    this.entries.push({ time, order: this.counter++, slot });
  }
  pop(): [number, number] {
    let best = 0;
    for (let i = 1; i < this.entries.length; i++) {
      const e = this.entries[i]!;
      const b = this.entries[best]!;
      if (e.time < b.time || (e.time === b.time && e.order < b.order)) best = i;
    }
    const [e] = this.entries.splice(best, 1);
    return [e!.time, e!.slot];
  }
  get size(): number {
    return this.entries.length;
  }
}

const spyRenumber = (set: EventSet) => vi.spyOn(set as unknown as { renumber: () => void }, 'renumber');

describe('EventSet, heap only', () => {
  it('starts empty: top() is -1', () => {
    const set = new EventSet();
    expect(set.size).toBe(0);
    expect(set.top()).toBe(-1);
  });

  it('carries each slot with its time, up to the largest slot', () => {
    const set = new EventSet();
    set.push(30, 7);
    set.push(10, 12345);
    set.push(20, 2 ** 26 - 1);
    expect(drain(set)).toEqual([
      [10, 12345],
      [20, 2 ** 26 - 1],
      [30, 7],
    ]);
  });

  it('pops entries with equal times first-in first-out, not by slot number', () => {
    const set = new EventSet();
    const slots = [9, 3, 7, 1, 8, 2, 6, 0, 5, 4];
    for (const slot of slots) set.push(100, slot);
    set.push(50, 99);
    expect(drain(set)).toEqual([[50, 99], ...slots.map((s) => [100, s])]);
  });

  it('matches the reference queue under random interleaved pushes and pops', () => {
    const op = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant('pop' as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const set = new EventSet(16);
        const ref = new ReferenceQueue();
        let slot = 0;
        for (const o of ops) {
          if (o === 'pop') {
            if (ref.size > 0) expect(popOne(set)).toEqual(ref.pop());
          } else {
            set.push(o, slot % 2 ** 26);
            ref.push(o, slot++ % 2 ** 26);
          }
          expect(set.size).toBe(ref.size);
        }
        while (ref.size > 0) expect(popOne(set)).toEqual(ref.pop());
        expect(set.top()).toBe(-1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('EventSet with fixed-delay lanes', () => {
  it('merges a lane with the heap by (time, seq)', () => {
    const set = new EventSet();
    const lane = set.addLane();
    set.pushLane(lane, 10, 1);
    set.push(10, 2);
    set.pushLane(lane, 10, 3);
    set.push(5, 4);
    set.pushLane(lane, 20, 5);
    set.push(15, 6);
    expect(drain(set)).toEqual([
      [5, 4],
      [10, 1],
      [10, 2],
      [10, 3],
      [15, 6],
      [20, 5],
    ]);
  });

  it('merges several lanes, including one refilled after it ran empty', () => {
    const set = new EventSet();
    const a = set.addLane();
    const b = set.addLane();
    set.pushLane(a, 7, 1);
    set.pushLane(b, 7, 2);
    set.pushLane(a, 9, 3);
    expect(popOne(set)).toEqual([7, 1]);
    expect(popOne(set)).toEqual([7, 2]); // b is empty now
    set.pushLane(b, 8, 4);
    set.push(8, 5);
    expect(drain(set)).toEqual([
      [8, 4],
      [8, 5],
      [9, 3],
    ]);
  });

  // Lane a holds two entries and lane c one; then the empty lane b gets an entry at `bTime`.
  it.each([
    ['between the first two (b becomes the runner-up: a\'s next head must not run before it)', 25, 20, [[10, 1], [20, 4], [25, 2], [30, 3]]],
    ['before all others (b becomes the earliest, a the runner-up ahead of c)', 18, 5, [[5, 4], [10, 1], [18, 2], [30, 3]]],
  ])('keeps the runner-up lane right when an empty lane gets an entry %s', (_, aSecond, bTime, expected) => {
    const set = new EventSet();
    const [a, b, c] = [set.addLane(), set.addLane(), set.addLane()];
    set.pushLane(a, 10, 1);
    set.pushLane(a, aSecond as number, 2);
    set.pushLane(c, 30, 3);
    set.pushLane(b, bTime as number, 4);
    expect(drain(set)).toEqual(expected);
  });

  it('grows a lane past its initial capacity, also while its ring has wrapped', () => {
    const set = new EventSet(16);
    const lane = set.addLane();
    const ref = new ReferenceQueue();
    let slot = 0;
    // Wrap the ring first: 10 in, 8 out, then many in.
    for (; slot < 10; slot++) {
      set.pushLane(lane, slot, slot);
      ref.push(slot, slot);
    }
    for (let i = 0; i < 8; i++) expect(popOne(set)).toEqual(ref.pop());
    for (; slot < 1000; slot++) {
      const time = 10 + Math.floor(slot / 3); // not before the lane's last entry (9)
      set.pushLane(lane, time, slot);
      ref.push(time, slot);
      if (slot % 7 === 0) {
        set.push(time, 5000 + slot);
        ref.push(time, 5000 + slot);
      }
    }
    expect(set.size).toBe(ref.size);
    const expected: Array<[number, number]> = [];
    while (ref.size > 0) expected.push(ref.pop());
    expect(drain(set)).toEqual(expected);
  });

  /**
   * Random schedules as a simulation makes them: `now` is the time of the last pop; heap entries
   * go at now + anything, lane entries at now + their lane's delay.
   */
  const DELAYS = [0, 3, 10];
  const op = fc.oneof(
    { arbitrary: fc.record({ heap: fc.integer({ min: 0, max: 12 }) }), weight: 3 },
    { arbitrary: fc.record({ lane: fc.integer({ min: 0, max: DELAYS.length - 1 }) }), weight: 3 },
    { arbitrary: fc.constant('pop' as const), weight: 3 },
  );
  function check(ops: Array<'pop' | { heap: number } | { lane: number }>, seqLimit?: number): EventSet {
    const set = new EventSet(16, seqLimit);
    const lanes: Lane[] = DELAYS.map(() => set.addLane());
    const ref = new ReferenceQueue();
    let now = 0;
    let slot = 0;
    for (const o of ops) {
      if (o === 'pop') {
        if (ref.size === 0) continue;
        const expected = ref.pop();
        expect(popOne(set)).toEqual(expected);
        now = expected[0];
      } else if ('heap' in o) {
        set.push(now + o.heap, slot);
        ref.push(now + o.heap, slot++);
      } else {
        set.pushLane(lanes[o.lane]!, now + DELAYS[o.lane]!, slot);
        ref.push(now + DELAYS[o.lane]!, slot++);
      }
      expect(set.size).toBe(ref.size);
    }
    while (ref.size > 0) expect(popOne(set)).toEqual(ref.pop());
    expect(set.top()).toBe(-1);
    return set;
  }

  it('matches the reference queue under random heap and lane pushes and pops (property)', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        check(ops);
      }),
      { numRuns: 300 },
    );
  });

  describe('seq renumbering across heap and lanes (seqLimit lowered to 8)', () => {
    it('matches the reference queue under random heap and lane pushes and pops (property)', () => {
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
          check(ops, 8);
        }),
        { numRuns: 500 },
      );
    });

    it('renumbers often and keeps lanes and heap interleaved in (time, insertion order)', () => {
      const set = new EventSet(16, 8);
      const renumber = spyRenumber(set);
      const lane = set.addLane();
      const ref = new ReferenceQueue();
      let now = 0;
      // Keep 5 or 6 entries pending (about half in the lane) while pushing far more than 8.
      for (let i = 0; i < 300; i++) {
        if (i % 2 === 0) {
          set.pushLane(lane, now + 4, i);
          ref.push(now + 4, i);
        } else {
          const time = now + (i % 5);
          set.push(time, i);
          ref.push(time, i);
        }
        if (set.size > 5) {
          const expected = ref.pop();
          expect(popOne(set)).toEqual(expected);
          now = expected[0];
        }
      }
      const expected: Array<[number, number]> = [];
      while (ref.size > 0) expected.push(ref.pop());
      expect(drain(set)).toEqual(expected);
      expect(renumber.mock.calls.length).toBeGreaterThan(10);
    });

    it('pops exactly in (time, insertion order) for a fixed mixed schedule', () => {
      const set = new EventSet(16, 8);
      const renumber = spyRenumber(set);
      const lane = set.addLane();
      const popped: Array<[number, number]> = [];
      for (let s = 0; s < 3; s++) set.push(7, s); // seqs 0..2
      set.pushLane(lane, 7, 3);
      set.pushLane(lane, 7, 4);
      set.push(3, 5);
      set.push(7, 6);
      set.pushLane(lane, 7, 7); // seq 7: the next push renumbers
      set.push(7, 8);
      popped.push(popOne(set)); // (3, 5)
      set.push(3, 9);
      set.pushLane(lane, 7, 10);
      popped.push(popOne(set)); // (3, 9)
      set.push(7, 11);
      set.push(1, 12);
      popped.push(...drain(set));
      expect(popped).toEqual([
        [3, 5],
        [3, 9],
        [1, 12],
        [7, 0],
        [7, 1],
        [7, 2],
        [7, 3],
        [7, 4],
        [7, 6],
        [7, 7],
        [7, 8],
        [7, 10],
        [7, 11],
      ]);
      expect(renumber).toHaveBeenCalled();
    });

    it('stays correct when more entries are pending than seqLimit', () => {
      const set = new EventSet(16, 8);
      const lane = set.addLane();
      const ref = new ReferenceQueue();
      for (let i = 0; i < 40; i++) {
        if (i % 3 === 0) {
          set.pushLane(lane, 2, i);
          ref.push(2, i);
        } else {
          set.push(i % 4, i);
          ref.push(i % 4, i);
        }
      }
      const expected: Array<[number, number]> = [];
      while (ref.size > 0) expected.push(ref.pop());
      expect(drain(set)).toEqual(expected);
    });
  });
});
