// The discrete-event kernel: a virtual clock in integer milliseconds and one pending-event set
// ordered by (time, seq), where seq is taken when an event is scheduled, so that events due at
// the same time run first-in first-out.
//
// Why it looks the way it does (measured in benchmarks/kernel.bench.ts):
// - Pending keys (time, seq) live in a typed-array event set (event-set.ts) that carries a slot
//   id; a slot holds only an event kind and an argument. An event kind (`define(label, handler)`)
//   is a long-lived handler with its label, registered once per kind of event; so nothing is
//   allocated per event (no closure, no handle object: a handle is a number) and the label
//   costs nothing per event. Plain functions are accepted too and become kinds on first use.
// - Fixed-delay lanes: `const lane = sim.fixedDelay(delay)` then `lane.schedule(kind, arg)` is
//   `sim.after(delay, kind, arg)` (same order, same handle, cancel and isPending), kept in a FIFO
//   ring instead of the heap: events scheduled at now + one constant delay arrive sorted, so each
//   costs O(1) instead of O(log n). For high-volume fixed-period timers (a node's lease renewal).
//   Lanes are shared per delay; use them only for delays that many events use, since each lane
//   with entries adds a comparison when a lane head is popped. every() stays on the heap: its
//   timers are few, one pending event each.
// - Cancelling is lazy: the slot is marked dead and skipped when it reaches the top.
// - A handle packs (generation, slot); a stale handle (its event already ran or was cancelled,
//   and the slot reused) is recognised by its generation and ignored.
// - Each event's time and label are folded into a running 64-bit fingerprint (two 32-bit lanes),
//   so tests can pin the exact event sequence of a run. Labels are hashed once, when first seen.
// - An exception in a handler stops the run and is rethrown as a SimulationError that names the
//   virtual time and the event's label; the try block wraps the loop, not each event.

import { EventSet, SLOT_BITS, SLOT_SPACE, type Lane } from './event-set.js';
import { formatDuration, type Millis } from './duration.js';
import { fnv1a, hex32 } from './hash.js';

export type Handler<A = unknown> = (arg: A) => void;

/** A registered kind of event: a handler and its label (see Simulation.define). */
export type EventKind<A = unknown> = number & { readonly __argument?: A };

/** Identifies one scheduled event; pass it to Simulation.cancel. */
export type EventHandle = number;

/** A handle that never refers to a pending event (cancelling it does nothing). */
export const NO_EVENT: EventHandle = -1;

// A handle is generation × 2^26 + slot; generations wrap at 2^26 (they live in an Int32Array).
const GENERATION_SPACE = 2 ** SLOT_BITS;

export class SimulationError extends Error {
  override name = 'SimulationError';
  constructor(
    readonly virtualTime: Millis,
    readonly label: string,
    override readonly cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super(`event "${label}" at virtual time ${formatDuration(virtualTime)} (${virtualTime} ms) failed: ${why}`);
  }
}

/**
 * Schedules events at now + one constant delay, in O(1) each (see Simulation.fixedDelay). Equivalent
 * to Simulation.after with that delay: the same event order, handles and cancellation.
 */
export interface FixedDelayLane {
  readonly delay: Millis;
  /** Schedules the event at now + delay, exactly as `sim.after(delay, event, arg)` would. */
  schedule<A>(event: EventKind<A> | Handler<A>, arg?: A): EventHandle;
}

/** A repeating timer made by Simulation.every. */
export interface Periodic {
  readonly period: Millis;
  /** Time of the next run, or undefined once cancelled. */
  readonly nextAt: Millis | undefined;
  cancel(): void;
}

export class Simulation {
  private clock: Millis = 0;
  private executed = 0;
  private live = 0;

  private readonly events: EventSet;
  private readonly fixedDelayLanes = new Map<Millis, FixedDelayLane>(); // by delay
  /** The delay-0 lane's ring, once made: at(now, ...) goes there (watch events, reconciles). */
  private nowRing: Lane | null = null;
  // Per slot: [generation, kind] side by side in `meta` (kind -1: free or cancelled), and the
  // argument in `args`.
  private meta: Int32Array;
  private readonly args: unknown[] = [];
  private readonly freeSlots: number[] = [];
  private nextFreshSlot = 0;

  private readonly kindHandlers: Array<Handler<any>> = [];
  private readonly kindLabels: string[] = [];
  private readonly kindHashes: number[] = [];
  private readonly kindsOfFunctions = new Map<Handler<any>, number>();

  private laneA = 0x1e3779b9; // int32 seeds: the lanes stay small integers (no boxing)
  private laneB = 0x05ebca6b;
  private currentKind = -1;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, initialCapacity);
    this.events = new EventSet(capacity);
    this.meta = freshMeta(capacity);
  }

  /** Current virtual time in milliseconds. */
  get now(): Millis {
    return this.clock;
  }

  /** Number of events executed so far (cancelled events are not counted). */
  get eventsExecuted(): number {
    return this.executed;
  }

  /** Number of events scheduled and not yet run or cancelled. */
  get pending(): number {
    return this.live;
  }

  /** A hex digest of every executed event's time and label, in order. */
  get fingerprint(): string {
    return hex32(this.laneA) + hex32(this.laneB);
  }

  /** Registers a kind of event: its handler and the label that names it in fingerprints and errors. */
  define<A>(label: string, handler: Handler<A>): EventKind<A> {
    const kind = this.kindHandlers.length;
    this.kindHandlers.push(handler as Handler<any>);
    this.kindLabels.push(label);
    this.kindHashes.push(fnv1a(label));
    return kind as EventKind<A>;
  }

  /** Schedules the event at absolute virtual time `time` (an integer ≥ now). */
  at<A>(time: Millis, event: EventKind<A> | Handler<A>, arg?: A): EventHandle {
    return this.schedule(time, event, arg, null);
  }

  /** Schedules the event after `delay` milliseconds (an integer ≥ 0). */
  after<A>(delay: Millis, event: EventKind<A> | Handler<A>, arg?: A): EventHandle {
    return this.at(this.clock + delay, event, arg);
  }

  /**
   * The lane for `delay` (an integer ≥ 0 ms), made on first use and shared afterwards: its
   * schedule(event, arg) is after(delay, event, arg) at O(1) instead of O(log n).
   */
  fixedDelay(delay: Millis): FixedDelayLane {
    let lane = this.fixedDelayLanes.get(delay);
    if (lane === undefined) {
      if (!(delay >= 0) || !Number.isSafeInteger(delay)) {
        throw new RangeError(`fixedDelay(): the delay must be a non-negative integer number of ms, got ${delay}`);
      }
      const ring = this.events.addLane();
      if (delay === 0) this.nowRing = ring;
      lane = {
        delay,
        schedule: <A>(event: EventKind<A> | Handler<A>, arg?: A): EventHandle => this.scheduleInLane(ring, this.clock + delay, event, arg),
      };
      this.fixedDelayLanes.set(delay, lane);
    }
    return lane;
  }

  /**
   * Runs fn every `period` ms, first at now + offset (offset defaults to 0: the first run is
   * due immediately, as with Kubernetes' wait.Until). Cancel through the returned Periodic.
   */
  every(period: Millis, fn: () => void, offset: Millis = 0, label?: string): Periodic {
    if (!(period > 0) || !Number.isSafeInteger(period)) {
      throw new RangeError(`every(): the period must be a positive integer number of ms, got ${period}`);
    }
    if (!(offset >= 0) || !Number.isSafeInteger(offset)) {
      throw new RangeError(`every(): the offset must be a non-negative integer number of ms, got ${offset}`);
    }
    let handle = NO_EVENT;
    let nextAt: Millis | undefined = this.clock + offset;
    const tick = this.define(label ?? (fn.name || 'every'), () => {
      nextAt = this.clock + period;
      handle = this.at(nextAt, tick);
      fn();
    });
    handle = this.at(nextAt, tick);
    const cancel = (): void => {
      this.cancel(handle);
      handle = NO_EVENT;
      nextAt = undefined;
    };
    return {
      period,
      get nextAt() {
        return nextAt;
      },
      cancel,
    };
  }

  /**
   * Schedules the event at `time`, in the heap or (lane given) in that fixed-delay lane. An event
   * for the current time goes to the delay-0 lane: it keeps the same (time, seq) order as the
   * heap would, at O(1) (such events, one per watch delivery and reconcile, are most of a burst).
   */
  private schedule<A>(time: Millis, event: EventKind<A> | Handler<A>, arg: A | undefined, lane: Lane | null): EventHandle {
    const kind = typeof event === 'number' ? event : this.kindOf(event);
    if (!(time >= this.clock) || !Number.isSafeInteger(time)) {
      throw new RangeError(
        `cannot schedule "${this.kindLabels[kind]}" at ${time}: times are integer milliseconds not before now (${this.clock})`,
      );
    }
    if (lane === null && time === this.clock) lane = this.nowRing ?? this.makeNowRing();
    const slot = this.occupySlot(kind, arg);
    if (lane === null) this.events.push(time, slot);
    else this.events.pushLane(lane, time, slot);
    return this.handleOf(slot);
  }

  /** schedule() for a lane, whose times (now + its checked delay) need no checking. */
  private scheduleInLane<A>(lane: Lane, time: Millis, event: EventKind<A> | Handler<A>, arg: A | undefined): EventHandle {
    const slot = this.occupySlot(typeof event === 'number' ? event : this.kindOf(event), arg);
    this.events.pushLane(lane, time, slot);
    return this.handleOf(slot);
  }

  /** The handle of the event now in `slot`. */
  private handleOf(slot: number): EventHandle {
    return (this.meta[2 * slot] as number) * SLOT_SPACE + slot;
  }

  private makeNowRing(): Lane {
    this.fixedDelay(0);
    return this.nowRing as Lane;
  }

  /** Cancels a pending event. Returns false if it already ran or was cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!this.isPending(handle)) return false;
    const slot = handle % SLOT_SPACE;
    this.meta[2 * slot + 1] = -1;
    this.args[slot] = undefined;
    this.live--;
    return true;
  }

  /** True while the event behind the handle is still pending. */
  isPending(handle: EventHandle): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle % SLOT_SPACE;
    return (
      slot < this.nextFreshSlot &&
      this.meta[2 * slot] === (handle - slot) / SLOT_SPACE &&
      (this.meta[2 * slot + 1] as number) >= 0
    );
  }

  /** Time of the next pending event, or undefined if none. */
  peekTime(): Millis | undefined {
    return this.liveTop() >= 0 ? this.events.time : undefined;
  }

  /**
   * Runs events in (time, seq) order while the next one is due at or before `until`, including
   * events that handlers schedule for times ≤ until during the run. Afterwards the clock reads
   * `until` (it never goes back: until < now is an error). Without `until`, runs until no event
   * is pending and leaves the clock at the last event's time. Returns the number of events run.
   */
  run(until: Millis = Number.POSITIVE_INFINITY): number {
    if (!(until >= this.clock) || (until !== Number.POSITIVE_INFINITY && !Number.isSafeInteger(until))) {
      throw new RangeError(`run(until=${until}): expected an integer number of ms not before the current time ${this.clock}`);
    }
    const start = this.executed;
    const events = this.events;
    try {
      for (;;) {
        const slot = events.top();
        if (slot < 0) break;
        const kind = this.meta[2 * slot + 1] as number;
        if (kind < 0) {
          events.pop();
          this.releaseSlot(slot);
          continue;
        }
        const time = events.time;
        if (time > until) break;
        events.pop();
        this.fire(slot, time, kind);
      }
    } catch (error) {
      throw this.wrap(error);
    }
    if (until !== Number.POSITIVE_INFINITY) this.clock = until;
    return this.executed - start;
  }

  /** Runs exactly the next pending event. Returns false if there was none. */
  step(): boolean {
    const slot = this.liveTop();
    if (slot < 0) return false;
    const time = this.events.time;
    this.events.pop();
    try {
      this.fire(slot, time, this.meta[2 * slot + 1] as number);
    } catch (error) {
      throw this.wrap(error);
    }
    return true;
  }

  private fire(slot: number, time: number, kind: number): void {
    const arg = this.args[slot];
    const hash = this.kindHashes[kind] as number;
    this.clock = time;
    this.currentKind = kind;
    const low = time | 0;
    const high = (time / 4294967296) | 0;
    this.laneA = Math.imul(this.laneA ^ low, 0x01000193) ^ hash;
    this.laneB = (Math.imul(this.laneB + hash, 0x5bd1e995) + low + high) | 0;
    this.releaseSlot(slot);
    this.live--;
    this.executed++;
    (this.kindHandlers[kind] as Handler<unknown>)(arg);
  }

  private kindOf(fn: Handler<any>): number {
    let kind = this.kindsOfFunctions.get(fn);
    if (kind === undefined) {
      kind = this.define(fn.name || 'anonymous', fn);
      this.kindsOfFunctions.set(fn, kind);
    }
    return kind;
  }

  private wrap(error: unknown): SimulationError {
    if (error instanceof SimulationError) return error;
    return new SimulationError(this.clock, this.kindLabels[this.currentKind] ?? '?', error);
  }

  /** Drops cancelled entries from the top; returns the earliest live slot (time in events.time), or -1. */
  private liveTop(): number {
    const events = this.events;
    for (;;) {
      const slot = events.top();
      if (slot < 0 || (this.meta[2 * slot + 1] as number) >= 0) return slot;
      events.pop();
      this.releaseSlot(slot);
    }
  }

  /** Takes a slot for a new pending event of `kind` (validated here) with `arg`. */
  private occupySlot(kind: number, arg: unknown): number {
    if (!(kind >= 0 && kind < this.kindHandlers.length)) throw new RangeError(`unknown event kind ${kind}`);
    const slot = this.allocateSlot();
    this.meta[2 * slot + 1] = kind;
    this.args[slot] = arg;
    this.live++;
    return slot;
  }

  private allocateSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    if (2 * this.nextFreshSlot === this.meta.length) this.growSlots();
    return this.nextFreshSlot++;
  }

  private releaseSlot(slot: number): void {
    this.meta[2 * slot] = ((this.meta[2 * slot] as number) + 1) & (GENERATION_SPACE - 1);
    this.meta[2 * slot + 1] = -1;
    this.args[slot] = undefined;
    this.freeSlots.push(slot);
  }

  private growSlots(): void {
    const slots = this.meta.length; // the new slot count: twice the old one
    if (slots > SLOT_SPACE) throw new RangeError(`more than ${SLOT_SPACE} events pending`);
    const meta = freshMeta(slots);
    meta.set(this.meta);
    this.meta = meta;
  }
}

/** Slot metadata for `slots` free slots: generation 0, kind -1. */
function freshMeta(slots: number): Int32Array {
  const meta = new Int32Array(2 * slots);
  for (let i = 1; i < meta.length; i += 2) meta[i] = -1;
  return meta;
}
