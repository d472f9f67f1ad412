// ProbeBuckets: at each monitor tick, the noted nodes whose probe time is before the limit, each
// once, exactly as a FIFO of every probe time set (the node lifecycle controller's former way)
// finds them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ProbeBuckets } from '../../src/models/probe-buckets.js';

/** The former way: every probe time set goes into a FIFO; a popped entry counts if still current. */
function fifoStale(entries: Array<[number, number]>, probeTime: number[], limit: number): number[] {
  const stale: number[] = [];
  while (entries.length > 0 && (entries[0] as [number, number])[0] < limit) {
    const [time, node] = entries.shift() as [number, number];
    if (probeTime[node] === time) stale.push(node);
  }
  return stale.sort((a, b) => a - b);
}

describe('ProbeBuckets', () => {
  it('finds a node once its probe time is past the limit, and not while it keeps moving', () => {
    const buckets = new ProbeBuckets();
    const probe = [0, 0];
    buckets.note(0, 0);
    buckets.note(1, 0);
    const take = (limit: number): number[] => {
      const stale: number[] = [];
      buckets.takeExpired(limit, (i) => probe[i] as number, (i) => stale.push(i));
      return stale;
    };
    probe[1] = 10; // node 1 moved on; node 0 did not
    buckets.note(1, 10);
    expect(take(5)).toEqual([0]);
    expect(take(10)).toEqual([]); // node 1's probe time 10 is not before 10
    expect(take(11)).toEqual([1]);
    expect(take(100)).toEqual([]); // taken once
    probe[0] = 100;
    buckets.note(0, 100); // noted again after it was taken
    expect(take(101)).toEqual([0]);
  });

  it('finds the same stale nodes as a FIFO of every probe time set (property)', () => {
    const tickOps = fc.array(fc.record({ moved: fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]) }), { minLength: 1, maxLength: 80 });
    fc.assert(
      fc.property(tickOps, fc.integer({ min: 1, max: 12 }), (ticks, grace) => {
        const buckets = new ProbeBuckets();
        const probeTime: number[] = [];
        const fifo: Array<[number, number]> = [];
        for (let t = 0; t < ticks.length; t++) {
          for (const node of (ticks[t] as { moved: number[] }).moved) {
            probeTime[node] = t;
            buckets.note(node, t);
            fifo.push([t, node]);
          }
          const found: number[] = [];
          buckets.takeExpired(t - grace, (i) => probeTime[i] as number, (i) => found.push(i));
          expect(found.sort((a, b) => a - b)).toEqual(fifoStale(fifo, probeTime, t - grace));
        }
      }),
      { numRuns: 300 },
    );
  });
});
