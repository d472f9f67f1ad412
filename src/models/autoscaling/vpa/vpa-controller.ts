// The VerticalPodAutoscaler (kubernetes/autoscaler vertical-pod-autoscaler): three parts.
// - Recommender, every minute: each running pod of the target adds a CPU and a memory sample per
//   container (recommender.ts: decaying histograms with a 24 h half-life, one memory peak per 24 h
//   interval, p90 target, p50 / p95 bounds, 15% margin, confidence scaling, per-pod minimums);
//   the recommendation (capped by the containerPolicies' minAllowed / maxAllowed) goes to the
//   VPA's status. Memory use above a container's limit is an OOM kill: the kubelet restarts the
//   container and the recommender records the OOM (its bump-up).
// - Updater, every minute, for updateMode Recreate (the default), Auto and InPlaceOrRecreate
//   (podsim recreates): pods whose requests are outside the recommended range, that quick-OOMed,
//   or that lived 12 h and differ by at least 10% are evicted in priority order, within the
//   eviction tolerance (50% of replicas, at least 2 live replicas) and through the eviction API
//   (PodDisruptionBudgets respected).
// - Admission: a new pod of a target whose VPA is not Off gets the recommended requests (limits
//   keep their ratio to requests).
// Simplifications: the metrics are PodUsage's pod usage, split over containers in proportion to
// their requests; no in-place resize; no checkpoints; one VPA per target.

import { MINUTE, type Millis, type Simulation } from '../../../kernel/index.js';
import type { ContainerSpec, PodObject, VerticalPodAutoscalerObject } from '../../api/objects.js';
import { podsOfTarget, scaleTarget, type ScaleTarget } from '../scale-target.js';
import type { ObjectStore } from '../../api/store.js';
import type { Kubelets } from '../../kubelet.js';
import type { PodUsage } from '../../pod-usage.js';
import {
  containerAddCpuSample,
  containerAddMemorySample,
  DEFAULT_RECOMMENDER_CONFIG,
  estimateContainerResources,
  newAggregateContainerState,
  newContainerState,
  recordOom,
  type AggregateContainerState,
  type ContainerState,
} from './recommender.js';
import { canEvict, createEvictionRestriction, evict, updateQueue, type ContainerRecommendation, type UpdaterPod } from './updater.js';

export const VPA_LOOP_PERIOD: Millis = 1 * MINUTE;

interface VpaBook {
  aggregates: Map<string, AggregateContainerState>;
  containers: Map<string, ContainerState>; // by pod uid / container
  lastOom: Map<number, { startedAt: Millis; finishedAt: Millis }>;
}

export class VpaController {
  private readonly books = new Map<VerticalPodAutoscalerObject, VpaBook>();
  evictions = 0;
  oomKills = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly store: ObjectStore,
    private readonly kubelets: Kubelets,
    private readonly usage: PodUsage,
  ) {}

  start(): void {
    if (this.store.count('VerticalPodAutoscaler') === 0) return;
    this.sim.every(VPA_LOOP_PERIOD, () => this.loop(), VPA_LOOP_PERIOD, 'vpa.loop');
  }

  /** Admission: the recommended requests for a new pod of a target with a VPA that is not Off. */
  admit(pod: PodObject): void {
    if (this.store.count('VerticalPodAutoscaler') === 0) return; // most clusters: no owner lookup per pod
    const vpa = this.vpaOf(pod);
    if (!vpa || vpa.spec.updateMode === 'Off' || !vpa.status.recommendation) return;
    pod.spec.containers = pod.spec.containers.map((c) => applyRecommendation(c, vpa.status.recommendation?.[c.name]?.target));
  }

  private loop(): void {
    for (const vpa of this.store.list('VerticalPodAutoscaler')) {
      const target = this.target(vpa);
      if (!target) continue;
      const pods = this.podsOf(target);
      this.recommend(vpa, pods);
      if (vpa.spec.updateMode !== 'Off' && vpa.spec.updateMode !== 'Initial') this.update(vpa, target, pods);
    }
  }

  private recommend(vpa: VerticalPodAutoscalerObject, pods: PodObject[]): void {
    const book = this.book(vpa);
    const now = this.sim.now;
    for (const pod of pods) {
      if (!this.kubelets.containerRunning(pod)) continue;
      const used = this.usage.usage(pod);
      const totals = pod.spec.containers.reduce((t, c) => ({ cpu: t.cpu + (c.requests.cpu ?? 0), memory: t.memory + (c.requests.memory ?? 0) }), { cpu: 0, memory: 0 });
      for (const container of pod.spec.containers) {
        const share = (resource: 'cpu' | 'memory'): number =>
          totals[resource] > 0 ? (container.requests[resource] ?? 0) / totals[resource] : 1 / pod.spec.containers.length;
        const cpu = Math.round(used.cpu * share('cpu'));
        const memory = Math.round(used.memory * share('memory'));
        const aggregate = this.aggregate(book, container.name, now);
        const state = this.containerState(book, pod, container.name);
        containerAddCpuSample(state, aggregate, { startMs: now, usageMilli: cpu, requestMilli: container.requests.cpu ?? 0 });
        containerAddMemorySample(state, aggregate, { startMs: now, usageBytes: memory });
        const limit = container.limits.memory;
        if (limit !== undefined && memory > limit && this.kubelets.crashContainer(pod, 'OOMKilled')) {
          this.oomKills++;
          recordOom(state, aggregate, now, container.requests.memory ?? 0);
          book.lastOom.set(pod.metadata.uid, { startedAt: pod.status.startTime ?? now, finishedAt: now });
        }
      }
    }
    const template = this.target(vpa)?.spec.template.spec.containers ?? [];
    const recommendation: NonNullable<VerticalPodAutoscalerObject['status']['recommendation']> = {};
    for (const container of template) {
      const aggregate = book.aggregates.get(container.name);
      if (!aggregate || aggregate.totalSamplesCount === 0) continue;
      const policy = vpa.spec.containerPolicies.find((p) => p.containerName === container.name || p.containerName === '*');
      if (policy?.mode === 'Off') continue;
      const estimate = estimateContainerResources(aggregate, template.length, DEFAULT_RECOMMENDER_CONFIG, policy?.controlledResources ?? ['cpu', 'memory']);
      const cap = (r: { cpuMilli?: number | undefined; memoryBytes?: number | undefined }) => ({
        cpu: clamp(r.cpuMilli, policy?.minAllowed?.cpu, policy?.maxAllowed?.cpu),
        memory: clamp(r.memoryBytes, policy?.minAllowed?.memory, policy?.maxAllowed?.memory),
      });
      recommendation[container.name] = { target: cap(estimate.target), lowerBound: cap(estimate.lowerBound), upperBound: cap(estimate.upperBound) };
    }
    vpa.status = { recommendation };
    this.store.update('vertical-pod-autoscaler', vpa);
  }

  private update(vpa: VerticalPodAutoscalerObject, target: ScaleTarget, pods: PodObject[]): void {
    const recommendation = vpa.status.recommendation ?? {};
    const recommendations: ContainerRecommendation[] = Object.entries(recommendation).map(([containerName, r]) => ({
      containerName,
      target: values(r.target),
      lowerBound: values(r.lowerBound),
      upperBound: values(r.upperBound),
    }));
    if (recommendations.length === 0) return;
    const book = this.book(vpa);
    const live = pods.filter((p) => p.metadata.deletionTimestamp === undefined && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
    const restriction = createEvictionRestriction(
      [{ id: 'target', configuredReplicas: target.spec.replicas, pods: live.map((p) => ({ id: p.metadata.name, pending: p.status.phase === 'Pending' })) }],
      { minReplicas: vpa.spec.minReplicas ?? 2, evictionToleranceFraction: 0.5 },
    );
    const candidates = live
      .filter((p) => p.status.phase === 'Running')
      .map((pod) => {
        const oom = book.lastOom.get(pod.metadata.uid);
        const updaterPod: UpdaterPod & { object: PodObject } = {
          object: pod,
          name: pod.metadata.name,
          containers: pod.spec.containers.map((c) => ({ name: c.name, requests: values({ cpu: c.requests.cpu, memory: c.requests.memory }) })),
          startTimeMs: pod.status.startTime,
          containerStatuses: oom ? pod.spec.containers.map((c) => ({ name: c.name, lastTermination: { reason: 'OOMKilled', startedAtMs: oom.startedAt, finishedAtMs: oom.finishedAt } })) : undefined,
        };
        return { pod: updaterPod, recommendations };
      });
    for (const { pod } of updateQueue(candidates, this.sim.now)) {
      if (!canEvict(restriction, pod.name)) continue;
      if (!this.store.evict('vertical-pod-autoscaler', pod.object)) continue; // a PDB said no
      evict(restriction, pod.name);
      this.evictions++;
    }
  }

  private vpaOf(pod: PodObject): VerticalPodAutoscalerObject | undefined {
    const top = this.store.topOwner(pod);
    if (!top) return undefined;
    return this.store
      .list('VerticalPodAutoscaler')
      .find((v) => v.metadata.namespace === pod.metadata.namespace && v.spec.targetRef.kind === top.kind && v.spec.targetRef.name === top.name);
  }

  private target(vpa: VerticalPodAutoscalerObject): ScaleTarget | undefined {
    return scaleTarget(this.store, vpa.metadata.namespace, vpa.spec.targetRef);
  }

  private podsOf(target: ScaleTarget): PodObject[] {
    return podsOfTarget(this.store, target);
  }

  private book(vpa: VerticalPodAutoscalerObject): VpaBook {
    let book = this.books.get(vpa);
    if (!book) {
      book = { aggregates: new Map(), containers: new Map(), lastOom: new Map() };
      this.books.set(vpa, book);
    }
    return book;
  }

  private aggregate(book: VpaBook, container: string, now: Millis): AggregateContainerState {
    let aggregate = book.aggregates.get(container);
    if (!aggregate) {
      aggregate = newAggregateContainerState(now);
      book.aggregates.set(container, aggregate);
    }
    return aggregate;
  }

  private containerState(book: VpaBook, pod: PodObject, container: string): ContainerState {
    const key = `${pod.metadata.uid}/${container}`;
    let state = book.containers.get(key);
    if (!state) {
      state = newContainerState();
      book.containers.set(key, state);
    }
    return state;
  }
}

function clamp(value: number | undefined, min: number | undefined, max: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return Math.min(max ?? Number.POSITIVE_INFINITY, Math.max(min ?? 0, value));
}

function values(r: { cpu?: number | undefined; memory?: number | undefined }): { cpuMilli?: number; memoryBytes?: number } {
  const out: { cpuMilli?: number; memoryBytes?: number } = {};
  if (r.cpu !== undefined) out.cpuMilli = r.cpu;
  if (r.memory !== undefined) out.memoryBytes = r.memory;
  return out;
}

/** The container with the recommended requests; limits keep their ratio to requests. */
function applyRecommendation(container: ContainerSpec, target: { cpu?: number | undefined; memory?: number | undefined } | undefined): ContainerSpec {
  if (!target) return container;
  const requests = { ...container.requests };
  const limits = { ...container.limits };
  for (const resource of ['cpu', 'memory'] as const) {
    const wanted = target[resource];
    if (wanted === undefined) continue;
    const before = container.requests[resource];
    if (before !== undefined && before > 0 && limits[resource] !== undefined) limits[resource] = Math.round(((limits[resource] as number) * wanted) / before);
    requests[resource] = wanted;
  }
  return { ...container, requests, limits };
}
