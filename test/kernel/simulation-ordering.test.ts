// Event ordering: (time, seq) with first-in first-out among events due at the same time.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation } from '../../src/kernel/index.js';
import type { EventHandle } from '../../src/kernel/index.js';

describe('same-time FIFO', () => {
  it('runs many events scheduled for one time in the order they were scheduled', () => {
    const sim = new Simulation();
    const order: number[] = [];
    const kind = sim.define('tick', (i: number) => order.push(i));
    for (let i = 0; i < 1000; i++) sim.at(42, kind, i);
    sim.run();
    expect(order).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('keeps FIFO among same-time events when they were scheduled interleaved with other times', () => {
    const sim = new Simulation();
    const order: string[] = [];
    const kind = sim.define('tick', (name: string) => order.push(name));
    sim.at(20, kind, 'b1');
    sim.at(10, kind, 'a1');
    sim.at(20, kind, 'b2');
    sim.at(30, kind, 'c1');
    sim.at(10, kind, 'a2');
    sim.at(20, kind, 'b3');
    sim.at(10, kind, 'a3');
    sim.run();
    expect(order).toEqual(['a1', 'a2', 'a3', 'b1', 'b2', 'b3', 'c1']);
  });

  it('runs an event scheduled from a handler at the current time after the already-pending same-time events', () => {
    const sim = new Simulation();
    const order: string[] = [];
    const log = sim.define('log', (name: string) => order.push(name));
    const spawner = sim.define('spawner', (name: string) => {
      order.push(name);
      sim.at(sim.now, log, `${name}-child`);
      sim.after(0, log, `${name}-child2`);
    });
    sim.at(5, spawner, 'first');
    sim.at(5, log, 'second');
    sim.at(5, spawner, 'third');
    sim.at(6, log, 'later');
    sim.run();
    expect(order).toEqual([
      'first',
      'second',
      'third',
      'first-child',
      'first-child2',
      'third-child',
      'third-child2',
      'later',
    ]);
  });

  it('runs an event scheduled from a handler at the current time before any later-time event', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.at(1, () => order.push('t1'));
    sim.at(0, () => {
      order.push('t0');
      sim.after(0, () => order.push('t0-child'));
    });
    sim.run();
    expect(order).toEqual(['t0', 't0-child', 't1']);
  });
});

// A plain reference: pending entries in an array, the minimum (time, seq) removed each step.
interface RefEntry {
  time: number;
  seq: number;
  id: number;
  cancelled: boolean;
}

function popMin(queue: RefEntry[]): RefEntry | undefined {
  let best = -1;
  for (let i = 0; i < queue.length; i++) {
    const e = queue[i] as RefEntry;
    const b = best < 0 ? undefined : (queue[best] as RefEntry);
    if (!b || e.time < b.time || (e.time === b.time && e.seq < b.seq)) best = i;
  }
  return best < 0 ? undefined : queue.splice(best, 1)[0];
}

describe('(time, seq) order against a reference', () => {
  const scheduleOrCancel = fc.oneof(
    { arbitrary: fc.record({ op: fc.constant('at' as const), time: fc.integer({ min: 0, max: 20 }) }), weight: 4 },
    { arbitrary: fc.record({ op: fc.constant('cancel' as const), target: fc.nat() }), weight: 1 },
  );

  it('executes a random schedule (with cancels) in the order of a stable sort by time', () => {
    fc.assert(
      fc.property(fc.array(scheduleOrCancel, { maxLength: 200 }), (ops) => {
        const sim = new Simulation(16);
        const executed: number[] = [];
        const kind = sim.define('event', (id: number) => executed.push(id));
        const scheduled: Array<{ id: number; time: number; handle: EventHandle }> = [];
        const cancelled = new Set<number>();
        for (const op of ops) {
          if (op.op === 'at') {
            const id = scheduled.length;
            scheduled.push({ id, time: op.time, handle: sim.at(op.time, kind, id) });
          } else if (scheduled.length > 0) {
            const target = scheduled[op.target % scheduled.length] as { id: number; handle: EventHandle };
            const wasPending = !cancelled.has(target.id);
            expect(sim.cancel(target.handle)).toBe(wasPending);
            cancelled.add(target.id);
          }
        }
        expect(sim.pending).toBe(scheduled.length - cancelled.size);
        sim.run();
        // Array.prototype.sort is stable, so equal times keep scheduling order.
        const expected = scheduled
          .filter((s) => !cancelled.has(s.id))
          .sort((a, b) => a.time - b.time)
          .map((s) => s.id);
        expect(executed).toEqual(expected);
        expect(sim.eventsExecuted).toBe(expected.length);
        expect(sim.pending).toBe(0);
      }),
      { numRuns: 300 },
    );
  });

  it('matches a reference queue when handlers schedule follow-up events and cancel others', () => {
    // Each event, when it runs, schedules children at now + delay and may cancel an earlier event.
    const plan = fc.record({
      initial: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1, maxLength: 30 }),
      children: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { maxLength: 3 }), { minLength: 1, maxLength: 40 }),
      cancels: fc.array(fc.option(fc.nat(), { nil: undefined }), { minLength: 1, maxLength: 40 }),
    });
    fc.assert(
      fc.property(plan, ({ initial, children, cancels }) => {
        const maxEvents = 150;
        // --- the simulation
        const sim = new Simulation(16);
        const handles: EventHandle[] = [];
        const executed: Array<[number, number]> = [];
        const kind = sim.define('node', (id: number) => {
          executed.push([sim.now, id]);
          const target = cancels[id % cancels.length];
          if (target !== undefined && handles.length > 0) sim.cancel(handles[target % handles.length] as EventHandle);
          for (const delay of children[id % children.length] as number[]) {
            if (handles.length >= maxEvents) break;
            handles.push(sim.after(delay, kind, handles.length));
          }
        });
        for (const time of initial) handles.push(sim.at(time, kind, handles.length));
        sim.run();

        // --- the reference
        const queue: RefEntry[] = [];
        const entries: RefEntry[] = [];
        let seq = 0;
        const add = (time: number): void => {
          const entry = { time, seq: seq++, id: entries.length, cancelled: false };
          entries.push(entry);
          queue.push(entry);
        };
        for (const time of initial) add(time);
        const expected: Array<[number, number]> = [];
        for (let e = popMin(queue); e; e = popMin(queue)) {
          if (e.cancelled) continue;
          expected.push([e.time, e.id]);
          const target = cancels[e.id % cancels.length];
          if (target !== undefined && entries.length > 0) (entries[target % entries.length] as RefEntry).cancelled = true;
          for (const delay of children[e.id % children.length] as number[]) {
            if (entries.length >= maxEvents) break;
            add(e.time + delay);
          }
        }
        expect(executed).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});

describe('step()', () => {
  it('runs exactly one event per call and returns false when nothing is pending', () => {
    const sim = new Simulation();
    const order: string[] = [];
    sim.at(10, () => order.push('a'));
    sim.at(10, () => order.push('b'));
    sim.at(30, () => order.push('c'));
    expect(sim.step()).toBe(true);
    expect(order).toEqual(['a']);
    expect(sim.now).toBe(10);
    expect(sim.pending).toBe(2);
    expect(sim.step()).toBe(true);
    expect(order).toEqual(['a', 'b']);
    expect(sim.step()).toBe(true);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(sim.now).toBe(30);
    expect(sim.step()).toBe(false);
    expect(sim.now).toBe(30);
    expect(sim.eventsExecuted).toBe(3);
  });

  it('returns false on a fresh simulation without moving the clock', () => {
    const sim = new Simulation();
    expect(sim.step()).toBe(false);
    expect(sim.now).toBe(0);
    expect(sim.eventsExecuted).toBe(0);
  });

  it('skips cancelled events: a step never "runs" a cancelled one', () => {
    const sim = new Simulation();
    const order: string[] = [];
    const a = sim.at(1, () => order.push('a'));
    sim.at(2, () => order.push('b'));
    sim.cancel(a);
    expect(sim.step()).toBe(true);
    expect(order).toEqual(['b']);
    expect(sim.now).toBe(2);
    expect(sim.step()).toBe(false);
  });

  it('returns false when only cancelled events remain', () => {
    const sim = new Simulation();
    const h = sim.at(5, () => {
      throw new Error('must not run');
    });
    sim.cancel(h);
    expect(sim.step()).toBe(false);
    expect(sim.now).toBe(0);
  });
});

describe('the clock', () => {
  it('starts at 0 and reads each event time while its handler runs', () => {
    const sim = new Simulation();
    expect(sim.now).toBe(0);
    const seen: number[] = [];
    const kind = sim.define('see', () => seen.push(sim.now));
    for (const t of [7, 3, 3, 1000, 0, 86_400_000]) sim.at(t, kind);
    sim.run();
    expect(seen).toEqual([0, 3, 3, 7, 1000, 86_400_000]);
    expect(sim.now).toBe(86_400_000);
  });

  it('schedules relative to now with after()', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    sim.at(100, () => {
      sim.after(50, () => seen.push(sim.now));
    });
    sim.run();
    expect(seen).toEqual([150]);
  });
});

describe('invalid times', () => {
  it('throws RangeError when scheduling before now', () => {
    const sim = new Simulation();
    sim.at(100, () => {});
    sim.run();
    expect(sim.now).toBe(100);
    expect(() => sim.at(99, () => {})).toThrow(RangeError);
    expect(() => sim.after(-1, () => {})).toThrow(RangeError);
    expect(sim.pending).toBe(0);
  });

  it('throws RangeError from a handler scheduling in the past (wrapped as the handler error cause)', () => {
    const sim = new Simulation();
    sim.at(10, () => sim.at(5, () => {}));
    let caught: unknown;
    try {
      sim.run();
    } catch (error) {
      caught = error;
    }
    expect((caught as { cause?: unknown }).cause).toBeInstanceOf(RangeError);
  });

  it.each([0.5, 1.000001, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, -1])(
    'throws RangeError for time %s',
    (time) => {
      const sim = new Simulation();
      expect(() => sim.at(time, () => {})).toThrow(RangeError);
      expect(sim.pending).toBe(0);
    },
  );

  it('throws RangeError for a non-integer delay', () => {
    const sim = new Simulation();
    expect(() => sim.after(1.5, () => {})).toThrow(RangeError);
  });

  it('names the event and the offending time in the message', () => {
    const sim = new Simulation();
    const kind = sim.define('pod-start', () => {});
    expect(() => sim.at(1.5, kind)).toThrow(/pod-start.*1\.5/);
  });

  it('throws RangeError for an unknown event kind', () => {
    const sim = new Simulation();
    expect(() => sim.at(1, 12345 as never)).toThrow(RangeError);
  });
});

describe('event kinds and plain functions', () => {
  it('runs defined kinds with their arguments', () => {
    const sim = new Simulation();
    const got: Array<{ pod: string; n: number }> = [];
    const kind = sim.define('start', (arg: { pod: string; n: number }) => got.push(arg));
    const payload = { pod: 'web-1', n: 3 };
    sim.at(1, kind, payload);
    sim.at(2, kind, { pod: 'web-2', n: 4 });
    sim.run();
    expect(got).toEqual([payload, { pod: 'web-2', n: 4 }]);
    expect(got[0]).toBe(payload); // the very object, not a copy
  });

  it('runs plain functions with their arguments', () => {
    const sim = new Simulation();
    const got: unknown[] = [];
    const handler = (x: number): void => {
      got.push(x * 2);
    };
    sim.at(1, handler, 21);
    sim.at(2, handler, 50);
    sim.at(3, (s: string) => got.push(s), 'hello');
    sim.run();
    expect(got).toEqual([42, 100, 'hello']);
  });

  it('passes undefined when no argument is given', () => {
    const sim = new Simulation();
    const got: unknown[] = [];
    sim.at(1, (x: unknown) => got.push(x));
    sim.run();
    expect(got).toEqual([undefined]);
  });

  it('does not leak an argument of one event to the next event in a reused slot', () => {
    const sim = new Simulation();
    const got: unknown[] = [];
    const kind = sim.define('k', (x: unknown) => got.push(x));
    sim.at(1, kind, 'first');
    sim.run();
    sim.at(2, kind); // likely reuses the freed slot
    sim.run();
    expect(got).toEqual(['first', undefined]);
  });

  it('lets many kinds and functions interleave in one run', () => {
    const sim = new Simulation();
    const order: string[] = [];
    const a = sim.define('a', (n: number) => order.push(`a${n}`));
    const b = sim.define('b', (n: number) => order.push(`b${n}`));
    const f = (n: number): void => {
      order.push(`f${n}`);
    };
    sim.at(2, b, 1);
    sim.at(1, f, 1);
    sim.at(1, a, 1);
    sim.at(2, f, 2);
    sim.at(0, a, 0);
    sim.run();
    expect(order).toEqual(['a0', 'f1', 'a1', 'b1', 'f2']);
  });

  it('handles far more pending events than the initial capacity', () => {
    const sim = new Simulation(16);
    const order: number[] = [];
    const kind = sim.define('k', (i: number) => order.push(i));
    const n = 5000;
    // Reverse time order, so the heap really has to sort.
    for (let i = 0; i < n; i++) sim.at(n - i, kind, i);
    expect(sim.pending).toBe(n);
    sim.run();
    expect(order).toEqual(Array.from({ length: n }, (_, i) => n - 1 - i));
  });
});
