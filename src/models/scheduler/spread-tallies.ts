// Soft PodTopologySpread scores each feasible node by the number of pods its selector matches in
// the node's topology domain (per hostname, per zone). Counting them anew in every cycle walked
// all the matching pods of the Deployment twice per pod scheduled; instead, a tally per selector
// object (pods of one ReplicaSet share theirs: see Scheduler.defaultSelector) is kept, and brought
// up to date from the snapshot's log of placement changes, usually the one binding since its
// last use. A tally is recounted from scratch when the nodes changed (a node entered, left or was
// relabelled: its domains may differ), when its namespace differs, or when it lags too far.

import { selectorMatches, type LabelSelector, type Labels } from '../api/selectors.js';
import type { TopologyDomains } from './topology-domains.js';

/**
 * Pods placed on or removed from nodes, in order. Within one epoch a placement's node (hence its
 * slot and domains) never changes; the epoch moves when any node enters, leaves or is relabelled.
 */
export class PlacementLog {
  private labels: Labels[] = [];
  private namespaces: string[] = [];
  private slots: number[] = [];
  private deltas: number[] = [];
  /** Position (counted from the first record ever) of the oldest record kept. */
  private base = 0;
  epoch = 0;

  /** Position after the newest record. */
  get end(): number {
    return this.base + this.labels.length;
  }

  /** Whether records from `position` on are all still kept. */
  keeps(position: number): boolean {
    return position >= this.base;
  }

  record(labels: Labels, namespace: string, slot: number, delta: 1 | -1): void {
    this.labels.push(labels);
    this.namespaces.push(namespace);
    this.slots.push(slot);
    this.deltas.push(delta);
    if (this.labels.length >= 2 * KEPT_RECORDS) {
      this.labels = this.labels.slice(KEPT_RECORDS);
      this.namespaces = this.namespaces.slice(KEPT_RECORDS);
      this.slots = this.slots.slice(KEPT_RECORDS);
      this.deltas = this.deltas.slice(KEPT_RECORDS);
      this.base += KEPT_RECORDS;
    }
  }

  /** Calls visit for each record from `position` (kept) to the end. */
  replay(position: number, visit: (labels: Labels, namespace: string, slot: number, delta: number) => void): void {
    for (let i = position - this.base; i < this.labels.length; i++) {
      visit(this.labels[i] as Labels, this.namespaces[i] as string, this.slots[i] as number, this.deltas[i] as number);
    }
  }

  /** A new epoch: placements recorded so far may be on other domains now. */
  nodesChanged(): void {
    this.epoch++;
  }
}

/** Records kept at least (a tally lagging further is recounted). */
const KEPT_RECORDS = 4096;

interface Tally {
  namespace: string;
  epoch: number;
  /** The log position it is up to date with. */
  position: number;
  /** Matching pods counted (bounds how long a replay may be before a recount is cheaper). */
  pods: number;
  /** Per topology key number: pods per domain number (entries past the end are 0), once asked for. */
  byKey: Array<Int32Array | undefined>;
  /** The last labels object checked against the selector, and the answer (pods share labels objects). */
  lastLabels: Labels | undefined;
  lastMatch: boolean;
}

/** The slot of each matching placed pod's node, one entry per pod (−1: its node is gone). */
export type MatchingPodSlots = (selector: LabelSelector, namespace: string) => readonly number[];

export class SpreadTallies {
  private readonly bySelector = new WeakMap<LabelSelector, Tally>();

  constructor(
    private readonly log: PlacementLog,
    private readonly domains: TopologyDomains,
    private readonly matchingPodSlots: MatchingPodSlots,
  ) {}

  /**
   * Per domain number of topology key number `k`: how many placed pods in `namespace` the
   * selector matches. Shared and updated in place: valid until the next placement change.
   */
  counts(selector: LabelSelector, namespace: string, k: number): Int32Array {
    const log = this.log;
    let tally = this.bySelector.get(selector);
    if (
      tally === undefined ||
      tally.namespace !== namespace ||
      tally.epoch !== log.epoch ||
      !log.keeps(tally.position) ||
      log.end - tally.position > REPLAY_ALLOWANCE + tally.pods
    ) {
      tally = { namespace, epoch: log.epoch, position: log.end, pods: 0, byKey: [], lastLabels: undefined, lastMatch: false };
      this.bySelector.set(selector, tally);
    } else if (tally.position < log.end) {
      this.catchUp(tally, selector);
    }
    let counts = tally.byKey[k];
    if (counts === undefined) {
      counts = new Int32Array(this.domains.domainCount(k));
      const slots = this.matchingPodSlots(selector, namespace);
      for (const slot of slots) if (slot >= 0) counts = addAt(counts, this.domains.of(slot, k), 1);
      tally.byKey[k] = counts;
      tally.pods = slots.length;
    }
    return counts;
  }

  private catchUp(tally: Tally, selector: LabelSelector): void {
    this.log.replay(tally.position, (labels, namespace, slot, delta) => {
      if (namespace !== tally.namespace) return;
      if (labels !== tally.lastLabels) {
        tally.lastLabels = labels;
        tally.lastMatch = selectorMatches(selector, labels);
      }
      if (!tally.lastMatch) return;
      tally.pods += delta;
      for (let k = 0; k < tally.byKey.length; k++) {
        const counts = tally.byKey[k];
        if (counts !== undefined) tally.byKey[k] = addAt(counts, this.domains.of(slot, k), delta);
      }
    });
    tally.position = this.log.end;
  }
}

/** Replaying this many records more than the tally's pod count costs about a recount. */
const REPLAY_ALLOWANCE = 256;

/** Adds `delta` at `id` (skipped when −1: no such label), growing the array when `id` is past its end. */
function addAt(counts: Int32Array, id: number, delta: number): Int32Array {
  if (id < 0) return counts;
  if (id >= counts.length) {
    const grown = new Int32Array(Math.max(id + 1, 2 * counts.length));
    grown.set(counts);
    counts = grown;
  }
  counts[id] = (counts[id] as number) + delta;
  return counts;
}
