// Dense numbers for topology domains (the values of a node label such as the zone or the
// hostname), so that PodTopologySpread scoring's per-node loop works on small integers and
// arrays instead of looking up and hashing label strings for every feasible node of every
// cycle (at 5,000 nodes that loop runs some 10^8 times a day).
// Each node's numbers are kept per key in an array indexed by the node's slot (see NodeTable),
// read from its labels on first use; ClusterSnapshot calls forget() when a node's labels object
// is replaced (writers replace it rather than edit it) or a node takes a slot.

import type { Labels } from '../api/selectors.js';

/** A slot's domain number not read from the labels yet. */
export const UNREAD = -2;

export class TopologyDomains {
  private readonly keyNumbers = new Map<string, number>();
  private readonly keys: string[] = [];
  /** Per key number: its values by domain number. */
  private readonly valueNumbers: Array<Map<string, number>> = [];
  /** Per key number: each slot's domain number, −1 when the node lacks the label, UNREAD before reading. */
  private readonly slotDomains: Int32Array[] = [];
  private capacity = 0;
  /** Per key number and domain: the stamp of the last gatherCounts() call that saw it. */
  private readonly seen: number[][] = [];
  private stamp = 0;

  /** `labelsOf(slot)`: the labels of the node in the slot. */
  constructor(private readonly labelsOf: (slot: number) => Labels) {}

  /** A dense number for the topology key. */
  keyNumber(key: string): number {
    let k = this.keyNumbers.get(key);
    if (k === undefined) {
      k = this.keyNumbers.size;
      this.keyNumbers.set(key, k);
      this.keys.push(key);
      this.valueNumbers.push(new Map());
      this.slotDomains.push(new Int32Array(this.capacity).fill(UNREAD));
      this.seen.push([]);
    }
    return k;
  }

  /** How many domain numbers key number `k` has given out so far. */
  domainCount(k: number): number {
    return (this.valueNumbers[k] as Map<string, number>).size;
  }

  /** Makes room for slots below `slots` (unread). */
  ensure(slots: number): void {
    if (slots <= this.capacity) return;
    const capacity = Math.max(slots, 2 * this.capacity, 64);
    for (let k = 0; k < this.slotDomains.length; k++) {
      const grown = new Int32Array(capacity).fill(UNREAD);
      grown.set(this.slotDomains[k] as Int32Array);
      this.slotDomains[k] = grown;
    }
    this.capacity = capacity;
  }

  /** Forgets the slot's numbers: its node's labels were replaced, or a node entered the slot. */
  forget(slot: number): void {
    for (const domains of this.slotDomains) domains[slot] = UNREAD;
  }

  /** The domain number of the node in `slot` for key number `k`, or −1 when it lacks the label. */
  of(slot: number, k: number): number {
    const domains = this.slotDomains[k] as Int32Array;
    let id = domains[slot] as number;
    if (id === UNREAD) {
      const value = this.labelsOf(slot)[this.keys[k] as string];
      id = value === undefined ? -1 : this.domainNumber(k, value);
      domains[slot] = id;
    }
    return id;
  }

  /**
   * For the nodes in slots[0..n): writes each one's count from `tally` (per domain number of key
   * number `k`; numbers past its end count 0) into out[offset + i] (−1 when the node lacks the
   * label) and returns how many different domains they are in. One pass: PodTopologySpread
   * scoring runs it over hundreds of nodes per pod.
   */
  gatherCounts(k: number, tally: Int32Array, slots: Int32Array, n: number, out: Int32Array, offset: number): number {
    const domains = this.slotDomains[k] as Int32Array;
    const tallied = tally.length;
    const seen = this.seen[k] as number[];
    const stamp = ++this.stamp;
    let size = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i] as number;
      let id = domains[slot] as number;
      if (id === UNREAD) id = this.of(slot, k);
      if (id < 0) {
        out[offset + i] = -1;
        continue;
      }
      out[offset + i] = id < tallied ? (tally[id] as number) : 0;
      if (seen[id] !== stamp) {
        seen[id] = stamp;
        size++;
      }
    }
    return size;
  }

  /**
   * gatherCounts for two keys in one pass over the nodes (the system-default spreading has
   * two): key k0's counts at out[i], k1's at out[n + i]; their domain counts in sizes[0], sizes[1].
   */
  gatherCountsOfTwo(k0: number, tally0: Int32Array, k1: number, tally1: Int32Array, slots: Int32Array, n: number, out: Int32Array, sizes: Int32Array): void {
    const domains0 = this.slotDomains[k0] as Int32Array;
    const domains1 = this.slotDomains[k1] as Int32Array;
    const seen0 = this.seen[k0] as number[];
    const seen1 = this.seen[k1] as number[];
    const tallied0 = tally0.length;
    const tallied1 = tally1.length;
    const stamp = ++this.stamp;
    let size0 = 0;
    let size1 = 0;
    for (let i = 0; i < n; i++) {
      const slot = slots[i] as number;
      let id0 = domains0[slot] as number;
      if (id0 === UNREAD) id0 = this.of(slot, k0);
      let id1 = domains1[slot] as number;
      if (id1 === UNREAD) id1 = this.of(slot, k1);
      if (id0 < 0) {
        out[i] = -1;
      } else {
        out[i] = id0 < tallied0 ? (tally0[id0] as number) : 0;
        if (seen0[id0] !== stamp) {
          seen0[id0] = stamp;
          size0++;
        }
      }
      if (id1 < 0) {
        out[n + i] = -1;
      } else {
        out[n + i] = id1 < tallied1 ? (tally1[id1] as number) : 0;
        if (seen1[id1] !== stamp) {
          seen1[id1] = stamp;
          size1++;
        }
      }
    }
    sizes[0] = size0;
    sizes[1] = size1;
  }

  private domainNumber(k: number, value: string): number {
    const numbers = this.valueNumbers[k] as Map<string, number>;
    let id = numbers.get(value);
    if (id === undefined) {
      id = numbers.size;
      numbers.set(value, id);
      // Grow the per-domain arrays densely: set out of order, they became slow dictionaries.
      (this.seen[k] as number[]).push(0);
    }
    return id;
  }
}
