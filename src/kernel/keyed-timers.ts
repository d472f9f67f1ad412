// At most one pending timer per key: setting a key again replaces its timer. This is the shape of
// lease-expiry and eviction deadlines ("evict this pod at T, unless rescheduled or cancelled").
// One event kind per KeyedTimers, no closure per timer.

import type { Millis } from './duration.js';
import { NO_EVENT, type EventHandle, type EventKind, type Simulation } from './simulation.js';

export class KeyedTimers<K> {
  private readonly handles = new Map<K, EventHandle>();
  private readonly dueTimes = new Map<K, Millis>();
  private readonly fire: EventKind<K>;

  constructor(
    private readonly sim: Simulation,
    label: string,
    onFire: (key: K) => void,
  ) {
    this.fire = sim.define(label, (key: K) => {
      this.handles.delete(key);
      this.dueTimes.delete(key);
      onFire(key);
    });
  }

  /** Fires onFire(key) at `time`, replacing any timer pending for the key. */
  setAt(key: K, time: Millis): void {
    const handle = this.sim.at(time, this.fire, key); // first: if this throws, the old timer stays
    this.cancel(key);
    this.handles.set(key, handle);
    this.dueTimes.set(key, time);
  }

  /** Fires onFire(key) after `delay`, replacing any timer pending for the key. */
  setAfter(key: K, delay: Millis): void {
    this.setAt(key, this.sim.now + delay);
  }

  /** Sets the timer only if none is pending for the key or the pending one is later. */
  setAtIfEarlier(key: K, time: Millis): void {
    const due = this.dueTimes.get(key);
    if (due === undefined || time < due) this.setAt(key, time);
  }

  /** Cancels the key's timer; returns whether one was pending. */
  cancel(key: K): boolean {
    const handle = this.handles.get(key) ?? NO_EVENT;
    if (handle === NO_EVENT) return false;
    this.handles.delete(key);
    this.dueTimes.delete(key);
    return this.sim.cancel(handle);
  }

  has(key: K): boolean {
    return this.handles.has(key);
  }

  /** When the key's timer fires, or undefined if none is pending. */
  dueAt(key: K): Millis | undefined {
    return this.dueTimes.get(key);
  }

  get size(): number {
    return this.handles.size;
  }
}
