// The shape of a reconcile-style controller: watches enqueue keys; each queued key is reconciled
// once, as a kernel event at the current virtual time (after the write that queued it, as an
// informer-driven work queue does), and a reconcile may ask to run again after a delay.
// Keys queued several times before their reconcile runs are reconciled once.

import { KeyedTimers, type EventKind, type Millis, type Simulation } from '../../kernel/index.js';
import type { ObjectMeta, OwnerReference } from '../api/objects.js';

export abstract class Controller {
  /**
   * Whether each key is queued. A flag per key rather than a set of the queued ones: deleting
   * from a set that a burst had grown shrank its table again and again (garbage by the megabyte).
   */
  private readonly queued = new Map<string, boolean>();
  private readonly runKind: EventKind<string>;
  private readonly retries: KeyedTimers<string>;
  reconciles = 0;

  constructor(
    protected readonly sim: Simulation,
    readonly name: string,
  ) {
    this.runKind = sim.define(`${name}.reconcile`, (key: string) => {
      this.queued.set(key, false);
      this.reconciles++;
      this.reconcile(key);
    });
    this.retries = new KeyedTimers(sim, `${name}.requeue`, (key) => this.enqueue(key));
  }

  /** Queues the object's controller owner, if it is of `kind` (a pod's ReplicaSet, say). */
  protected enqueueOwner(object: { metadata: ObjectMeta }, kind: string): void {
    const owner = object.metadata.ownerReference;
    if (owner?.kind !== kind) return;
    // Pods share their owner's reference object (pod-factory.ts): its key text is built once, and
    // the same string's hash is computed once.
    const namespace = object.metadata.namespace;
    let key = OWNER_KEYS.get(owner);
    if (key === undefined || key.namespace !== namespace) {
      key = { namespace, key: `${namespace}/${owner.name}` };
      OWNER_KEYS.set(owner, key);
    }
    this.enqueue(key.key);
  }

  enqueue(key: string): void {
    if (this.queued.get(key) === true) return;
    this.queued.set(key, true);
    this.sim.at(this.sim.now, this.runKind, key);
  }

  /** Reconciles the key again after `delay` (an earlier pending request wins). */
  protected requeueAfter(key: string, delay: Millis): void {
    this.retries.setAtIfEarlier(key, this.sim.now + delay);
  }

  protected abstract reconcile(key: string): void;
}

const OWNER_KEYS = new WeakMap<OwnerReference, { namespace: string; key: string }>();

/**
 * namespace/name → [namespace, name] (a shared pair: do not modify). The same key gives the same
 * strings each time: a fresh slice per reconcile had to be hashed again by every lookup by name.
 */
export function splitKey(key: string): readonly [string, string] {
  let parts = SPLIT_KEYS.get(key);
  if (parts === undefined) {
    if (SPLIT_KEYS.size >= MAX_SPLIT_KEYS) SPLIT_KEYS.clear(); // objects come and go: start over rather than grow forever
    const slash = key.indexOf('/');
    parts = [key.slice(0, slash), key.slice(slash + 1)];
    SPLIT_KEYS.set(key, parts);
  }
  return parts;
}

const SPLIT_KEYS = new Map<string, readonly [string, string]>();
const MAX_SPLIT_KEYS = 100_000;
