// The Job controller: runs pods until `completions` succeed, at most `parallelism` at once.
// A pod that fails, or is deleted without having succeeded (evicted from a failed node), counts
// as a failure at once; after more than backoffLimit failures the Job is Failed and its active
// pods deleted. New pods after failures wait the pod-failure back-off: 10 s doubling with each
// failure since the last success, at most 10 min.
// activeDeadlineSeconds fails the Job when it runs out. A pod's work takes the duration of the
// `podsim.dev/run-duration` annotation (kubelet); without it the pod runs until deleted.
// Upstream: pkg/controller/job/job_controller.go (DefaultJobPodFailureBackOff 10s, MaxJobPodFailureBackOff 10m),
// backoff_utils.go (failures after the last success).
// Simplifications: Indexed completion mode and pod failure policies are not modelled.

import { SECOND, type Millis, type Simulation } from '../../kernel/index.js';
import { isActive, objectKey, type JobObject, type PodObject } from '../api/objects.js';
import type { ObjectStore } from '../api/store.js';
import { Controller, splitKey } from './controller.js';
import { podFromTemplate } from './pod-factory.js';

export const JOB_BACKOFF_INITIAL: Millis = 10 * SECOND;
export const JOB_BACKOFF_MAX: Millis = 600 * SECOND;

interface JobBook {
  counted: Set<number>;
  lastFailureAt: Millis;
  failuresSinceSuccess: number;
  created: number;
}

export class JobController extends Controller {
  private readonly books = new Map<number, JobBook>();

  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'job-controller');
    store.watch('Job', (event) => this.enqueue(objectKey(event.object.metadata)));
    store.watch('Pod', (event) => {
      const pod = event.object;
      const owner = pod.metadata.ownerReference;
      if (owner?.kind !== 'Job') return;
      if (event.type === 'DELETED') this.countGone(pod);
      this.enqueue(`${pod.metadata.namespace}/${owner.name}`);
    });
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const job = this.store.get('Job', namespace, name);
    if (!job || job.status.condition) return;
    const before = JSON.stringify(job.status);
    const book = this.book(job);
    const pods = [...this.store.podsOwnedBy(job.metadata.uid)];
    for (const pod of pods) {
      if (book.counted.has(pod.metadata.uid)) continue;
      if (pod.status.phase === 'Succeeded') {
        book.counted.add(pod.metadata.uid);
        this.succeed(job, book);
      } else if (pod.status.phase === 'Failed' || pod.metadata.deletionTimestamp !== undefined) {
        book.counted.add(pod.metadata.uid);
        this.fail(job, book, failureTime(pod, this.sim.now));
      }
    }
    const active = pods.filter(isActive);
    const now = this.sim.now;
    if (job.status.succeeded >= job.spec.completions) {
      job.status.condition = 'Complete';
      job.status.completionTime = now;
    } else if (job.status.failed > job.spec.backoffLimit || (job.spec.activeDeadline !== undefined && now - job.metadata.creationTimestamp >= job.spec.activeDeadline)) {
      job.status.condition = 'Failed';
      for (const pod of active) this.store.deleteGracefully('job-controller', pod);
    } else {
      if (job.spec.activeDeadline !== undefined) this.requeueAfter(key, job.metadata.creationTimestamp + job.spec.activeDeadline - now);
      const want = Math.min(job.spec.parallelism, job.spec.completions - job.status.succeeded);
      const missing = want - active.length;
      const wait = this.backoffRemaining(book, now);
      if (missing > 0 && wait > 0) this.requeueAfter(key, wait);
      else for (let i = 0; i < missing; i++) this.store.create('job-controller', this.newPod(job, book));
      for (const pod of active.slice(Math.max(0, want))) this.store.deleteGracefully('job-controller', pod);
    }
    job.status.active = active.filter((p) => p.metadata.deletionTimestamp === undefined).length;
    if (JSON.stringify(job.status) !== before) this.store.update('job-controller', job);
  }

  private backoffRemaining(book: JobBook, now: Millis): Millis {
    if (book.failuresSinceSuccess === 0) return 0;
    const delay = Math.min(JOB_BACKOFF_INITIAL * 2 ** (book.failuresSinceSuccess - 1), JOB_BACKOFF_MAX);
    return Math.max(0, book.lastFailureAt + delay - now);
  }

  private countGone(pod: PodObject): void {
    const owner = pod.metadata.ownerReference as { uid: number; name: string };
    const job = this.store.get('Job', pod.metadata.namespace, owner.name);
    if (!job || job.metadata.uid !== owner.uid) return;
    const book = this.book(job);
    if (book.counted.has(pod.metadata.uid)) return;
    book.counted.add(pod.metadata.uid);
    if (pod.status.phase === 'Succeeded') this.succeed(job, book);
    else this.fail(job, book, failureTime(pod, this.sim.now));
  }

  private succeed(job: JobObject, book: JobBook): void {
    job.status.succeeded++;
    book.failuresSinceSuccess = 0;
  }

  private fail(job: JobObject, book: JobBook, at: Millis): void {
    job.status.failed++;
    book.failuresSinceSuccess++;
    book.lastFailureAt = Math.max(book.lastFailureAt, at);
  }

  private book(job: JobObject): JobBook {
    let book = this.books.get(job.metadata.uid);
    if (!book) {
      book = { counted: new Set(), lastFailureAt: 0, failuresSinceSuccess: 0, created: 0 };
      this.books.set(job.metadata.uid, book);
    }
    return book;
  }

  private newPod(job: JobObject, book: JobBook): PodObject {
    const name = `${job.metadata.name}-${(book.created++).toString(36)}`;
    return podFromTemplate(job.spec.template, name, job.metadata.namespace, job, { labels: { 'job-name': job.metadata.name } });
  }
}

/**
 * When a pod failed, for the back-off: when it stopped being Ready if it is not Ready (an evicted
 * pod on a dead node failed when the node went away, not at the eviction), else now
 * (upstream getFinishedTime falls back on the Ready condition's transition time).
 */
function failureTime(pod: PodObject, now: Millis): Millis {
  return !pod.status.ready && pod.status.readyTransition > 0 ? Math.min(pod.status.readyTransition, now) : now;
}
