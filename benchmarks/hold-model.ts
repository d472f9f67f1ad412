// The classic hold model for event-set benchmarks: keep N events pending; each event, when it
// runs, schedules one successor at now + a random increment. Both the kernel (through its public
// API) and a bare typed-array binary heap (the reference) draw increments from the same
// pre-generated table, so neither pays for random number generation inside the timed loop.

import { Simulation } from '../src/kernel/index.js';

export const MEAN_INCREMENT_MS = 1000;
const TABLE_SIZE = 1 << 16;

/** Integer increments, exponential with mean MEAN_INCREMENT_MS, from a fixed LCG (no Math.random). */
export function incrementTable(): Int32Array {
  const table = new Int32Array(TABLE_SIZE);
  let state = 12345;
  for (let i = 0; i < TABLE_SIZE; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const u = (state + 0.5) / 4294967296;
    table[i] = Math.round(-MEAN_INCREMENT_MS * Math.log(u));
  }
  return table;
}

/** The kernel under the hold model: run(window) repeatedly; count events actually run. */
export class KernelHold {
  readonly sim = new Simulation();
  private readonly increments = incrementTable();
  private cursor = 0;
  /** Virtual time per call of advance(), sized to run about `eventsPerCall` events. */
  private readonly window: number;

  constructor(pending: number, eventsPerCall: number) {
    const hold = this.sim.define('hold', () => {
      this.sim.after(this.increments[this.cursor++ & (TABLE_SIZE - 1)] as number, hold);
    });
    for (let i = 0; i < pending; i++) this.sim.after(this.increments[this.cursor++ & (TABLE_SIZE - 1)] as number, hold);
    this.window = Math.max(1, Math.round((eventsPerCall * MEAN_INCREMENT_MS) / pending));
  }

  advance(): void {
    this.sim.run(this.sim.now + this.window);
  }
}

/**
 * A bare binary min-heap in typed arrays, popped then pushed once per event. With `withSeqAndId`
 * it keeps what any event set must keep, a (time, seq) key for first-in first-out ties and an
 * event id (three parallel arrays): the reference the kernel is judged against. Without, it
 * keeps times only: the floor no event set can reach, reported alongside for transparency.
 */
export class ReferenceHeapHold {
  private readonly times: Float64Array;
  private readonly seqs: Float64Array;
  private readonly ids: Int32Array;
  private size = 0;
  private seq = 0;
  private readonly increments = incrementTable();
  private cursor = 0;
  events = 0;

  constructor(
    pending: number,
    private readonly withSeqAndId: boolean,
  ) {
    this.times = new Float64Array(pending + 1);
    this.seqs = new Float64Array(pending + 1);
    this.ids = new Int32Array(pending + 1);
    for (let i = 0; i < pending; i++) this.push(this.increments[this.cursor++ & (TABLE_SIZE - 1)] as number, i);
  }

  advance(events: number): void {
    for (let i = 0; i < events; i++) {
      const now = this.times[0] as number;
      const id = this.ids[0] as number;
      if (this.withSeqAndId) this.popKeyed();
      else this.popTimeOnly();
      this.push(now + (this.increments[this.cursor++ & (TABLE_SIZE - 1)] as number), id);
    }
    this.events += events;
  }

  private push(time: number, id: number): void {
    const times = this.times;
    let i = this.size++;
    if (this.withSeqAndId) {
      const seqs = this.seqs;
      const ids = this.ids;
      const seq = this.seq++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const parentTime = times[parent] as number;
        if (parentTime < time || (parentTime === time && (seqs[parent] as number) < seq)) break;
        times[i] = parentTime;
        seqs[i] = seqs[parent] as number;
        ids[i] = ids[parent] as number;
        i = parent;
      }
      seqs[i] = seq;
      ids[i] = id;
    } else {
      while (i > 0) {
        const parent = (i - 1) >> 1;
        const parentTime = times[parent] as number;
        if (parentTime <= time) break;
        times[i] = parentTime;
        i = parent;
      }
    }
    times[i] = time;
  }

  private popKeyed(): void {
    const times = this.times;
    const seqs = this.seqs;
    const ids = this.ids;
    const size = --this.size;
    const time = times[size] as number;
    const seq = seqs[size] as number;
    const id = ids[size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (
        right < size &&
        ((times[right] as number) < (times[child] as number) ||
          (times[right] === times[child] && (seqs[right] as number) < (seqs[child] as number)))
      ) {
        child = right;
      }
      const childTime = times[child] as number;
      if (time < childTime || (time === childTime && seq < (seqs[child] as number))) break;
      times[i] = childTime;
      seqs[i] = seqs[child] as number;
      ids[i] = ids[child] as number;
      i = child;
    }
    times[i] = time;
    seqs[i] = seq;
    ids[i] = id;
  }

  private popTimeOnly(): void {
    const times = this.times;
    const size = --this.size;
    const last = times[size] as number;
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (times[right] as number) < (times[child] as number)) child = right;
      if ((times[child] as number) >= last) break;
      times[i] = times[child] as number;
      i = child;
    }
    times[i] = last;
  }
}
