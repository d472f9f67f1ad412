// The scheduler's view of the cluster, kept up to date from watch events and from its own
// bindings (it "assumes" a pod on its node the moment it binds it, as upstream's cache does):
// per node the requested resources (actual and with the 100m / 200Mi non-zero defaults used for
// scoring), pod count and pods; an index of scheduled pods by label (key, then value; a key is
// indexed once a selector names it) so that topology spread and inter-pod affinity find the pods
// a selector matches without scanning all pods; and a log of placement changes from which the
// soft topology spread tallies catch up (spread-tallies.ts). Terminating pods keep their place
// until they are gone; finished pods free it.

import type { NodeObject, PodObject } from '../api/objects.js';
import { selectorMatches, type LabelSelector, type Labels } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import type { Taint } from '../api/taints.js';
import { addTo } from '../set-index.js';
import { replaceNames } from '../sorted-names.js';
import { podRequestsForScoring } from './algorithms/resource-scoring.js';
import { ImageHolders } from './image-holders.js';
import { NodeTable, TAINTED, UNSCHEDULABLE } from './node-table.js';
import { PlacementLog, SpreadTallies } from './spread-tallies.js';
import { TopologyDomains } from './topology-domains.js';

/**
 * One node as the scheduler sees it. The fields the per-node loops of every cycle read are in the
 * NodeTable at `slot`; these are for the rarer paths (a tainted node, a constrained pod, a memo to
 * recompute). The node's scheduling fields are copied here and into the table when the node
 * enters the snapshot and inside every update of it (see copyFields), so they always equal the
 * live ones.
 */
export interface NodeState {
  node: NodeObject;
  /** The node's metadata (its name never changes). */
  metadata: NodeObject['metadata'];
  /** The node's index in the NodeTable and TopologyDomains (slots are not reused). */
  slot: number;
  taints: readonly Taint[];
  allocatable: Readonly<Record<string, number>>;
  images: readonly string[];
  /** Whether `images` is strictly sorted (ImageHolders.replace). */
  imagesSorted: boolean;
  labels: Labels;
  /** Σ actual requests of the pods on the node (NodeResourcesFit filter, BalancedAllocation). */
  requested: Record<string, number>;
  /** Σ requests with the non-zero cpu / memory defaults (NodeResourcesFit scoring). */
  nonZeroRequested: Record<string, number>;
  pods: Set<PodObject>;
  /** The NodeResourcesFit reasons of the table's resource memo when it says the pod does not fit. */
  memoShort: readonly string[] | undefined;
  /** Set when the node leaves the snapshot (a node of the same name gets a new state). */
  removed: boolean;
  /** The image list counted in imageCounts, and whether it is strictly sorted. */
  countedImages: readonly string[];
  countedImagesSorted: boolean;
  /** The fields that decide where pods fit, as last seen by schedulingFieldsChanged. */
  signature: readonly unknown[] | undefined;
}

interface Placement {
  pod: PodObject;
  node: string;
  /** The node's state when the pod was placed (nodeOf skips the lookup by name while it is current). */
  state: NodeState;
  requests: Record<string, number>;
  nonZero: Record<string, number>;
}

export class ClusterSnapshot {
  readonly nodes = new Map<string, NodeState>();
  /** States by the node's cloud index, a shortcut for stateOfNode (checked against the node object). */
  private readonly byCloudIndex: Array<NodeState | undefined> = [];
  /** Per slot: the node's hot fields and the plugins' memos. */
  readonly table = new NodeTable();
  /** Per slot: the node's state (removed ones stay: slots are not reused). */
  readonly states: NodeState[] = [];
  /** Per image, the slots of the nodes holding it (ImageLocality scoring). */
  readonly imageHolders = new ImageHolders();
  /** Dense numbers for topology domains (PodTopologySpread scoring), per slot. */
  readonly domains = new TopologyDomains((slot) => (this.states[slot] as NodeState).labels);
  private orderSlots: Int32Array | undefined;
  private readonly placed = new Map<PodObject, Placement>();
  /** Placed pods' placements by label key, then value, for the keys selectors have named (labelIndex). */
  private readonly byLabel = new Map<string, Map<string, Set<Placement>>>();
  /** Scheduled pods with required or preferred pod (anti-)affinity terms. */
  readonly podsWithAffinity = new Set<PodObject>();
  /** How many nodes hold each image (ImageLocality's spread factor). */
  private readonly imageCounts = new Map<string, number>();
  /** Placement changes, for the spread tallies to catch up from. */
  private readonly placementLog = new PlacementLog();
  /** Soft PodTopologySpread's matching pods per domain, per selector object. */
  private readonly spreadTallies = new SpreadTallies(this.placementLog, this.domains, (selector, namespace) =>
    this.nodesOfPodsMatching(selector, [namespace]).map((state) => state?.slot ?? -1),
  );

  constructor(store: ObjectStore) {
    store.watch('Node', (event) => {
      const node = event.object;
      const name = node.metadata.name;
      if (event.type === 'DELETED') {
        const state = this.nodes.get(name);
        if (state) state.removed = true;
        this.nodes.delete(name);
        this.orderSlots = undefined;
        this.placementLog.nodesChanged();
        if (state) this.countImages(state, []);
        return;
      }
      // Most node events are status heartbeats: no lookup by name, and the image list is the same one.
      this.countImages(this.stateOfNode(node) ?? this.addNode(node), node.status.images);
    });
    store.onUpdate('Node', (node) => {
      const state = this.stateOfNode(node);
      if (state) this.copyFields(state, node);
    });
    store.watch('Pod', (event) => {
      const pod = event.object;
      const finished = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
      if (event.type === 'DELETED' || finished) this.remove(pod);
      else if (pod.spec.nodeName !== undefined) this.assume(pod, pod.spec.nodeName);
    });
    for (const node of store.list('Node')) this.addNode(node);
  }

  /**
   * The state of the node's name, as nodes.get(name) gives it. Node heartbeats (a status write
   * every 5 minutes from each of 5,000 nodes, seen by three handlers here) find it by the node's
   * dense cloud index while that entry holds this very node object and it was not removed.
   */
  private stateOfNode(node: NodeObject): NodeState | undefined {
    const known = this.byCloudIndex[node.cloud.index];
    if (known !== undefined && known.node === node && !known.removed) return known;
    return this.nodes.get(node.metadata.name);
  }

  /** The slots of all nodes, in name order (stable for the round-robin start index). */
  nodeSlots(): Int32Array {
    if (!this.orderSlots) {
      const byName = [...this.nodes.values()].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
      this.orderSlots = Int32Array.from(byName, (state) => state.slot);
    }
    return this.orderSlots;
  }

  nodesWithImage(image: string): number {
    return this.imageCounts.get(image) ?? 0;
  }

  /**
   * Records the node's scheduling-relevant fields (taints, unschedulable, labels, allocatable)
   * and returns whether they changed since the last call: a heartbeat alone does not.
   */
  schedulingFieldsChanged(node: NodeObject): boolean {
    // Writers replace these objects and arrays when they change them, so identity is enough.
    // Compared field by field first: most node writes are heartbeats, and need no new array.
    const state = this.stateOfNode(node);
    if (!state) return true;
    const before = state.signature;
    if (
      before &&
      before[0] === node.spec.taints &&
      before[1] === node.spec.unschedulable &&
      before[2] === node.metadata.labels &&
      before[3] === node.status.allocatable
    ) {
      return false;
    }
    state.signature = [node.spec.taints, node.spec.unschedulable, node.metadata.labels, node.status.allocatable];
    return true;
  }

  /**
   * Moves the node's contribution to imageCounts from the image list seen last to this one. The
   * kubelet keeps the list sorted and adds an image at a time: diffing the two sorted lists
   * touches only the new image's count (an unsorted list is recounted in full).
   */
  private countImages(state: NodeState, images: readonly string[]): void {
    const before = state.countedImages;
    if (before === images) return;
    const decrement = (image: string): void => void this.imageCounts.set(image, (this.imageCounts.get(image) ?? 1) - 1);
    const increment = (image: string): void => void this.imageCounts.set(image, (this.imageCounts.get(image) ?? 0) + 1);
    state.countedImagesSorted = replaceNames(before, state.countedImagesSorted, images, decrement, increment);
    state.countedImages = images;
  }

  private addNode(node: NodeObject): NodeState {
    const slot = this.states.length;
    const state: NodeState = {
      node,
      metadata: node.metadata,
      slot,
      taints: node.spec.taints,
      allocatable: node.status.allocatable as unknown as Record<string, number>,
      images: NO_IMAGES, // copyFields records the node's list in imageHolders
      imagesSorted: true,
      labels: node.metadata.labels,
      requested: {},
      nonZeroRequested: {},
      pods: new Set(),
      memoShort: undefined,
      removed: false,
      countedImages: NO_IMAGES,
      countedImagesSorted: true,
      signature: undefined,
    };
    this.states.push(state);
    this.table.ensure(slot + 1);
    this.table.reset(slot);
    this.imageHolders.ensure(slot + 1);
    this.domains.ensure(slot + 1);
    this.domains.forget(slot);
    this.copyFields(state, node);
    this.nodes.set(node.metadata.name, state);
    this.byCloudIndex[node.cloud.index] = state;
    this.orderSlots = undefined;
    // Pods placed on a removed node of this name now count on this one.
    this.placementLog.nodesChanged();
    return state;
  }

  /**
   * Copies the node's scheduling fields onto its state and into the table, bumping the versions
   * of replaced objects. Called when the node enters the snapshot and inside every update of it,
   * so the copies equal what reading the node would give: writers change a node and pass it to
   * update() within one event, and no scheduling cycle runs between.
   */
  private copyFields(state: NodeState, node: NodeObject): void {
    const slot = state.slot;
    const table = this.table;
    table.flags[slot] = (node.spec.unschedulable ? UNSCHEDULABLE : 0) | (node.spec.taints.length > 0 ? TAINTED : 0);
    state.taints = node.spec.taints;
    const allocatable = node.status.allocatable as unknown as Record<string, number>;
    if (state.allocatable !== allocatable) {
      state.allocatable = allocatable;
      table.allocatableVersion[slot] = (table.allocatableVersion[slot] as number) + 1;
    }
    if (state.images !== node.status.images) {
      state.imagesSorted = this.imageHolders.replace(slot, state.images, state.imagesSorted, node.status.images);
      state.images = node.status.images;
    }
    if (state.labels !== node.metadata.labels) {
      state.labels = node.metadata.labels;
      this.domains.forget(slot);
      this.placementLog.nodesChanged();
    }
  }

  /**
   * Places the pod on the node (idempotent). The scheduler passes the requests its cycle already
   * computed (the same podRequestsForScoring values); they are not modified afterwards.
   */
  assume(pod: PodObject, nodeName: string, requests?: Record<string, number>, nonZero?: Record<string, number>): void {
    const current = this.placed.get(pod);
    if (current?.node === nodeName) return;
    if (current) this.remove(pod);
    const state = this.nodes.get(nodeName);
    if (!state) return;
    requests ??= podRequestsForScoring(pod.spec, false);
    nonZero ??= podRequestsForScoring(pod.spec, true);
    add(state.requested, requests, 1);
    add(state.nonZeroRequested, nonZero, 1);
    this.table.requestsVersion[state.slot] = (this.table.requestsVersion[state.slot] as number) + 1;
    state.pods.add(pod);
    const placement: Placement = { pod, node: nodeName, state, requests, nonZero };
    this.placed.set(pod, placement);
    const labels = pod.metadata.labels;
    this.placementLog.record(labels, pod.metadata.namespace, state.slot, 1);
    for (const key in labels) {
      const byValue = this.byLabel.get(key);
      if (byValue) addTo(byValue, labels[key] as string, placement); // else no selector has named the key yet
    }
    const affinity = pod.spec.affinity;
    if (affinity?.podAffinity || affinity?.podAntiAffinity) this.podsWithAffinity.add(pod);
  }

  remove(pod: PodObject): void {
    const placement = this.placed.get(pod);
    if (!placement) return;
    this.placed.delete(pod);
    const counted = this.stateOf(placement);
    if (counted) this.placementLog.record(pod.metadata.labels, pod.metadata.namespace, counted.slot, -1);
    const state = this.nodes.get(placement.node);
    if (state) {
      add(state.requested, placement.requests, -1);
      add(state.nonZeroRequested, placement.nonZero, -1);
      this.table.requestsVersion[state.slot] = (this.table.requestsVersion[state.slot] as number) + 1;
      state.pods.delete(pod);
    }
    const labels = pod.metadata.labels;
    for (const key in labels) this.byLabel.get(key)?.get(labels[key] as string)?.delete(placement);
    this.podsWithAffinity.delete(pod);
  }

  nodeOf(pod: PodObject): NodeState | undefined {
    const placement = this.placed.get(pod);
    return placement && this.stateOf(placement);
  }

  /**
   * The placements by value of the label key, built from all placements the first time a
   * selector names the key and kept up to date from then on. Keys no selector names (a "tier"
   * label on every pod, say) are never indexed: at 150,000 pods, adding each one to a set holding
   * all the others was a measurable part of every binding.
   */
  private labelIndex(key: string): Map<string, Set<Placement>> {
    let byValue = this.byLabel.get(key);
    if (!byValue) {
      byValue = new Map();
      for (const placement of this.placed.values()) {
        const value = placement.pod.metadata.labels[key];
        if (value !== undefined) addTo(byValue, value, placement);
      }
      this.byLabel.set(key, byValue);
    }
    return byValue;
  }

  /** The state of the placement's node now (undefined if it is gone). */
  private stateOf(placement: Placement): NodeState | undefined {
    return placement.state.removed ? this.nodes.get(placement.node) : placement.state;
  }

  /**
   * Per domain number of topology key number `k`: the scheduled pods in the namespace that the
   * selector matches (see SpreadTallies; valid until the next placement change).
   */
  spreadTally(selector: LabelSelector, namespace: string, k: number): Int32Array {
    return this.spreadTallies.counts(selector, namespace, k);
  }

  /**
   * The nodes of the scheduled pods in the namespaces that the selector matches, one entry per pod
   * (undefined for a pod whose node is gone). Uses the label index through the selector's rarest
   * matchLabels pair; a selector with only matchExpressions scans all placed pods.
   */
  nodesOfPodsMatching(selector: LabelSelector | undefined, namespaces: readonly string[]): Array<NodeState | undefined> {
    if (selector === undefined) return [];
    let candidates: Iterable<Placement> = this.placed.values();
    let smallest = Number.POSITIVE_INFINITY;
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      const set = this.labelIndex(key).get(value);
      if (!set) return [];
      if (set.size < smallest) {
        smallest = set.size;
        candidates = set;
      }
    }
    // selectorMatches, with the matchLabels pairs listed once instead of once per candidate.
    const pairs = Object.entries(selector.matchLabels ?? {});
    const expressions = (selector.matchExpressions?.length ?? 0) > 0;
    const out: Array<NodeState | undefined> = [];
    for (const placement of candidates) {
      const pod = placement.pod;
      if (!namespaces.includes(pod.metadata.namespace)) continue;
      const labels = pod.metadata.labels;
      let matches = true;
      for (const [key, value] of pairs) {
        if (labels[key] !== value) {
          matches = false;
          break;
        }
      }
      if (matches && (!expressions || selectorMatches(selector, labels))) out.push(this.stateOf(placement));
    }
    return out;
  }
}

const NO_IMAGES: readonly string[] = [];

function add(target: Record<string, number>, source: Record<string, number>, sign: 1 | -1): void {
  for (const name in source) target[name] = (target[name] ?? 0) + sign * (source[name] as number);
}

