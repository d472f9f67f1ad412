// The pending-event set: every scheduled event as a (time, tag) entry, popped in (time, seq)
// order, where tag = seq × 2^26 + slot and seq is one counter for the whole set, taken when an
// event is scheduled. Ordering by tag among equal times is ordering by seq (first scheduled,
// first run), and the slot rides along for free.
//
// Entries live in one of two places:
// - the heap (event-heap.ts), for events at arbitrary times;
// - fixed-delay lanes (event-ring.ts), one FIFO per constant delay, for events scheduled at
//   now + that delay: they arrive sorted by (time, seq) already, so a ring buffer keeps them in
//   order at O(1) instead of O(log n). Lease renewals (tens of millions per simulated day at
//   scale) are the case this was made for.
// top() merges the two by comparing (time, tag) of the heap's top with the earliest lane head.
// That lane is cached, and so is the runner-up (the earliest of the other lanes): popping a lane
// head leaves the cache as it is while that lane's next head still comes before the runner-up's
// (a run of lease renewals), and otherwise scans the lanes (one per distinct delay: few); an
// empty lane that gets an entry costs a comparison or two.
//
// seq is limited to 2^27 (the tag must stay an exact double); when the counter reaches that, all
// pending entries, heap and lanes together, are renumbered 0..n-1 in their global (time, seq)
// order: a rare O(n log n) pass that keeps every relative order, so each lane stays sorted.

import { EventHeap } from './event-heap.js';
import { EventRing } from './event-ring.js';

export const SLOT_BITS = 26;
export const SLOT_SPACE = 2 ** SLOT_BITS; // at most 67M events pending at once
const INVERSE_SLOT_SPACE = 1 / SLOT_SPACE; // exact: a power of two
const DEFAULT_SEQ_LIMIT = 2 ** (53 - SLOT_BITS);

/** A fixed-delay lane of an EventSet (opaque outside it). */
export type Lane = EventRing;

export class EventSet {
  private readonly heap: EventHeap;
  private readonly lanes: EventRing[] = [];
  private earliestLane: EventRing | null = null; // the non-empty lane with the earliest head
  private runnerUp: EventRing | null = null; // the non-empty lane with the earliest head after it
  private chosenLane: EventRing | null = null; // where top()'s entry is: a lane, or null for the heap
  private nextSeq = 0;
  /** Time of the entry that top() last returned. */
  time = 0;

  /** seqLimit is lowered only by tests, to exercise renumbering. */
  constructor(
    private readonly initialCapacity = 1024,
    private readonly seqLimit = DEFAULT_SEQ_LIMIT,
  ) {
    this.heap = new EventHeap(initialCapacity);
  }

  /** Number of entries, live or not, in the heap and all lanes. */
  get size(): number {
    let size = this.heap.size;
    for (const lane of this.lanes) size += lane.size;
    return size;
  }

  /** A new, empty fixed-delay lane. Its entries must be pushed in (time, push order) order. */
  addLane(): Lane {
    const lane = new EventRing(Math.min(this.initialCapacity, 1024));
    this.lanes.push(lane);
    return lane;
  }

  /** Adds an entry to the heap, after every entry already in the set with the same time. */
  push(time: number, slot: number): void {
    if (this.nextSeq >= this.seqLimit) this.renumber();
    this.heap.push(time, this.nextSeq++ * SLOT_SPACE + slot);
  }

  /**
   * Adds an entry to a lane. Its time must not be earlier than that of the lane's last entry
   * (true of now + the lane's delay, as now never decreases).
   */
  pushLane(lane: Lane, time: number, slot: number): void {
    if (this.nextSeq >= this.seqLimit) this.renumber();
    const tag = this.nextSeq++ * SLOT_SPACE + slot;
    if (lane.size === 0) {
      // The new entry has the largest seq so far: it comes first only by an earlier time.
      const earliest = this.earliestLane;
      const runnerUp = this.runnerUp;
      if (earliest === null) {
        this.earliestLane = lane;
      } else if (time < earliest.headTime()) {
        this.runnerUp = earliest;
        this.earliestLane = lane;
      } else if (runnerUp === null || time < runnerUp.headTime()) {
        this.runnerUp = lane;
      }
    }
    lane.push(time, tag);
  }

  /** Slot of the earliest entry (its time in `time`), or -1 if the set is empty. */
  top(): number {
    const heap = this.heap;
    const lane = this.earliestLane;
    if (lane !== null) {
      const laneTime = lane.headTime();
      if (heap.size === 0 || precedes(laneTime, lane.headTag(), heap.topTime(), heap.topTag())) {
        this.chosenLane = lane;
        this.time = laneTime;
        return slotOf(lane.headTag());
      }
    } else if (heap.size === 0) {
      return -1;
    }
    this.chosenLane = null;
    this.time = heap.topTime();
    return slotOf(heap.topTag());
  }

  /** Removes the entry that top() returned; valid only right after it returned a slot. */
  pop(): void {
    const lane = this.chosenLane;
    if (lane === null) {
      this.heap.pop();
      return;
    }
    lane.shift();
    const runnerUp = this.runnerUp;
    if (lane.size > 0 && (runnerUp === null || precedes(lane.headTime(), lane.headTag(), runnerUp.headTime(), runnerUp.headTag()))) return;
    this.rankLanes();
  }

  /** Finds the earliest lane and the runner-up by a scan. */
  private rankLanes(): void {
    let earliest: EventRing | null = null;
    let runnerUp: EventRing | null = null;
    for (const lane of this.lanes) {
      if (lane.size === 0) continue;
      if (earliest === null || precedes(lane.headTime(), lane.headTag(), earliest.headTime(), earliest.headTag())) {
        runnerUp = earliest;
        earliest = lane;
      } else if (runnerUp === null || precedes(lane.headTime(), lane.headTag(), runnerUp.headTime(), runnerUp.headTag())) {
        runnerUp = lane;
      }
    }
    this.earliestLane = earliest;
    this.runnerUp = runnerUp;
  }

  /** Reassigns seqs 0..n-1 to all entries in their (time, seq) order, each staying where it is. */
  private renumber(): void {
    const size = this.size;
    const times = new Float64Array(size);
    const slots = new Int32Array(size);
    const places = new Int32Array(size); // -1: the heap, else an index into lanes
    for (let i = 0; i < size; i++) {
      slots[i] = this.top();
      times[i] = this.time;
      places[i] = this.chosenLane === null ? -1 : this.lanes.indexOf(this.chosenLane);
      this.pop();
    }
    // Everything is empty now; refill in order (each heap push stops at once: the heap stays valid).
    this.nextSeq = 0;
    for (let i = 0; i < size; i++) {
      const tag = this.nextSeq++ * SLOT_SPACE + (slots[i] as number);
      const place = places[i] as number;
      if (place < 0) this.heap.push(times[i] as number, tag);
      else (this.lanes[place] as EventRing).push(times[i] as number, tag);
    }
    this.rankLanes();
  }
}

/** Whether entry (time, tag) comes before entry (otherTime, otherTag). */
function precedes(time: number, tag: number, otherTime: number, otherTag: number): boolean {
  return time < otherTime || (time === otherTime && tag < otherTag);
}

function slotOf(tag: number): number {
  return tag - Math.floor(tag * INVERSE_SLOT_SPACE) * SLOT_SPACE; // tag % SLOT_SPACE, without a slow float modulo
}
