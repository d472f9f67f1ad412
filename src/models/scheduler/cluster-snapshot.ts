// The scheduler's view of the cluster, kept up to date from watch events and from its own
// bindings (it "assumes" a pod on its node the moment it binds it, as upstream's cache does):
// per node the requested resources (actual and with the 100m / 200Mi non-zero defaults used for
// scoring), pod count and pods; and an index of scheduled pods by label (key=value) so that
// topology spread and inter-pod affinity find the pods a selector matches without scanning all
// pods. Terminating pods keep their place until they are gone; finished pods free it.

import type { NodeObject, PodObject } from '../api/objects.js';
import { selectorMatches, type LabelSelector, type Labels } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import type { Taint } from '../api/taints.js';
import { podRequestsForScoring } from './algorithms/resource-scoring.js';
import type { SchedulerProfile } from './profile.js';
import { TopologyDomains, UNREAD, type NodeDomains } from './topology-domains.js';

/**
 * One node as the scheduler sees it. The scheduler's per-node loops visit hundreds of nodes per
 * pod, a different window each time, so everything they read is on this one object: the node's
 * scheduling fields are copied here (re-copied inside every update of the node, see copyFields,
 * so they always equal the live ones) and the plugins' per-node memos live here too. Reading the
 * node's spec, status and metadata objects instead cost a cache miss each per node visit.
 */
export interface NodeState extends NodeDomains {
  node: NodeObject;
  /** The node's metadata (its name never changes). */
  metadata: NodeObject['metadata'];
  unschedulable: boolean;
  taints: readonly Taint[];
  /** taints.length > 0, without loading the array. */
  tainted: boolean;
  allocatable: Readonly<Record<string, number>>;
  images: readonly string[];
  labels: Labels;
  /** Σ actual requests of the pods on the node (NodeResourcesFit filter, BalancedAllocation). */
  requested: Record<string, number>;
  /** Σ requests with the non-zero cpu / memory defaults (NodeResourcesFit scoring). */
  nonZeroRequested: Record<string, number>;
  pods: Set<PodObject>;
  /** Bumped whenever `requested` / `nonZeroRequested` change (keys the plugins' per-node resource memo). */
  requestsVersion: number;
  /**
   * The resource plugins' memo (plugins.ts resourceMemo): what NodeResourcesFit and
   * BalancedAllocation concluded for pods of one request shape (memoRequestKey), valid while
   * requestsVersion and the allocatable object are those it was computed for.
   */
  memoRequestsVersion: number;
  memoAllocatable: unknown;
  memoRequestKey: number;
  /** NodeResourcesFit filter: the reasons such a pod does not fit, or undefined. */
  memoShort: readonly string[] | undefined;
  /** The profile memoFit and memoBalanced were computed for (undefined: not yet). */
  memoScoredFor: SchedulerProfile | undefined;
  memoFit: number;
  memoBalanced: number;
  /** ImageLocality's memo: which of a pod's images (imageMemoPod) the image list imageMemoImages holds. */
  imageMemoImages: readonly string[] | undefined;
  imageMemoPod: number;
  imageMemoMask: number;
  /** Set when the node leaves the snapshot (a node of the same name gets a new state). */
  removed: boolean;
}

interface Placement {
  node: string;
  /** The node's state when the pod was placed (nodeOf skips the lookup by name while it is current). */
  state: NodeState;
  requests: Record<string, number>;
  nonZero: Record<string, number>;
}

export class ClusterSnapshot {
  readonly nodes = new Map<string, NodeState>();
  /** Dense numbers for topology domains (PodTopologySpread scoring). */
  readonly domains = new TopologyDomains();
  private nodeOrder: NodeState[] | undefined;
  private readonly placed = new Map<PodObject, Placement>();
  private readonly byLabel = new Map<string, Set<PodObject>>();
  /** Scheduled pods with required or preferred pod (anti-)affinity terms. */
  readonly podsWithAffinity = new Set<PodObject>();
  /** How many nodes hold each image (ImageLocality's spread factor). */
  private readonly imageCounts = new Map<string, number>();
  private readonly imagesSeen = new Map<string, readonly string[]>();
  /** Per node, the fields that decide where pods fit (a change may unblock pending pods). */
  private readonly schedulingSignature = new Map<string, readonly unknown[]>();

  constructor(store: ObjectStore) {
    store.watch('Node', (event) => {
      const node = event.object;
      const name = node.metadata.name;
      if (event.type === 'DELETED') {
        const state = this.nodes.get(name);
        if (state) state.removed = true;
        this.nodes.delete(name);
        this.nodeOrder = undefined;
        this.countImages(name, []);
        this.schedulingSignature.delete(name);
        return;
      }
      if (!this.nodes.has(name)) this.addNode(node);
      this.countImages(name, node.status.images);
    });
    store.onUpdate('Node', (node) => {
      const state = this.nodes.get(node.metadata.name);
      if (state) copyFields(state, node);
    });
    store.watch('Pod', (event) => {
      const pod = event.object;
      const finished = pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
      if (event.type === 'DELETED' || finished) this.remove(pod);
      else if (pod.spec.nodeName !== undefined) this.assume(pod, pod.spec.nodeName);
    });
    for (const node of store.list('Node')) this.addNode(node);
  }

  /** All nodes, in name order (stable for the round-robin start index). */
  nodeList(): NodeState[] {
    if (!this.nodeOrder) this.nodeOrder = [...this.nodes.values()].sort((a, b) => (a.node.metadata.name < b.node.metadata.name ? -1 : 1));
    return this.nodeOrder;
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
    const before = this.schedulingSignature.get(node.metadata.name);
    if (
      before &&
      before[0] === node.spec.taints &&
      before[1] === node.spec.unschedulable &&
      before[2] === node.metadata.labels &&
      before[3] === node.status.allocatable
    ) {
      return false;
    }
    this.schedulingSignature.set(node.metadata.name, [node.spec.taints, node.spec.unschedulable, node.metadata.labels, node.status.allocatable]);
    return true;
  }

  private countImages(node: string, images: readonly string[]): void {
    const before = this.imagesSeen.get(node) ?? [];
    if (before === images) return;
    for (const image of before) this.imageCounts.set(image, (this.imageCounts.get(image) ?? 1) - 1);
    for (const image of images) this.imageCounts.set(image, (this.imageCounts.get(image) ?? 0) + 1);
    this.imagesSeen.set(node, images);
  }

  private addNode(node: NodeObject): void {
    const state: NodeState = {
      node,
      metadata: node.metadata,
      unschedulable: false,
      taints: [],
      tainted: false,
      allocatable: {},
      images: [],
      labels: {},
      requested: {},
      nonZeroRequested: {},
      pods: new Set(),
      requestsVersion: 0,
      memoRequestsVersion: -1,
      memoAllocatable: undefined,
      memoRequestKey: -1,
      memoShort: undefined,
      memoScoredFor: undefined,
      memoFit: 0,
      memoBalanced: 0,
      imageMemoImages: undefined,
      imageMemoPod: -1,
      imageMemoMask: 0,
      removed: false,
      domainLabels: undefined,
      domain0: UNREAD,
      domain1: UNREAD,
      domainIds: [],
    };
    copyFields(state, node);
    this.nodes.set(node.metadata.name, state);
    this.nodeOrder = undefined;
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
    state.requestsVersion++;
    state.pods.add(pod);
    this.placed.set(pod, { node: nodeName, state, requests, nonZero });
    for (const [key, value] of Object.entries(pod.metadata.labels)) {
      const label = `${key}=${value}`;
      let set = this.byLabel.get(label);
      if (!set) {
        set = new Set();
        this.byLabel.set(label, set);
      }
      set.add(pod);
    }
    const affinity = pod.spec.affinity;
    if (affinity?.podAffinity || affinity?.podAntiAffinity) this.podsWithAffinity.add(pod);
  }

  remove(pod: PodObject): void {
    const placement = this.placed.get(pod);
    if (!placement) return;
    this.placed.delete(pod);
    const state = this.nodes.get(placement.node);
    if (state) {
      add(state.requested, placement.requests, -1);
      add(state.nonZeroRequested, placement.nonZero, -1);
      state.requestsVersion++;
      state.pods.delete(pod);
    }
    for (const [key, value] of Object.entries(pod.metadata.labels)) this.byLabel.get(`${key}=${value}`)?.delete(pod);
    this.podsWithAffinity.delete(pod);
  }

  nodeOf(pod: PodObject): NodeState | undefined {
    const placement = this.placed.get(pod);
    if (!placement) return undefined;
    return placement.state.removed ? this.nodes.get(placement.node) : placement.state;
  }

  /**
   * Scheduled pods in the namespaces that the selector matches. Uses the label index through the
   * selector's rarest matchLabels pair; a selector with only matchExpressions scans all placed pods.
   */
  podsMatching(selector: LabelSelector | undefined, namespaces: readonly string[]): PodObject[] {
    if (selector === undefined) return [];
    let candidates: Iterable<PodObject> = this.placed.keys();
    let smallest = Number.POSITIVE_INFINITY;
    for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
      const set = this.byLabel.get(`${key}=${value}`);
      if (!set) return [];
      if (set.size < smallest) {
        smallest = set.size;
        candidates = set;
      }
    }
    // selectorMatches, with the matchLabels pairs listed once instead of once per candidate.
    const pairs = Object.entries(selector.matchLabels ?? {});
    const expressions = (selector.matchExpressions?.length ?? 0) > 0;
    const out: PodObject[] = [];
    for (const pod of candidates) {
      if (!namespaces.includes(pod.metadata.namespace)) continue;
      const labels = pod.metadata.labels;
      let matches = true;
      for (const [key, value] of pairs) {
        if (labels[key] !== value) {
          matches = false;
          break;
        }
      }
      if (matches && (!expressions || selectorMatches(selector, labels))) out.push(pod);
    }
    return out;
  }
}

function add(target: Record<string, number>, source: Record<string, number>, sign: 1 | -1): void {
  for (const [name, amount] of Object.entries(source)) target[name] = (target[name] ?? 0) + sign * amount;
}

/**
 * Copies the node's scheduling fields onto its state. Called when the node enters the snapshot
 * and inside every update of it, so the copies equal what reading the node would give: writers
 * change a node and pass it to update() within one event, and no scheduling cycle runs between.
 */
function copyFields(state: NodeState, node: NodeObject): void {
  state.unschedulable = node.spec.unschedulable;
  state.taints = node.spec.taints;
  state.tainted = node.spec.taints.length > 0;
  state.allocatable = node.status.allocatable as unknown as Record<string, number>;
  state.images = node.status.images;
  state.labels = node.metadata.labels;
}
