// The scheduling queue (upstream pkg/scheduler/backend/queue/scheduling_queue.go):
// - activeQ: pods ready to be tried, higher .spec.priority first, then earlier enqueue time
//   (PrioritySort);
// - backoffQ: pods that failed and wait out their back-off, 1 s × 2^(attempts−1) capped at
//   10 s, moved to activeQ by a flush that runs every 1 s;
// - unschedulable pods: they wait for a cluster event that may make them schedulable (then they
//   go to backoffQ or activeQ), or are flushed after 5 min (checked every 30 s).
// Simplification: every relevant cluster event moves every unschedulable pod (upstream filters
// by the queueing hints of the plugins that rejected each pod).

import { SECOND, type EventKind, type Millis, type Simulation } from '../../kernel/index.js';
import type { PodObject } from '../api/objects.js';

export const POD_INITIAL_BACKOFF: Millis = 1 * SECOND;
export const POD_MAX_BACKOFF: Millis = 10 * SECOND;
export const BACKOFF_FLUSH_PERIOD: Millis = 1 * SECOND;
export const UNSCHEDULABLE_FLUSH_PERIOD: Millis = 30 * SECOND;
export const POD_MAX_IN_UNSCHEDULABLE: Millis = 5 * 60 * SECOND;

interface QueuedPod {
  pod: PodObject;
  enqueuedAt: Millis;
  seq: number;
  attempts: number;
  backoffUntil: Millis;
  unschedulableSince: Millis;
}

export class SchedulingQueue {
  private readonly info = new Map<PodObject, QueuedPod>();
  private readonly active: QueuedPod[] = []; // binary heap
  private readonly inActive = new Set<PodObject>();
  private readonly backoff = new Set<QueuedPod>();
  private readonly unschedulable = new Set<QueuedPod>();
  private seq = 0;
  private flushPending = false;
  private readonly flushKind: EventKind<void>;

  constructor(
    private readonly sim: Simulation,
    private readonly onActive: () => void,
    private readonly initialBackoff: Millis = POD_INITIAL_BACKOFF,
    private readonly maxBackoff: Millis = POD_MAX_BACKOFF,
  ) {
    this.flushKind = sim.define('scheduler.flushBackoffQCompleted', () => this.flushBackoff());
  }

  start(): void {
    this.sim.every(UNSCHEDULABLE_FLUSH_PERIOD, () => this.flushUnschedulableLeftover(), UNSCHEDULABLE_FLUSH_PERIOD, 'scheduler.flushUnschedulablePodsLeftover');
  }

  get activeCount(): number {
    return this.active.length;
  }

  get pendingCount(): number {
    return this.info.size;
  }

  /** A new pod to schedule. */
  add(pod: PodObject): void {
    if (this.info.has(pod)) return;
    const entry: QueuedPod = { pod, enqueuedAt: this.sim.now, seq: this.seq++, attempts: 0, backoffUntil: 0, unschedulableSince: 0 };
    this.info.set(pod, entry);
    this.pushActive(entry);
  }

  /** The pod left (bound, deleted): forget it. */
  remove(pod: PodObject): void {
    const entry = this.info.get(pod);
    if (!entry) return;
    this.info.delete(pod);
    this.backoff.delete(entry);
    this.unschedulable.delete(entry);
    this.inActive.delete(pod); // a stale heap entry is skipped when popped
  }

  /** The next pod to try, or undefined. */
  pop(): PodObject | undefined {
    while (this.active.length > 0) {
      const entry = this.popHeap();
      if (!this.inActive.delete(entry.pod) || this.info.get(entry.pod) !== entry) continue;
      entry.attempts++;
      return entry.pod;
    }
    return undefined;
  }

  /** The attempt failed: the pod waits for a cluster event (or the leftover flush). */
  unschedulableAgain(pod: PodObject): void {
    const entry = this.info.get(pod);
    if (!entry) return;
    entry.backoffUntil = this.sim.now + Math.min(this.initialBackoff * 2 ** (entry.attempts - 1), this.maxBackoff);
    entry.unschedulableSince = this.sim.now;
    this.unschedulable.add(entry);
  }

  /** A cluster change that may help: unschedulable pods go to backoffQ, or activeQ if done backing off. */
  moveAllToActiveOrBackoff(): void {
    if (this.unschedulable.size === 0) return;
    for (const entry of [...this.unschedulable]) this.moveOut(entry);
  }

  private moveOut(entry: QueuedPod): void {
    this.unschedulable.delete(entry);
    if (entry.backoffUntil > this.sim.now) {
      this.backoff.add(entry);
      this.scheduleFlush(entry.backoffUntil);
    } else {
      this.pushActive(entry);
    }
  }

  private flushUnschedulableLeftover(): void {
    for (const entry of [...this.unschedulable]) {
      if (this.sim.now - entry.unschedulableSince > POD_MAX_IN_UNSCHEDULABLE) this.moveOut(entry);
    }
  }

  /** The 1 s backoff flush: the first tick (multiples of 1 s) at or after `time`. */
  private scheduleFlush(time: Millis): void {
    if (this.flushPending) return;
    this.flushPending = true;
    this.sim.at(Math.ceil(time / BACKOFF_FLUSH_PERIOD) * BACKOFF_FLUSH_PERIOD, this.flushKind);
  }

  private flushBackoff(): void {
    this.flushPending = false;
    let next = Number.POSITIVE_INFINITY;
    for (const entry of [...this.backoff]) {
      if (entry.backoffUntil <= this.sim.now) {
        this.backoff.delete(entry);
        this.pushActive(entry);
      } else {
        next = Math.min(next, entry.backoffUntil);
      }
    }
    if (next !== Number.POSITIVE_INFINITY) this.scheduleFlush(next);
  }

  // ---- activeQ heap: priority desc, enqueue time asc, then insertion order ------------------

  private pushActive(entry: QueuedPod): void {
    if (this.inActive.has(entry.pod)) return;
    this.inActive.add(entry.pod);
    entry.enqueuedAt = this.sim.now;
    entry.seq = this.seq++;
    const heap = this.active;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as QueuedPod)) break;
      heap[i] = heap[parent] as QueuedPod;
      i = parent;
    }
    heap[i] = entry;
    this.onActive();
  }

  private popHeap(): QueuedPod {
    const heap = this.active;
    const top = heap[0] as QueuedPod;
    const last = heap.pop() as QueuedPod;
    if (heap.length > 0) {
      let i = 0;
      for (;;) {
        let child = 2 * i + 1;
        if (child >= heap.length) break;
        if (child + 1 < heap.length && before(heap[child + 1] as QueuedPod, heap[child] as QueuedPod)) child++;
        if (!before(heap[child] as QueuedPod, last)) break;
        heap[i] = heap[child] as QueuedPod;
        i = child;
      }
      heap[i] = last;
    }
    return top;
  }
}

function before(a: QueuedPod, b: QueuedPod): boolean {
  if (a.pod.spec.priority !== b.pod.spec.priority) return a.pod.spec.priority > b.pod.spec.priority;
  if (a.enqueuedAt !== b.enqueuedAt) return a.enqueuedAt < b.enqueuedAt;
  return a.seq < b.seq;
}
