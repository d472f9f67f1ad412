// The scheduler's view of the cluster, kept up to date from watch events and from its own
// bindings (it "assumes" a pod on its node the moment it binds it, as upstream's cache does):
// per node the requested resources (actual and with the 100m / 200Mi non-zero defaults used for
// scoring), pod count and pods; and an index of scheduled pods by label (key=value) so that
// topology spread and inter-pod affinity find the pods a selector matches without scanning all
// pods. Terminating pods keep their place until they are gone; finished pods free it.

import type { NodeObject, PodObject } from '../api/objects.js';
import { selectorMatches, type LabelSelector } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import { podRequestsForScoring } from './algorithms/resource-scoring.js';

export interface NodeState {
  node: NodeObject;
  /** Σ actual requests of the pods on the node (NodeResourcesFit filter, BalancedAllocation). */
  requested: Record<string, number>;
  /** Σ requests with the non-zero cpu / memory defaults (NodeResourcesFit scoring). */
  nonZeroRequested: Record<string, number>;
  pods: Set<PodObject>;
}

interface Placement {
  node: string;
  requests: Record<string, number>;
  nonZero: Record<string, number>;
}

export class ClusterSnapshot {
  readonly nodes = new Map<string, NodeState>();
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
        this.nodes.delete(name);
        this.nodeOrder = undefined;
        this.countImages(name, []);
        this.schedulingSignature.delete(name);
        return;
      }
      if (!this.nodes.has(name)) this.addNode(node);
      this.countImages(name, node.status.images);
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
    const signature = [node.spec.taints, node.spec.unschedulable, node.metadata.labels, node.status.allocatable];
    const before = this.schedulingSignature.get(node.metadata.name);
    if (before && before.every((value, i) => value === signature[i])) return false;
    this.schedulingSignature.set(node.metadata.name, signature);
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
    this.nodes.set(node.metadata.name, { node, requested: {}, nonZeroRequested: {}, pods: new Set() });
    this.nodeOrder = undefined;
  }

  /** Places the pod on the node (idempotent). */
  assume(pod: PodObject, nodeName: string): void {
    const current = this.placed.get(pod);
    if (current?.node === nodeName) return;
    if (current) this.remove(pod);
    const state = this.nodes.get(nodeName);
    if (!state) return;
    const requests = podRequestsForScoring(pod.spec, false);
    const nonZero = podRequestsForScoring(pod.spec, true);
    add(state.requested, requests, 1);
    add(state.nonZeroRequested, nonZero, 1);
    state.pods.add(pod);
    this.placed.set(pod, { node: nodeName, requests, nonZero });
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
      state.pods.delete(pod);
    }
    for (const [key, value] of Object.entries(pod.metadata.labels)) this.byLabel.get(`${key}=${value}`)?.delete(pod);
    this.podsWithAffinity.delete(pod);
  }

  nodeOf(pod: PodObject): NodeState | undefined {
    const placement = this.placed.get(pod);
    return placement ? this.nodes.get(placement.node) : undefined;
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
    const out: PodObject[] = [];
    for (const pod of candidates) {
      if (namespaces.includes(pod.metadata.namespace) && selectorMatches(selector, pod.metadata.labels)) out.push(pod);
    }
    return out;
  }
}

function add(target: Record<string, number>, source: Record<string, number>, sign: 1 | -1): void {
  for (const [name, amount] of Object.entries(source)) target[name] = (target[name] ?? 0) + sign * amount;
}
