// Cancelling events: handles, stale handles after slot reuse, isPending, NO_EVENT.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NO_EVENT, Simulation } from '../../src/kernel/index.js';
import type { EventHandle } from '../../src/kernel/index.js';

describe('cancel()', () => {
  it('prevents a pending event from running', () => {
    const sim = new Simulation();
    const ran: string[] = [];
    const h = sim.at(10, () => ran.push('cancelled'));
    sim.at(10, () => ran.push('kept'));
    expect(sim.cancel(h)).toBe(true);
    sim.run();
    expect(ran).toEqual(['kept']);
  });

  it('returns true once, then false', () => {
    const sim = new Simulation();
    const h = sim.at(10, () => {});
    expect(sim.cancel(h)).toBe(true);
    expect(sim.cancel(h)).toBe(false);
    expect(sim.cancel(h)).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('returns false for an event that already ran', () => {
    const sim = new Simulation();
    const h = sim.at(10, () => {});
    sim.run();
    expect(sim.cancel(h)).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('returns false when an event cancels itself from its own handler', () => {
    const sim = new Simulation();
    let result: boolean | undefined;
    let self: EventHandle = NO_EVENT;
    self = sim.at(10, () => {
      result = sim.cancel(self);
    });
    sim.run();
    expect(result).toBe(false);
    expect(sim.eventsExecuted).toBe(1);
  });

  it('does not let a stale handle cancel a new event that reuses the slot', () => {
    const sim = new Simulation();
    const ran: string[] = [];
    const old = sim.at(1, () => ran.push('old'));
    sim.run();
    const fresh = sim.at(2, () => ran.push('new'));
    expect(fresh).not.toBe(old);
    expect(sim.cancel(old)).toBe(false);
    expect(sim.isPending(fresh)).toBe(true);
    sim.run();
    expect(ran).toEqual(['old', 'new']);
  });

  it('does not let a stale handle of a cancelled event cancel a later event in the same slot', () => {
    const sim = new Simulation();
    const ran: string[] = [];
    const old = sim.at(1, () => ran.push('old'));
    sim.cancel(old);
    sim.run(); // pops the cancelled entry and frees its slot
    const fresh = sim.at(2, () => ran.push('new'));
    expect(sim.cancel(old)).toBe(false);
    expect(sim.isPending(fresh)).toBe(true);
    sim.run();
    expect(ran).toEqual(['new']);
  });

  it('keeps stale handles harmless over many reuse cycles of the same slots', () => {
    const sim = new Simulation(16);
    const stale: EventHandle[] = [];
    let ran = 0;
    const kind = sim.define('k', () => ran++);
    for (let round = 0; round < 200; round++) {
      const live = [sim.after(1, kind), sim.after(2, kind), sim.after(2, kind)];
      for (const h of stale) expect(sim.cancel(h)).toBe(false);
      for (const h of live) expect(sim.isPending(h)).toBe(true);
      expect(sim.pending).toBe(3);
      sim.run();
      stale.push(...live);
    }
    expect(ran).toBe(600);
  });

  it('lets a handler cancel a later event due at the same time', () => {
    const sim = new Simulation();
    const ran: string[] = [];
    let victim: EventHandle = NO_EVENT;
    let result: boolean | undefined;
    sim.at(5, () => {
      ran.push('first');
      result = sim.cancel(victim);
    });
    victim = sim.at(5, () => ran.push('victim'));
    sim.at(5, () => ran.push('third'));
    sim.run();
    expect(result).toBe(true);
    expect(ran).toEqual(['first', 'third']);
    expect(sim.eventsExecuted).toBe(2);
  });

  it('lets a handler cancel an event it has just scheduled', () => {
    const sim = new Simulation();
    const ran: string[] = [];
    sim.at(5, () => {
      const h = sim.after(0, () => ran.push('child'));
      expect(sim.cancel(h)).toBe(true);
    });
    sim.run();
    expect(ran).toEqual([]);
  });

  it('matches a reference model of which handles are pending under random schedule/cancel/step', () => {
    type Op = { op: 'at'; delay: number } | { op: 'cancel'; target: number } | { op: 'step' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('at' as const), delay: fc.integer({ min: 0, max: 5 }) }),
      fc.record({ op: fc.constant('cancel' as const), target: fc.nat() }),
      fc.record({ op: fc.constant('step' as const) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const sim = new Simulation(16);
        const ran = new Set<number>();
        const kind = sim.define('k', (id: number) => ran.add(id));
        const handles: EventHandle[] = [];
        const state: Array<'pending' | 'cancelled'> = [];
        for (const o of ops) {
          if (o.op === 'at') {
            handles.push(sim.after(o.delay, kind, handles.length));
            state.push('pending');
          } else if (o.op === 'cancel' && handles.length > 0) {
            const i = o.target % handles.length;
            const expected = state[i] === 'pending' && !ran.has(i);
            expect(sim.cancel(handles[i] as EventHandle)).toBe(expected);
            if (expected) state[i] = 'cancelled';
          } else if (o.op === 'step') {
            sim.step();
          }
          for (let i = 0; i < handles.length; i++) {
            expect(sim.isPending(handles[i] as EventHandle)).toBe(state[i] === 'pending' && !ran.has(i));
          }
        }
        sim.run();
        for (let i = 0; i < handles.length; i++) expect(ran.has(i)).toBe(state[i] === 'pending');
      }),
      { numRuns: 200 },
    );
  });
});

describe('isPending()', () => {
  it('is true until the event runs, then false', () => {
    const sim = new Simulation();
    let duringHandler: boolean | undefined;
    const h: EventHandle = sim.at(10, () => {
      duringHandler = sim.isPending(h);
    });
    expect(sim.isPending(h)).toBe(true);
    sim.run(9);
    expect(sim.isPending(h)).toBe(true);
    sim.run(10);
    expect(sim.isPending(h)).toBe(false);
    expect(duringHandler).toBe(false);
  });

  it('is false after cancel', () => {
    const sim = new Simulation();
    const h = sim.at(10, () => {});
    sim.cancel(h);
    expect(sim.isPending(h)).toBe(false);
  });

  it('is false for handles that were never issued', () => {
    const sim = new Simulation();
    sim.at(10, () => {});
    expect(sim.isPending(-5)).toBe(false);
    expect(sim.isPending(999)).toBe(false);
    expect(sim.isPending(2 ** 40)).toBe(false);
    expect(sim.cancel(999)).toBe(false);
    expect(sim.pending).toBe(1);
  });
});

describe('NO_EVENT', () => {
  it('is never pending and cancelling it does nothing', () => {
    const sim = new Simulation();
    const ran: number[] = [];
    sim.at(1, () => ran.push(1));
    expect(sim.isPending(NO_EVENT)).toBe(false);
    expect(sim.cancel(NO_EVENT)).toBe(false);
    expect(sim.pending).toBe(1);
    sim.run();
    expect(ran).toEqual([1]);
  });

  it('is never returned as a real handle', () => {
    const sim = new Simulation(16);
    for (let i = 0; i < 100; i++) expect(sim.after(i, () => {})).not.toBe(NO_EVENT);
  });
});
