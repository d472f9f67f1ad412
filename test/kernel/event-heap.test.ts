// EventHeap: a min-heap on (time, insertion order) carrying slot ids, with seq renumbering.
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { EventHeap } from '../../src/kernel/event-heap.js';

function drain(heap: EventHeap): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (heap.size > 0) {
    out.push([heap.topTime(), heap.topSlot()]);
    heap.pop();
  }
  return out;
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

describe('EventHeap', () => {
  it('starts empty', () => {
    expect(new EventHeap().size).toBe(0);
  });

  it('pops in time order', () => {
    const heap = new EventHeap();
    const times = [50, 10, 40, 20, 30, 0, 1e12];
    times.forEach((t, slot) => heap.push(t, slot));
    expect(heap.size).toBe(times.length);
    expect(drain(heap).map(([t]) => t)).toEqual([0, 10, 20, 30, 40, 50, 1e12]);
  });

  it('carries each slot with its time', () => {
    const heap = new EventHeap();
    heap.push(30, 7);
    heap.push(10, 12345);
    heap.push(20, 2 ** 26 - 1); // the largest slot
    expect(drain(heap)).toEqual([
      [10, 12345],
      [20, 2 ** 26 - 1],
      [30, 7],
    ]);
  });

  it('pops entries with equal times first-in first-out', () => {
    const heap = new EventHeap();
    const slots = [9, 3, 7, 1, 8, 2, 6, 0, 5, 4];
    for (const slot of slots) heap.push(100, slot);
    heap.push(50, 99);
    expect(drain(heap)).toEqual([[50, 99], ...slots.map((s) => [100, s])]);
  });

  it('orders by insertion, not by slot number, among equal times', () => {
    const heap = new EventHeap();
    heap.push(5, 1000);
    heap.push(5, 1);
    expect(heap.topSlot()).toBe(1000);
  });

  it('grows beyond its initial capacity', () => {
    const heap = new EventHeap(16);
    for (let i = 0; i < 1000; i++) heap.push(1000 - i, i);
    expect(heap.size).toBe(1000);
    const out = drain(heap);
    expect(out.map(([, s]) => s)).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
  });

  it('matches a sorted reference (stable sort by time) for random pushes then drain', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50 }), { maxLength: 300 }), (times) => {
        const heap = new EventHeap(16);
        times.forEach((t, slot) => heap.push(t, slot));
        const expected = times.map((t, slot) => [t, slot] as [number, number]).sort((a, b) => a[0] - b[0]);
        expect(drain(heap)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('matches the reference queue under random interleaved pushes and pops', () => {
    const op = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant('pop' as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const heap = new EventHeap(16);
        const ref = new ReferenceQueue();
        let slot = 0;
        for (const o of ops) {
          if (o === 'pop') {
            if (ref.size === 0) continue;
            const [time, s] = ref.pop();
            expect([heap.topTime(), heap.topSlot()]).toEqual([time, s]);
            heap.pop();
          } else {
            heap.push(o, slot % 2 ** 26);
            ref.push(o, slot++ % 2 ** 26);
          }
          expect(heap.size).toBe(ref.size);
        }
        while (ref.size > 0) {
          expect([heap.topTime(), heap.topSlot()]).toEqual(ref.pop());
          heap.pop();
        }
        expect(heap.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('handles times above 2^32 and up to Number.MAX_SAFE_INTEGER', () => {
    const heap = new EventHeap();
    heap.push(Number.MAX_SAFE_INTEGER, 1);
    heap.push(2 ** 32 + 1, 2);
    heap.push(2 ** 32, 3);
    heap.push(Number.MAX_SAFE_INTEGER, 4);
    expect(drain(heap)).toEqual([
      [2 ** 32, 3],
      [2 ** 32 + 1, 2],
      [Number.MAX_SAFE_INTEGER, 1],
      [Number.MAX_SAFE_INTEGER, 4],
    ]);
  });

  describe('seq renumbering (seqLimit lowered to 8)', () => {
    it('keeps FIFO order among equal times across many renumberings', () => {
      const heap = new EventHeap(16, 8);
      // renumber() is private; spy on it to prove this test really crosses renumberings.
      const renumber = vi.spyOn(heap as unknown as { renumber: () => void }, 'renumber');
      const ref = new ReferenceQueue();
      // Keep 5 or 6 entries pending while pushing far more than 8 in total, so that each
      // renumbering leaves room for only a few pushes before the next one.
      for (let i = 0; i < 200; i++) {
        const time = 1000 + Math.floor(i / 10); // runs of 10 equal times
        heap.push(time, i);
        ref.push(time, i);
        if (heap.size > 5) {
          expect([heap.topTime(), heap.topSlot()]).toEqual(ref.pop());
          heap.pop();
        }
      }
      const out = drain(heap);
      const expected: Array<[number, number]> = [];
      while (ref.size > 0) expected.push(ref.pop());
      expect(out).toEqual(expected);
      expect(renumber.mock.calls.length).toBeGreaterThan(10);
    });

    it('pops exactly in (time, insertion order) for a fixed mixed schedule', () => {
      const heap = new EventHeap(16, 8);
      const renumber = vi.spyOn(heap as unknown as { renumber: () => void }, 'renumber');
      const popped: Array<[number, number]> = [];
      const pop = (): void => {
        popped.push([heap.topTime(), heap.topSlot()]);
        heap.pop();
      };
      // 5 pending at time 7 (slots 0..4), then keep pushing/popping so that seq hits 8 repeatedly.
      for (let s = 0; s < 5; s++) heap.push(7, s);
      heap.push(3, 5);
      heap.push(7, 6);
      heap.push(7, 7); // seq 7: the next push renumbers
      heap.push(7, 8);
      pop(); // (3, 5)
      heap.push(3, 9);
      heap.push(7, 10);
      pop(); // (3, 9)
      heap.push(7, 11);
      heap.push(1, 12);
      while (heap.size > 0) pop();
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

    it('matches the reference under random pushes and pops (property)', () => {
      const op = fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 6 }), weight: 3 },
        { arbitrary: fc.constant('pop' as const), weight: 2 },
      );
      fc.assert(
        fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
          const heap = new EventHeap(16, 8);
          const ref = new ReferenceQueue();
          let slot = 0;
          for (const o of ops) {
            if (o === 'pop') {
              if (ref.size === 0) continue;
              expect([heap.topTime(), heap.topSlot()]).toEqual(ref.pop());
              heap.pop();
            } else {
              heap.push(o, slot);
              ref.push(o, slot++);
            }
            expect(heap.size).toBe(ref.size);
          }
          while (ref.size > 0) {
            expect([heap.topTime(), heap.topSlot()]).toEqual(ref.pop());
            heap.pop();
          }
        }),
        { numRuns: 500 },
      );
    });

    it('stays correct when more entries are pending than seqLimit', () => {
      const heap = new EventHeap(16, 8);
      const ref = new ReferenceQueue();
      for (let i = 0; i < 40; i++) {
        const time = i % 4;
        heap.push(time, i);
        ref.push(time, i);
      }
      const expected: Array<[number, number]> = [];
      while (ref.size > 0) expected.push(ref.pop());
      expect(drain(heap)).toEqual(expected);
    });
  });
});
