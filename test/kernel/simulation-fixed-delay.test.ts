// Fixed-delay lanes (sim.fixedDelay(delay).schedule): exactly sim.after(delay, …) in event order,
// handles, cancel, isPending, peekTime, step, run(until), counters and error wrapping.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Simulation, SimulationError } from '../../src/kernel/index.js';
import type { EventHandle, EventKind } from '../../src/kernel/index.js';

const DELAYS = [0, 5, 10];

interface Spec {
  /** Heap event at now + dt (sim.at), or lane event with delay DELAYS[lane]. */
  at?: number;
  lane?: number;
  label: number;
  /** How many times the event schedules a copy of itself when it runs. */
  chain: number;
}

type Op = Spec | { cancel: number } | { run: number } | 'step' | 'peek';

/** Drives one simulation; with useLanes false, lane events go through sim.after instead. */
class Driver {
  readonly sim = new Simulation(16);
  readonly log: Array<[number, number]> = []; // [event id, time it ran]
  readonly handles: EventHandle[] = [];
  private readonly specs: Spec[] = [];
  private readonly kinds: Array<EventKind<number>>;

  constructor(private readonly useLanes: boolean) {
    this.kinds = ['alpha', 'beta', 'gamma'].map((label) => this.sim.define(label, (id: number) => this.fire(id)));
  }

  schedule(spec: Spec): EventHandle {
    const id = this.specs.length;
    this.specs.push(spec);
    const kind = this.kinds[spec.label]!;
    let handle: EventHandle;
    if (spec.at !== undefined) handle = this.sim.at(this.sim.now + spec.at, kind, id);
    else if (this.useLanes) handle = this.sim.fixedDelay(DELAYS[spec.lane!]!).schedule(kind, id);
    else handle = this.sim.after(DELAYS[spec.lane!]!, kind, id);
    this.handles.push(handle);
    return handle;
  }

  /** Applies one operation; returns what it returned, for comparison. */
  apply(op: Op): unknown {
    if (op === 'step') return this.sim.step();
    if (op === 'peek') return this.sim.peekTime();
    if ('cancel' in op) return this.handles.length === 0 ? undefined : this.sim.cancel(this.handles[op.cancel % this.handles.length]!);
    if ('run' in op) return this.sim.run(this.sim.now + op.run);
    this.schedule(op);
    return undefined;
  }

  state(): unknown {
    const { sim } = this;
    return {
      now: sim.now,
      pending: sim.pending,
      executed: sim.eventsExecuted,
      fingerprint: sim.fingerprint,
      peek: sim.peekTime(),
      live: this.handles.map((h) => sim.isPending(h)),
    };
  }

  private fire(id: number): void {
    this.log.push([id, this.sim.now]);
    const spec = this.specs[id]!;
    if (spec.chain > 0) this.schedule({ ...spec, chain: spec.chain - 1 });
  }
}

const label = fc.integer({ min: 0, max: 2 });
const chain = fc.integer({ min: 0, max: 3 });
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: fc.record({ at: fc.integer({ min: 0, max: 20 }), label, chain }), weight: 4 },
  { arbitrary: fc.record({ lane: fc.integer({ min: 0, max: DELAYS.length - 1 }), label, chain }), weight: 5 },
  { arbitrary: fc.record({ cancel: fc.nat() }), weight: 2 },
  { arbitrary: fc.record({ run: fc.integer({ min: 0, max: 15 }) }), weight: 2 },
  { arbitrary: fc.constant('step' as const), weight: 2 },
  { arbitrary: fc.constant('peek' as const), weight: 1 },
);

describe('fixedDelay lanes', () => {
  it('interleave with heap events exactly as if all were heap events (property)', () => {
    fc.assert(
      fc.property(fc.array(opArbitrary, { maxLength: 200 }), (ops) => {
        const lanes = new Driver(true);
        const heap = new Driver(false);
        for (const op of ops) {
          expect(lanes.apply(op)).toEqual(heap.apply(op));
          expect(lanes.state()).toEqual(heap.state());
        }
        expect(lanes.sim.run()).toBe(heap.sim.run());
        expect(lanes.log).toEqual(heap.log);
        expect(lanes.state()).toEqual(heap.state());
      }),
      { numRuns: 400 },
    );
  });

  it('pins the same fingerprint as heap events for a lease-like schedule', () => {
    const run = (useLanes: boolean): [string, number] => {
      const sim = new Simulation();
      const lane = sim.fixedDelay(10_000);
      const renew: EventKind<number> = sim.define('renew', (node: number) => {
        if (useLanes) lane.schedule(renew, node);
        else sim.after(10_000, renew, node);
      });
      const status = sim.define('status', () => {});
      for (let node = 0; node < 50; node++) sim.after((node * 7919) % 10_000, renew, node);
      sim.every(5_000, () => sim.after(0, status));
      sim.run(3_600_000);
      return [sim.fingerprint, sim.eventsExecuted];
    };
    expect(run(true)).toEqual(run(false));
  });

  it('returns one lane per delay and rejects delays that are not non-negative integers', () => {
    const sim = new Simulation();
    expect(sim.fixedDelay(10)).toBe(sim.fixedDelay(10));
    expect(sim.fixedDelay(10)).not.toBe(sim.fixedDelay(11));
    expect(sim.fixedDelay(0).delay).toBe(0);
    for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) expect(() => sim.fixedDelay(bad)).toThrow(RangeError);
  });

  it('runs lane events at now + delay, first-in first-out with heap events at the same time', () => {
    const sim = new Simulation();
    const ran: string[] = [];
    const lane = sim.fixedDelay(10);
    lane.schedule(() => ran.push(`lane1@${sim.now}`));
    sim.at(10, () => ran.push(`heap@${sim.now}`));
    lane.schedule(() => ran.push(`lane2@${sim.now}`));
    sim.at(5, () => lane.schedule(() => ran.push(`lane3@${sim.now}`)));
    sim.run();
    expect(ran).toEqual(['lane1@10', 'heap@10', 'lane2@10', 'lane3@15']);
  });

  it('cancels lane events lazily: pending drops at once, the event never runs', () => {
    const sim = new Simulation();
    const lane = sim.fixedDelay(10);
    const ran: number[] = [];
    const kind = sim.define('x', (i: number) => ran.push(i));
    const handles = [0, 1, 2, 3].map((i) => lane.schedule(kind, i));
    expect(sim.pending).toBe(4);
    expect(sim.cancel(handles[0]!)).toBe(true); // the lane's head
    expect(sim.cancel(handles[2]!)).toBe(true);
    expect(sim.cancel(handles[2]!)).toBe(false);
    expect(sim.isPending(handles[2]!)).toBe(false);
    expect(sim.isPending(handles[1]!)).toBe(true);
    expect(sim.pending).toBe(2);
    expect(sim.peekTime()).toBe(10);
    expect(sim.run()).toBe(2);
    expect(ran).toEqual([1, 3]);
    expect(sim.eventsExecuted).toBe(2);
    expect(sim.pending).toBe(0);
    expect(sim.peekTime()).toBeUndefined();
  });

  it('ignores stale lane handles once their slot is reused', () => {
    const sim = new Simulation();
    const lane = sim.fixedDelay(3);
    const ran: string[] = [];
    const old = lane.schedule(() => ran.push('old'));
    sim.run();
    const fresh = lane.schedule(() => ran.push('new'));
    const heapEvent = sim.after(3, () => ran.push('heap'));
    expect(fresh).not.toBe(old);
    expect(sim.cancel(old)).toBe(false);
    expect(sim.isPending(fresh)).toBe(true);
    expect(sim.isPending(heapEvent)).toBe(true);
    // And a cancelled lane event's handle stays stale after its slot is reused.
    expect(sim.cancel(fresh)).toBe(true);
    sim.run();
    const reuse = sim.after(1, () => ran.push('reuse'));
    expect(sim.cancel(fresh)).toBe(false);
    expect(sim.isPending(reuse)).toBe(true);
    sim.run();
    expect(ran).toEqual(['old', 'heap', 'reuse']);
  });

  it('stops run(until) at until: lane events at until run, those after it wait', () => {
    const sim = new Simulation();
    const lane = sim.fixedDelay(10);
    const times: number[] = [];
    const tick: EventKind<undefined> = sim.define('tick', () => {
      times.push(sim.now);
      lane.schedule(tick);
    });
    lane.schedule(tick);
    expect(sim.run(30)).toBe(3);
    expect(times).toEqual([10, 20, 30]);
    expect(sim.now).toBe(30);
    expect(sim.run(39)).toBe(0);
    expect(sim.now).toBe(39);
    expect(sim.peekTime()).toBe(40);
    expect(sim.pending).toBe(1);
    // A lane event scheduled now falls at 49, after the pending one at 40.
    lane.schedule(() => times.push(-sim.now));
    expect(sim.step()).toBe(true); // the tick at 40, which schedules one at 50
    expect(sim.run(49)).toBe(1);
    expect(times).toEqual([10, 20, 30, 40, -49]);
    expect(sim.peekTime()).toBe(50);
  });

  it('wraps a lane handler exception in a SimulationError naming the time and label', () => {
    const sim = new Simulation();
    const boom = sim.define('lane-boom', () => {
      throw new Error('kaput');
    });
    sim.fixedDelay(1_000).schedule(boom);
    let error: unknown;
    try {
      sim.run();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SimulationError);
    expect((error as SimulationError).label).toBe('lane-boom');
    expect((error as SimulationError).virtualTime).toBe(1_000);
    expect(() => sim.step()).not.toThrow(); // nothing left
  });

  it('grows a lane past its initial capacity', () => {
    const sim = new Simulation(16);
    const lane = sim.fixedDelay(7);
    const ran: number[] = [];
    const kind = sim.define('x', (i: number) => ran.push(i));
    for (let i = 0; i < 500; i++) lane.schedule(kind, i);
    sim.run(3); // wraps nothing yet; then schedule more at a later now
    for (let i = 500; i < 1000; i++) lane.schedule(kind, i);
    expect(sim.pending).toBe(1000);
    expect(sim.run()).toBe(1000);
    expect(ran).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(sim.now).toBe(10);
  });
});
