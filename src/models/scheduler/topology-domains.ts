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
  /**
   * Per key number and domain: the pod count of the last loadTally for that key, 0 for every
   * other domain. Zeroed again, entry by entry, by the next load (a tally holds few domains).
   */
  private readonly tallies: number[][] = [];
  /** Per key number: the domain numbers the last loadTally counted. */
  private readonly tallied: Array<readonly number[]> = [];
  private stamp = 0;

  /** A dense number for the topology key. */
  keyNumber(key: string): number {
    let k = this.keyNumbers.get(key);
    if (k === undefined) {
      k = this.keyNumbers.size;
      this.keyNumbers.set(key, k);
      this.valueNumbers.push(new Map());
      this.seen.push([]);
      this.tallies.push([]);
      this.tallied.push([]);
    }
    return k;
  }

  /** The node's domain number for key number `k` (named `key`), or −1 when it lacks the label. */
  of(state: NodeState, k: number, key: string): number {
    const labels = state.labels;
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

  /**
   * Makes count(k, id) and counts(k) answer how often each domain number occurs in `ids` (one per
   * matching pod; entries < 0 are skipped), 0 for the rest, until the next load for `k`. The list
   * is kept, not copied, to zero its entries then: the caller must not change it.
   */
  loadTally(k: number, ids: readonly number[]): void {
    const tally = this.tallies[k] as number[];
    for (const id of this.tallied[k] as readonly number[]) if (id >= 0) tally[id] = 0;
    for (const id of ids) if (id >= 0) tally[id] = (tally[id] as number) + 1;
    this.tallied[k] = ids;
  }

  /** The loaded count of domain `id` of key number `k`. */
  count(k: number, id: number): number {
    return (this.tallies[k] as number[])[id] as number;
  }

  /** The loaded counts of key number `k`, indexed by domain number (for per-node loops). */
  counts(k: number): readonly number[] {
    return this.tallies[k] as number[];
  }

  private domainNumber(k: number, value: string): number {
    const numbers = this.valueNumbers[k] as Map<string, number>;
    let id = numbers.get(value);
    if (id === undefined) {
      id = numbers.size;
      numbers.set(value, id);
      // Grow the per-domain arrays densely: set out of order, they became slow dictionaries.
      (this.seen[k] as number[]).push(0);
      (this.tallies[k] as number[]).push(0);
    }
    return id;
  }
}
