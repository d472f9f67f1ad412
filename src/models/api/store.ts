// The object store: the simulated API server. Components read and write API objects only
// through it, the way real controllers only talk through kube-apiserver.
//
// - Writes (create, update, delete) bump a global resourceVersion and are counted by verb and
//   kind (reported under controlPlane.apiRequests).
// - Each component writes as an actor with its own permissions (the kubelet may update pod
//   status but not create Deployments); a write outside them is a programming error.
// - Watchers are told of each write through the kernel, as an event at the current time, never
//   synchronously inside the write: a controller's reaction follows the write, as with informers.
// - Objects are mutated in place by their writer and then passed to update(); watchers see the
//   object as it is when they run (an informer cache holding the latest state), not a snapshot.
// - Lists come back in key order. Indexes answer the hot questions without scanning: pods by
//   node, pods by owner, pending (unscheduled, not terminating) pods.
// - Update hooks (onUpdate) run inside update(), for caches kept outside the store that must equal
//   what reading the live objects gives (the scheduler's node table); reactions belong in watchers.
// Not modelled yet: API-server outages (writes failing, watches stalling).

import type { EventKind, Millis, Simulation } from '../../kernel/index.js';
import {
  isActive,
  KINDS,
  objectKey,
  type ApiObject,
  type Kind,
  type ObjectOfKind,
  type OwnerReference,
  type PodDisruptionBudgetObject,
  type PodObject,
  type ReplicaSetObject,
  type ServiceObject,
} from './objects.js';
import { addTo, removeFrom } from '../set-index.js';
import { SelectorIndex } from './selector-index.js';
import type { Labels } from './selectors.js';

export type Verb = 'create' | 'update' | 'delete';

export type Actor =
  | 'scenario'
  | 'kubelet'
  | 'scheduler'
  | 'node-lifecycle-controller'
  | 'taint-eviction-controller'
  | 'replicaset-controller'
  | 'deployment-controller'
  | 'statefulset-controller'
  | 'daemonset-controller'
  | 'job-controller'
  | 'endpoints-controller'
  | 'disruption-controller'
  | 'persistentvolume-controller'
  | 'cloud-provider'
  | 'autoscaler'
  | 'horizontal-pod-autoscaler'
  | 'vertical-pod-autoscaler';

// Which kinds each actor may write. Mirrors the RBAC of the real components, coarsely.
const PERMISSIONS: Record<Actor, Partial<Record<Kind, readonly Verb[]>>> = {
  scenario: Object.fromEntries(KINDS.map((k) => [k, ['create', 'update', 'delete'] as const])),
  kubelet: { Pod: ['update', 'delete'], Node: ['update'] },
  scheduler: { Pod: ['update'] },
  'node-lifecycle-controller': { Node: ['update'], Pod: ['update'] },
  'taint-eviction-controller': { Pod: ['delete'] },
  'replicaset-controller': { Pod: ['create', 'delete'], ReplicaSet: ['update'] },
  'deployment-controller': { ReplicaSet: ['create', 'update', 'delete'], Deployment: ['update'] },
  'statefulset-controller': { Pod: ['create', 'delete'], StatefulSet: ['update'], PersistentVolumeClaim: ['create'] },
  'daemonset-controller': { Pod: ['create', 'delete'], DaemonSet: ['update'] },
  'job-controller': { Pod: ['create', 'update', 'delete'], Job: ['update'] },
  'endpoints-controller': { Endpoints: ['create', 'update', 'delete'] },
  'disruption-controller': { PodDisruptionBudget: ['update'] },
  'persistentvolume-controller': { PersistentVolume: ['create'], PersistentVolumeClaim: ['update'] },
  'cloud-provider': { Node: ['create', 'update', 'delete'] },
  autoscaler: { Deployment: ['update'], StatefulSet: ['update'], Node: ['update', 'delete'], Pod: ['delete'] },
  'horizontal-pod-autoscaler': { HorizontalPodAutoscaler: ['update'], Deployment: ['update'], StatefulSet: ['update'] },
  'vertical-pod-autoscaler': { VerticalPodAutoscaler: ['update'], Pod: ['delete'] },
};

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export interface WatchEvent<O extends ApiObject = ApiObject> {
  type: WatchEventType;
  object: O;
}

export type WatchListener<O extends ApiObject> = (event: WatchEvent<O>) => void;

/**
 * Per indexed pod, in one record (one lookup per pod write): the node it is indexed under, what
 * it adds to its owner's counts (0 nothing, 1 active, 2 active and Ready) and whether it is in
 * the pending set.
 */
interface PodIndex {
  node: string | undefined;
  share: number;
  pending: boolean;
}

export class PermissionError extends Error {
  override name = 'PermissionError';
}

export class ObjectStore {
  private resourceVersion = 0;
  private nextUid = 1;
  /**
   * The objects by kind, namespace and name: get() and update() run for nearly every event, and
   * building a "namespace/name" key string per lookup (or per create) was a measurable cost.
   */
  private readonly byName = new Map<Kind, Map<string, Map<string, ApiObject>>>();
  private readonly counts = new Map<Kind, number>();
  /** Per kind, the objects in key order, made when list() is called after a create or delete. */
  private readonly sorted = new Map<Kind, ApiObject[] | undefined>();
  /**
   * The objects the store holds: holds() is one lookup rather than three by name; a marker
   * property on each object instead cost a defineProperty (a runtime call) per create.
   */
  private readonly held = new WeakSet<ApiObject>();
  private readonly watchers = new Map<Kind, Array<WatchListener<any>>>();
  private readonly updateHooks = new Map<Kind, Array<(object: any) => void>>();
  private readonly deliver: EventKind<WatchEvent>;
  /** Writes per kind and verb (one lookup per write; requestCounts names them). */
  private readonly writes = new Map<Kind, Record<Verb, number>>();

  private readonly podsByNode = new Map<string, Set<PodObject>>();
  private readonly podsByOwner = new Map<number, Set<PodObject>>();
  private readonly ownedCounts = new Map<number, OwnedPodCounts>();
  private readonly replicaSetsByOwner = new Map<number, Set<ReplicaSetObject>>();
  /** Bumped whenever a node's set of pods changes, so observers can cache per node. */
  private readonly podsOnNodeChanges = new Map<string, number>();
  /** Bumped whenever a pod on the node is written, gained or lost. */
  private readonly podWritesOnNode = new Map<string, number>();
  private readonly pending = new Set<PodObject>();
  private readonly podIndex = new Map<PodObject, PodIndex>();
  private readonly serviceIndex = new SelectorIndex<ServiceObject>((s) =>
    s.spec.selector && Object.keys(s.spec.selector).length > 0 ? { matchLabels: s.spec.selector } : undefined,
  );
  private readonly budgetIndex = new SelectorIndex<PodDisruptionBudgetObject>((b) => b.spec.selector);
  /**
   * servicesSelecting answers by the pod's labels object, valid while no Service was written
   * (serviceWrites). Writers replace a pod's labels object rather than edit it, and several
   * components ask for each pod event, so most questions are answered from here.
   */
  private readonly servicesByLabels = new WeakMap<Labels, { writes: number; namespace: string; services: ServiceObject[] }>();
  private serviceWrites = 0;

  constructor(
    private readonly sim: Simulation,
    /** Admission plugins run on every new pod before it is stored. */
    private readonly admitPod: (pod: PodObject) => void = () => {},
  ) {
    for (const kind of KINDS) {
      this.byName.set(kind, new Map());
      this.counts.set(kind, 0);
      this.writes.set(kind, { create: 0, update: 0, delete: 0 });
    }
    this.deliver = sim.define('apiserver.watch', (event: WatchEvent) => {
      for (const listener of this.watchers.get(event.object.kind) ?? []) listener(event);
    });
  }

  get now(): Millis {
    return this.sim.now;
  }

  get(kind: 'Pod', namespace: string, name: string): PodObject | undefined;
  get<K extends Kind>(kind: K, namespace: string, name: string): ObjectOfKind<K> | undefined;
  get(kind: Kind, namespace: string, name: string): ApiObject | undefined {
    return this.byName.get(kind)?.get(namespace)?.get(name);
  }

  /** Whether this very object is the one the store holds under its key (not deleted, not a copy). */
  holds(object: ApiObject): boolean {
    return this.held.has(object);
  }

  /** All objects of a kind, in key (namespace/name) order (a new array). */
  list<K extends Kind>(kind: K): ObjectOfKind<K>[] {
    let objects = this.sorted.get(kind);
    if (!objects) {
      const keyed: Array<{ key: string; object: ApiObject }> = [];
      for (const names of (this.byName.get(kind) as Map<string, Map<string, ApiObject>>).values()) {
        for (const object of names.values()) keyed.push({ key: objectKey(object.metadata), object });
      }
      objects = keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)).map((entry) => entry.object);
      this.sorted.set(kind, objects);
    }
    return objects.slice() as ObjectOfKind<K>[];
  }

  count(kind: Kind): number {
    return this.counts.get(kind) as number;
  }

  /** Pods bound to a node (including terminating ones). */
  podsOnNode(nodeName: string): ReadonlySet<PodObject> {
    return this.podsByNode.get(nodeName) ?? EMPTY;
  }

  /** A number that changes whenever podsOnNode(nodeName) gains or loses a pod. */
  podsOnNodeVersion(nodeName: string): number {
    return this.podsOnNodeChanges.get(nodeName) ?? 0;
  }

  /** A number that changes whenever a pod on the node is written, or the node gains or loses one. */
  podWritesOnNodeVersion(nodeName: string): number {
    return this.podWritesOnNode.get(nodeName) ?? 0;
  }

  /** Pods whose controller owner has this uid. */
  podsOwnedBy(uid: number): ReadonlySet<PodObject> {
    return this.podsByOwner.get(uid) ?? EMPTY;
  }

  /**
   * How many of the owner's pods are active (isActive) and how many of those are Ready, as of
   * the last write: the same as counting podsOwnedBy(uid) now, without walking the pods.
   */
  ownedPodCounts(uid: number): Readonly<OwnedPodCounts> {
    return this.ownedCounts.get(uid) ?? NO_PODS;
  }

  /** The pod's top controller: its owner, or its ReplicaSet's owner (a Deployment) when there is one. */
  topOwner(pod: PodObject): OwnerReference | undefined {
    const owner = pod.metadata.ownerReference;
    if (owner?.kind !== 'ReplicaSet') return owner;
    return this.get('ReplicaSet', pod.metadata.namespace, owner.name)?.metadata.ownerReference ?? owner;
  }

  /** ReplicaSets whose controller owner (a Deployment) has this uid, in name order. */
  replicaSetsOwnedBy(uid: number): ReplicaSetObject[] {
    return [...(this.replicaSetsByOwner.get(uid) ?? [])].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  /** Pods not bound to a node and not terminating: the scheduler's work. */
  pendingPods(): ReadonlySet<PodObject> {
    return this.pending;
  }

  /** Services in the pod's namespace whose selector matches it, in name order (a shared array: do not modify). */
  servicesSelecting(pod: PodObject): ServiceObject[] {
    const labels = pod.metadata.labels;
    const namespace = pod.metadata.namespace;
    const cached = this.servicesByLabels.get(labels);
    if (cached && cached.writes === this.serviceWrites && cached.namespace === namespace) return cached.services;
    const services = this.serviceIndex
      .matching(labels)
      .filter((s) => s.metadata.namespace === namespace)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
    this.servicesByLabels.set(labels, { writes: this.serviceWrites, namespace, services });
    return services;
  }

  /** PodDisruptionBudgets in the pod's namespace whose selector matches it, in name order. */
  budgetsSelecting(pod: PodObject): PodDisruptionBudgetObject[] {
    // Most clusters have no budgets; matching would still build a key per pod label.
    if (this.count('PodDisruptionBudget') === 0) return [];
    return this.budgetIndex
      .matching(pod.metadata.labels)
      .filter((b) => b.metadata.namespace === pod.metadata.namespace)
      .sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
  }

  watch<K extends Kind>(kind: K, listener: WatchListener<ObjectOfKind<K>>): void {
    const list = this.watchers.get(kind) ?? [];
    list.push(listener);
    this.watchers.set(kind, list);
  }

  /**
   * Calls `hook` inside every update() of an object of the kind, before any watcher hears of it.
   * For caches that must answer exactly as reading the live object would (the scheduler keeps
   * copies of each node's scheduling fields), not for reactions: those belong in watch().
   */
  onUpdate<K extends Kind>(kind: K, hook: (object: ObjectOfKind<K>) => void): void {
    const list = this.updateHooks.get(kind) ?? [];
    list.push(hook);
    this.updateHooks.set(kind, list);
  }

  create<O extends ApiObject>(actor: Actor, object: O): O {
    this.authorize(actor, 'create', object.kind);
    const names = this.nameIndex(object.kind, object.metadata.namespace);
    if (names.has(object.metadata.name)) throw new Error(`${actor}: ${object.kind} ${objectKey(object.metadata)} already exists`);
    if (object.kind === 'Pod') this.admitPod(object);
    object.metadata.uid = this.nextUid++;
    object.metadata.resourceVersion = ++this.resourceVersion;
    object.metadata.creationTimestamp = this.sim.now;
    names.set(object.metadata.name, object);
    this.held.add(object);
    this.counted(object.kind, 1);
    if (object.kind === 'Pod') this.indexPod(object);
    if (object.kind === 'ReplicaSet' && object.metadata.ownerReference) addTo(this.replicaSetsByOwner, object.metadata.ownerReference.uid, object);
    if (object.kind === 'Service') this.serviceIndex.add(object);
    if (object.kind === 'PodDisruptionBudget') this.budgetIndex.add(object);
    this.notify('ADDED', object);
    return object;
  }

  /** Records a change the actor made to the object in place. */
  update<O extends ApiObject>(actor: Actor, object: O): O {
    this.authorize(actor, 'update', object.kind);
    if (!this.holds(object)) {
      throw new Error(`${actor}: update of ${object.kind} ${objectKey(object.metadata)}, which is not in the store`);
    }
    object.metadata.resourceVersion = ++this.resourceVersion;
    if (object.kind === 'Pod') this.indexPod(object);
    const hooks = this.updateHooks.get(object.kind);
    if (hooks) for (const hook of hooks) hook(object);
    this.notify('MODIFIED', object);
    return object;
  }

  /**
   * A graceful deletion: the pod gets a deletionTimestamp and grace period and stays until its
   * kubelet has stopped it and removes it (counted as a delete request, as the API counts it).
   */
  deleteGracefully(actor: Actor, pod: PodObject, gracePeriod: Millis = pod.spec.terminationGracePeriod): void {
    if (pod.metadata.deletionTimestamp !== undefined) return;
    if (!this.holds(pod)) return;
    // The API server deletes an unbound or finished pod at once: no kubelet has to stop it.
    if (pod.spec.nodeName === undefined || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') {
      this.delete(actor, pod);
      return;
    }
    this.authorize(actor, 'delete', 'Pod');
    pod.metadata.deletionTimestamp = this.sim.now;
    pod.metadata.deletionGracePeriod = gracePeriod;
    pod.metadata.resourceVersion = ++this.resourceVersion;
    this.indexPod(pod);
    this.notify('MODIFIED', pod);
  }

  /**
   * The eviction API (pods/eviction): allowed only if every PodDisruptionBudget selecting the pod
   * allows a disruption; then each budget's disruptionsAllowed drops by one and the pod is deleted
   * gracefully. Returns false (HTTP 429) when a budget says no.
   */
  evict(actor: Actor, pod: PodObject): boolean {
    const budgets = this.budgetsSelecting(pod);
    if (budgets.some((b) => b.status.disruptionsAllowed < 1)) return false;
    for (const budget of budgets) {
      budget.status = { ...budget.status, disruptionsAllowed: budget.status.disruptionsAllowed - 1 };
      budget.metadata.resourceVersion = ++this.resourceVersion;
      this.notify('MODIFIED', budget);
    }
    this.deleteGracefully(actor, pod);
    return true;
  }

  /** Removes the object now. */
  delete(actor: Actor, object: ApiObject): void {
    this.authorize(actor, 'delete', object.kind);
    if (!this.holds(object)) return;
    this.held.delete(object);
    this.nameIndex(object.kind, object.metadata.namespace).delete(object.metadata.name);
    this.counted(object.kind, -1);
    object.metadata.resourceVersion = ++this.resourceVersion;
    if (object.kind === 'Pod') this.unindexPod(object);
    if (object.kind === 'ReplicaSet' && object.metadata.ownerReference) removeFrom(this.replicaSetsByOwner, object.metadata.ownerReference.uid, object);
    if (object.kind === 'Service') this.serviceIndex.remove(object);
    if (object.kind === 'PodDisruptionBudget') this.budgetIndex.remove(object);
    this.notify('DELETED', object);
  }

  private counted(kind: Kind, change: 1 | -1): void {
    this.counts.set(kind, (this.counts.get(kind) as number) + change);
    this.sorted.set(kind, undefined);
  }

  private nameIndex(kind: Kind, namespace: string): Map<string, ApiObject> {
    const byNamespace = this.byName.get(kind) as Map<string, Map<string, ApiObject>>;
    let names = byNamespace.get(namespace);
    if (!names) {
      names = new Map();
      byNamespace.set(namespace, names);
    }
    return names;
  }

  private notify(type: WatchEventType, object: ApiObject): void {
    if ((this.watchers.get(object.kind)?.length ?? 0) === 0) return;
    this.sim.at(this.sim.now, this.deliver, { type, object });
  }

  private authorize(actor: Actor, verb: Verb, kind: Kind): void {
    if (!PERMISSIONS[actor][kind]?.includes(verb)) throw new PermissionError(`${actor} may not ${verb} ${kind} objects`);
    if (kind === 'Service') this.serviceWrites++;
    (this.writes.get(kind) as Record<Verb, number>)[verb]++;
  }

  /** How many requests of this verb and kind the API server has served. */
  requestCount(verb: Verb, kind: Kind): number {
    return this.writes.get(kind)?.[verb] ?? 0;
  }

  /** Requests served by "verb kind" (e.g. "update Pod"), the pairs with at least one. */
  get requestCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [kind, byVerb] of this.writes) {
      for (const verb of ['create', 'update', 'delete'] as const) if (byVerb[verb] > 0) counts.set(`${verb} ${kind}`, byVerb[verb]);
    }
    return counts;
  }

  private indexPod(pod: PodObject): void {
    const owner = pod.metadata.ownerReference?.uid;
    const node = pod.spec.nodeName;
    let index = this.podIndex.get(pod);
    if (!index) {
      if (owner !== undefined) addTo(this.podsByOwner, owner, pod);
      if (node !== undefined) this.addToNode(node, pod);
      index = { node, share: 0, pending: false };
      this.podIndex.set(pod, index);
    } else if (index.node !== node) {
      if (index.node !== undefined) this.removeFromNode(index.node, pod);
      if (node !== undefined) this.addToNode(node, pod);
      index.node = node;
    }
    if (node !== undefined) bump(this.podWritesOnNode, node);
    if (owner !== undefined) this.countOwned(owner, index, isActive(pod) ? (pod.status.ready ? 2 : 1) : 0);
    const pending = node === undefined && pod.metadata.deletionTimestamp === undefined;
    if (pending !== index.pending) {
      index.pending = pending;
      if (pending) this.pending.add(pod);
      else this.pending.delete(pod);
    }
  }

  private countOwned(owner: number, index: { share: number }, share: number): void {
    const before = index.share;
    if (share === before) return;
    index.share = share;
    let counts = this.ownedCounts.get(owner);
    if (!counts) {
      counts = { active: 0, ready: 0 };
      this.ownedCounts.set(owner, counts);
    }
    counts.active += (share > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    counts.ready += (share === 2 ? 1 : 0) - (before === 2 ? 1 : 0);
  }

  private addToNode(node: string, pod: PodObject): void {
    addTo(this.podsByNode, node, pod);
    bump(this.podsOnNodeChanges, node);
  }

  private removeFromNode(node: string, pod: PodObject): void {
    removeFrom(this.podsByNode, node, pod);
    bump(this.podsOnNodeChanges, node);
    bump(this.podWritesOnNode, node);
  }

  private unindexPod(pod: PodObject): void {
    const index = this.podIndex.get(pod);
    if (index?.node !== undefined) this.removeFromNode(index.node, pod);
    const owner = pod.metadata.ownerReference?.uid;
    if (owner !== undefined) {
      removeFrom(this.podsByOwner, owner, pod);
      if (index) this.countOwned(owner, index, 0);
    }
    this.podIndex.delete(pod);
    this.pending.delete(pod);
  }
}

const EMPTY: ReadonlySet<PodObject> = new Set();

export interface OwnedPodCounts {
  active: number;
  ready: number;
}

const NO_PODS: Readonly<OwnedPodCounts> = Object.freeze({ active: 0, ready: 0 });

function bump(versions: Map<string, number>, key: string): void {
  versions.set(key, (versions.get(key) ?? 0) + 1);
}

