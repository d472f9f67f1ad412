// Dense numbers for topology domains (the values of a node label such as the zone or the
// hostname), so that PodTopologySpread scoring's per-node loop works on small integers and
// arrays instead of looking up and hashing label strings for every feasible node of every
// cycle (at 5,000 nodes that loop runs some 10^8 times a day).
// A node's numbers are cached on its NodeState together with the labels object they were read
// from; writers replace a node's labels object when they change it (as ClusterSnapshot's
// schedulingFieldsChanged assumes), so a different object means the numbers are read again.

import type { Labels } from '../api/selectors.js';
import type { NodeState } from './cluster-snapshot.js';

/** The node state fields this cache uses. */
export interface NodeDomains {
  /** The labels object the domain numbers were read from. */
  domainLabels: Labels | undefined;
  /**
   * Domain numbers of key numbers 0 and 1 (the usual hostname and zone), kept on the node state
   * itself: scoring reads them for every feasible node, and a separate array cost a cache miss
   * per read. −1 when the node lacks the label, UNREAD (or undefined) before reading it.
   */
  domain0?: number;
  domain1?: number;
  /** The same for key numbers 2 and up, at index k − 2. */
  domainIds: number[];
}

/** A domainIds entry not read from the labels yet. */
export const UNREAD = -2;


export class TopologyDomains {
  private readonly keyNumbers = new Map<string, number>();
  /** Per key number: its values by domain number. */
  private readonly valueNumbers: Array<Map<string, number>> = [];
  /** Per key number and domain: the stamp of the last distinct() call that saw it. */
  private readonly seen: number[][] = [];
  /** Per key number and domain: the pod count loaded by loadCounts, valid under countStamp. */
  private readonly countValues: number[][] = [];
  private readonly countStamps: number[][] = [];
  private readonly loadedStamp: number[] = [];
  private stamp = 0;

  /** A dense number for the topology key. */
  keyNumber(key: string): number {
    let k = this.keyNumbers.get(key);
    if (k === undefined) {
      k = this.keyNumbers.size;
      this.keyNumbers.set(key, k);
      this.valueNumbers.push(new Map());
      this.seen.push([]);
      this.countValues.push([]);
      this.countStamps.push([]);
      this.loadedStamp.push(-1);
    }
    return k;
  }

  /** The node's domain number for key number `k` (named `key`), or −1 when it lacks the label. */
  of(state: NodeState, k: number, key: string): number {
    const labels = state.metadata.labels;
    if (state.domainLabels !== labels) {
      state.domainLabels = labels;
      state.domain0 = UNREAD;
      state.domain1 = UNREAD;
      state.domainIds.fill(UNREAD);
    }
    let id = k === 0 ? state.domain0 : k === 1 ? state.domain1 : state.domainIds[k - 2];
    if (id === undefined || id === UNREAD) {
      const value = labels[key];
      id = value === undefined ? -1 : this.domainNumber(k, value);
      if (k === 0) state.domain0 = id;
      else if (k === 1) state.domain1 = id;
      else state.domainIds[k - 2] = id;
    }
    return id;
  }

  /** How many different domains (ids ≥ 0) of key number `k` ids[from..to) holds. */
  distinct(k: number, ids: ArrayLike<number>, from = 0, to = ids.length): number {
    const seen = this.seen[k] as number[];
    const stamp = ++this.stamp;
    let size = 0;
    for (let i = from; i < to; i++) {
      const id = ids[i] as number;
      if (id < 0 || seen[id] === stamp) continue;
      seen[id] = stamp;
      size++;
    }
    return size;
  }

  /** Makes count(k, id) answer these counts by domain number (others 0) until the next load for `k`. */
  loadCounts(k: number, counts: ReadonlyMap<number, number>): void {
    const stamp = ++this.stamp;
    const values = this.countValues[k] as number[];
    const stamps = this.countStamps[k] as number[];
    for (const [id, count] of counts) {
      values[id] = count;
      stamps[id] = stamp;
    }
    this.loadedStamp[k] = stamp;
  }

  /** Like loadCounts, tallying a list of domain numbers (one per pod; entries < 0 are skipped). */
  loadTally(k: number, ids: readonly number[]): void {
    const stamp = ++this.stamp;
    const values = this.countValues[k] as number[];
    const stamps = this.countStamps[k] as number[];
    for (const id of ids) {
      if (id < 0) continue;
      if (stamps[id] === stamp) {
        values[id] = (values[id] as number) + 1;
      } else {
        values[id] = 1;
        stamps[id] = stamp;
      }
    }
    this.loadedStamp[k] = stamp;
  }

  /** The loaded count of domain `id` of key number `k` (0 when none was loaded for it). */
  count(k: number, id: number): number {
    return (this.countStamps[k] as number[])[id] === this.loadedStamp[k] ? ((this.countValues[k] as number[])[id] as number) : 0;
  }

  private domainNumber(k: number, value: string): number {
    const numbers = this.valueNumbers[k] as Map<string, number>;
    let id = numbers.get(value);
    if (id === undefined) {
      id = numbers.size;
      numbers.set(value, id);
      // Grow the per-domain arrays densely: set out of order, they became slow dictionaries.
      (this.seen[k] as number[]).push(0);
      (this.countValues[k] as number[]).push(0);
      (this.countStamps[k] as number[]).push(0);
    }
    return id;
  }
}
