// EventHeap: a min-heap of (time, tag) entries, ordered by time then tag. (Seqs, slots and
// renumbering belong to EventSet: see event-set.test.ts.)
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { EventHeap } from '../../src/kernel/event-heap.js';

function drain(heap: EventHeap): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  while (heap.size > 0) {
    out.push([heap.topTime(), heap.topTag()]);
    heap.pop();
  }
  return out;
}

const byTimeThenTag = (a: [number, number], b: [number, number]): number => a[0] - b[0] || a[1] - b[1];

describe('EventHeap', () => {
  it('starts empty', () => {
    expect(new EventHeap().size).toBe(0);
  });

  it('pops in time order', () => {
    const heap = new EventHeap();
    const times = [50, 10, 40, 20, 30, 0, 1e12];
    times.forEach((t, tag) => heap.push(t, tag));
    expect(heap.size).toBe(times.length);
    expect(drain(heap).map(([t]) => t)).toEqual([0, 10, 20, 30, 40, 50, 1e12]);
  });

  it('orders equal times by tag, whatever the push order', () => {
    const heap = new EventHeap();
    const tags = [9, 3, 7, 1, 8, 2, 6, 0, 5, 4];
    for (const tag of tags) heap.push(100, tag);
    heap.push(50, 99);
    expect(drain(heap)).toEqual([[50, 99], ...[...tags].sort((a, b) => a - b).map((t) => [100, t])]);
  });

  it('carries tags up to 2^53 exactly', () => {
    const heap = new EventHeap();
    heap.push(30, 2 ** 53 - 1);
    heap.push(30, 2 ** 53 - 2);
    heap.push(10, 2 ** 52 + 1);
    expect(drain(heap)).toEqual([
      [10, 2 ** 52 + 1],
      [30, 2 ** 53 - 2],
      [30, 2 ** 53 - 1],
    ]);
  });

  it('grows beyond its initial capacity', () => {
    const heap = new EventHeap(16);
    for (let i = 0; i < 1000; i++) heap.push(1000 - i, i);
    expect(heap.size).toBe(1000);
    const out = drain(heap);
    expect(out.map(([, tag]) => tag)).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
  });

  it('matches a sort by (time, tag) for random pushes then drain', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 20 })), { maxLength: 300 }), (entries) => {
        const heap = new EventHeap(16);
        for (const [time, tag] of entries) heap.push(time, tag);
        expect(drain(heap)).toEqual([...entries].sort(byTimeThenTag));
      }),
      { numRuns: 300 },
    );
  });

  it('matches a sorted reference under random interleaved pushes and pops', () => {
    const op = fc.oneof(fc.integer({ min: 0, max: 30 }), fc.constant('pop' as const));
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const heap = new EventHeap(16);
        const ref: Array<[number, number]> = [];
        let tag = 0;
        for (const o of ops) {
          if (o === 'pop') {
            if (ref.length === 0) continue;
            ref.sort(byTimeThenTag);
            expect([heap.topTime(), heap.topTag()]).toEqual(ref.shift());
            heap.pop();
          } else {
            heap.push(o, tag);
            ref.push([o, tag++]);
          }
          expect(heap.size).toBe(ref.length);
        }
        expect(drain(heap)).toEqual(ref.sort(byTimeThenTag));
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
});
