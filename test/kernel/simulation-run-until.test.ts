// run(until): which events run, where the clock ends, what it returns; pending and peekTime().
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/index.js';

function recorder(sim: Simulation): { times: number[]; kind: ReturnType<Simulation['define']> } {
  const times: number[] = [];
  const kind = sim.define('record', () => times.push(sim.now));
  return { times, kind };
}

describe('run(until) boundaries', () => {
  it('runs an event exactly at until and not one at until + 1', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    sim.at(100, kind);
    sim.at(101, kind);
    expect(sim.run(100)).toBe(1);
    expect(times).toEqual([100]);
    expect(sim.pending).toBe(1);
    expect(sim.peekTime()).toBe(101);
  });

  it('leaves the clock at until, even when the last event ran earlier', () => {
    const sim = new Simulation();
    const { kind } = recorder(sim);
    sim.at(10, kind);
    sim.at(500, kind);
    sim.run(250);
    expect(sim.now).toBe(250);
  });

  it('advances the clock to until when nothing is pending', () => {
    const sim = new Simulation();
    expect(sim.run(1000)).toBe(0);
    expect(sim.now).toBe(1000);
  });

  it('lets run(now) run the events due now and keep the clock', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    sim.run(50);
    sim.at(50, kind);
    sim.at(51, kind);
    expect(sim.run(50)).toBe(1);
    expect(times).toEqual([50]);
    expect(sim.now).toBe(50);
  });

  it('also runs events that handlers schedule at times ≤ until, but not later ones', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    sim.at(10, () => {
      times.push(sim.now);
      sim.at(20, kind); // before until
      sim.at(30, kind); // exactly until
      sim.at(31, kind); // after until
      sim.after(0, kind); // at now
    });
    expect(sim.run(30)).toBe(4);
    expect(times).toEqual([10, 10, 20, 30]);
    expect(sim.pending).toBe(1);
    expect(sim.peekTime()).toBe(31);
  });

  it('runs chains of events scheduled from handlers up to until', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    const chain = sim.define('chain', () => {
      seen.push(sim.now);
      sim.after(7, chain);
    });
    sim.at(0, chain);
    const ran = sim.run(50);
    expect(seen).toEqual([0, 7, 14, 21, 28, 35, 42, 49]);
    expect(ran).toBe(8);
    expect(sim.now).toBe(50);
    expect(sim.peekTime()).toBe(56);
  });

  it('continues correctly across consecutive run(until) calls', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    for (const t of [5, 15, 25, 35]) sim.at(t, kind);
    expect(sim.run(10)).toBe(1);
    expect(sim.run(10)).toBe(0);
    expect(sim.run(30)).toBe(2);
    expect(sim.run(100)).toBe(1);
    expect(times).toEqual([5, 15, 25, 35]);
    expect(sim.now).toBe(100);
  });

  it('makes after() relative to until once run(until) returned', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    sim.run(1000);
    sim.after(5, kind);
    sim.run();
    expect(times).toEqual([1005]);
  });

  it('throws RangeError for until before now, without running anything', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    sim.run(100);
    sim.at(150, kind);
    expect(() => sim.run(99)).toThrow(RangeError);
    expect(times).toEqual([]);
    expect(sim.now).toBe(100);
    expect(sim.pending).toBe(1);
  });

  // Regression test for a fixed bug (src/kernel/simulation.ts, run): `until` is only checked with `until < this.clock`, so
  // NaN passes (every comparison with NaN is false): the loop's `time > until` never breaks, so
  // run(NaN) drains every pending event, then sets the clock to NaN, after which every at()/after()
  // throws. at() rejects NaN; run() should too.
  it('rejects run(NaN) with a RangeError instead of draining and setting now to NaN', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    sim.at(5, kind);
    expect(() => sim.run(Number.NaN)).toThrow(RangeError);
    expect(times).toEqual([]);
    expect(sim.now).toBe(0);
  });

  // Regression test for a fixed bug (src/kernel/simulation.ts, run): a non-integer `until` is accepted and becomes the clock
  // (now === 10.5), breaking the integer-millisecond invariant: after(1, ...) then throws because
  // 11.5 is not an integer.
  it('rejects a non-integer until (the clock must stay integer milliseconds)', () => {
    const sim = new Simulation();
    expect(() => sim.run(10.5)).toThrow(RangeError);
    expect(Number.isInteger(sim.now)).toBe(true);
  });
});

describe('run() without until', () => {
  it('drains every event and leaves the clock at the last event time', () => {
    const sim = new Simulation();
    const { times, kind } = recorder(sim);
    for (const t of [300, 100, 200]) sim.at(t, kind);
    expect(sim.run()).toBe(3);
    expect(times).toEqual([100, 200, 300]);
    expect(sim.now).toBe(300);
    expect(sim.pending).toBe(0);
    expect(sim.peekTime()).toBeUndefined();
  });

  it('includes events scheduled by handlers in the drain and the count', () => {
    const sim = new Simulation();
    let remaining = 10;
    const countdown = sim.define('countdown', () => {
      if (--remaining > 0) sim.after(1000, countdown);
    });
    sim.at(0, countdown);
    expect(sim.run()).toBe(10);
    expect(sim.now).toBe(9000);
  });

  it('leaves the clock where it was when nothing is pending', () => {
    const sim = new Simulation();
    sim.run(777);
    expect(sim.run()).toBe(0);
    expect(sim.now).toBe(777);
  });

  it('does not count cancelled events', () => {
    const sim = new Simulation();
    const { kind } = recorder(sim);
    const a = sim.at(1, kind);
    sim.at(2, kind);
    const c = sim.at(3, kind);
    sim.cancel(a);
    sim.cancel(c);
    expect(sim.run()).toBe(1);
    expect(sim.eventsExecuted).toBe(1);
    // The clock stops at the last event that actually ran, not at a cancelled one.
    expect(sim.now).toBe(2);
  });
});

describe('pending and peekTime()', () => {
  it('counts scheduled, cancelled and executed events', () => {
    const sim = new Simulation();
    const { kind } = recorder(sim);
    expect(sim.pending).toBe(0);
    const a = sim.at(10, kind);
    sim.at(20, kind);
    sim.at(30, kind);
    expect(sim.pending).toBe(3);
    sim.cancel(a);
    expect(sim.pending).toBe(2);
    sim.cancel(a);
    expect(sim.pending).toBe(2);
    sim.run(20);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(sim.pending).toBe(0);
  });

  it('sees pending decrease before the handler runs and include events the handler adds', () => {
    const sim = new Simulation();
    const seen: number[] = [];
    sim.at(1, () => {
      seen.push(sim.pending);
      sim.after(1, () => seen.push(sim.pending));
    });
    sim.at(5, () => {});
    sim.run();
    expect(seen).toEqual([1, 1]);
  });

  it('peekTime() gives the earliest pending time and skips cancelled events', () => {
    const sim = new Simulation();
    const { kind } = recorder(sim);
    expect(sim.peekTime()).toBeUndefined();
    const a = sim.at(10, kind);
    const b = sim.at(5, kind);
    sim.at(20, kind);
    expect(sim.peekTime()).toBe(5);
    sim.cancel(b);
    expect(sim.peekTime()).toBe(10);
    sim.cancel(a);
    expect(sim.peekTime()).toBe(20);
    expect(sim.pending).toBe(1);
  });

  it('peekTime() is undefined when only cancelled events remain, and does not move the clock', () => {
    const sim = new Simulation();
    const { kind } = recorder(sim);
    sim.cancel(sim.at(10, kind));
    expect(sim.peekTime()).toBeUndefined();
    expect(sim.now).toBe(0);
    expect(sim.pending).toBe(0);
  });
});
