// The shape of a reconcile-style controller: watches enqueue keys; each queued key is reconciled
// once, as a kernel event at the current virtual time (after the write that queued it, as an
// informer-driven work queue does), and a reconcile may ask to run again after a delay.
// Keys queued several times before their reconcile runs are reconciled once.

import { KeyedTimers, type EventKind, type Millis, type Simulation } from '../../kernel/index.js';
import type { ObjectMeta, OwnerReference } from '../api/objects.js';

export abstract class Controller {
  private readonly queued = new Set<string>();
  private readonly runKind: EventKind<string>;
  private readonly retries: KeyedTimers<string>;
  reconciles = 0;

  constructor(
    protected readonly sim: Simulation,
    readonly name: string,
  ) {
    this.runKind = sim.define(`${name}.reconcile`, (key: string) => {
      this.queued.delete(key);
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
    if (this.queued.has(key)) return;
    this.queued.add(key);
    this.sim.at(this.sim.now, this.runKind, key);
  }

  /** Reconciles the key again after `delay` (an earlier pending request wins). */
  protected requeueAfter(key: string, delay: Millis): void {
    this.retries.setAtIfEarlier(key, this.sim.now + delay);
  }

  protected abstract reconcile(key: string): void;
}

const OWNER_KEYS = new WeakMap<OwnerReference, { namespace: string; key: string }>();

/** namespace/name → [namespace, name] */
export function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
