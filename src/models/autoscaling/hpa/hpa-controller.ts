// The HorizontalPodAutoscaler controller (upstream pkg/controller/podautoscaler/horizontal.go):
// every sync period (15 s) each HPA reads its target's scale (spec.replicas) and pods, computes a
// proposal per metric with the replica calculator (replica-calculator.ts: tolerance 0.1, missing
// and not-ready pods, CPU initialization period 5 min, initial readiness delay 30 s) from the
// metrics-server's lagged samples, takes the largest, then stabilizes and rate-limits it: with
// spec.behavior through the policies and windows (behavior.ts), without it through the legacy
// 5 min downscale stabilization and the [min, max(2 × current, 4)] clamp. A change is written to
// the target's spec.replicas; the workload controllers do the rest.
// Metrics: Resource cpu / memory (Utilization, AverageValue); Pods metrics are the requests per
// second each pod serves (any metric name); Object metrics of a Service are its served requests
// per second (Value or AverageValue); an External metric named after a Service with traffic is
// its offered requests per second (as a load balancer's request count would be); any other
// External metric has no data (the metric is invalid, as upstream with no series).

import type { EventKind, Millis, Simulation } from '../../../kernel/index.js';
import type { HorizontalPodAutoscalerObject, HpaMetricSpec, PodObject } from '../../api/objects.js';
import { podRequests } from '../../api/pod-resources.js';
import { podsOfTarget, scaleTarget, type ScaleTarget } from '../scale-target.js';
import type { ObjectStore } from '../../api/store.js';
import type { MetricsServer } from '../metrics-server.js';
import {
  hpaPreCheck,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  recordInitialRecommendation,
  resolveBehavior,
  storeScaleEvent,
  tolerancesFromBehavior,
  type ScaleEventLogs,
  type TimestampedRecommendation,
} from './behavior.js';
import {
  combineMetricProposals,
  DEFAULT_READINESS_CONFIG,
  DEFAULT_TOLERANCE,
  getExternalMetricReplicas,
  getExternalPerPodMetricReplicas,
  getMetricReplicas,
  getObjectMetricReplicas,
  getObjectPerPodMetricReplicas,
  getRawResourceReplicas,
  getResourceReplicas,
  type CalcResult,
  type HpaPod,
  type PodMetricSample,
} from './replica-calculator.js';

export const HPA_SYNC_PERIOD: Millis = 15_000;

interface HpaState {
  recommendations: readonly TimestampedRecommendation[] | undefined;
  events: ScaleEventLogs;
}

export interface HpaStats {
  name: string;
  /** The target's replicas at the first sync. */
  initialReplicas: number | undefined;
  scaleUps: number;
  scaleDowns: number;
  /** Replica counts the HPA set, in order, with their times. */
  history: Array<{ time: Millis; replicas: number }>;
}

export interface TrafficReader {
  /** Requests per second the pod serves now. */
  podRps(pod: PodObject): number;
  /** Requests per second a Service serves now. */
  serviceRps(service: string, namespace: string): number;
  /** Requests per second offered to a Service now; undefined without traffic. */
  offeredRps(service: string, namespace: string): number | undefined;
}

export class HpaController {
  private readonly state = new Map<HorizontalPodAutoscalerObject, HpaState>();
  readonly stats = new Map<string, HpaStats>();
  private readonly syncKind: EventKind<HorizontalPodAutoscalerObject>;

  constructor(
    private readonly sim: Simulation,
    private readonly store: ObjectStore,
    private readonly metrics: MetricsServer,
    private readonly traffic: TrafficReader,
  ) {
    this.syncKind = sim.define('hpa.sync', (hpa: HorizontalPodAutoscalerObject) => {
      if (this.store.get('HorizontalPodAutoscaler', hpa.metadata.namespace, hpa.metadata.name) !== hpa) return;
      this.sync(hpa);
      this.sim.after(HPA_SYNC_PERIOD, this.syncKind, hpa);
    });
    store.watch('HorizontalPodAutoscaler', (event) => {
      if (event.type !== 'ADDED') return;
      this.stats.set(event.object.metadata.name, { name: event.object.metadata.name, initialReplicas: undefined, scaleUps: 0, scaleDowns: 0, history: [] });
      this.sim.after(HPA_SYNC_PERIOD, this.syncKind, event.object);
    });
  }

  /** The replicas an HPA's target has now. */
  targetReplicas(hpaName: string, namespace = 'default'): number | undefined {
    const hpa = this.store.get('HorizontalPodAutoscaler', namespace, hpaName);
    return hpa ? this.target(hpa)?.spec.replicas : undefined;
  }

  /** Pods of every HPA's target (what the metrics-server scrapes). */
  targetedPods(): PodObject[] {
    return this.store.list('HorizontalPodAutoscaler').flatMap((hpa) => {
      const target = this.target(hpa);
      return target ? this.podsOf(target) : [];
    });
  }

  private target(hpa: HorizontalPodAutoscalerObject): ScaleTarget | undefined {
    return scaleTarget(this.store, hpa.metadata.namespace, hpa.spec.scaleTargetRef);
  }

  private podsOf(target: ScaleTarget): PodObject[] {
    return podsOfTarget(this.store, target);
  }

  private sync(hpa: HorizontalPodAutoscalerObject): void {
    const target = this.target(hpa);
    if (!target) return;
    const now = this.sim.now;
    const current = target.spec.replicas;
    const stats = this.stats.get(hpa.metadata.name);
    if (stats && stats.initialReplicas === undefined) stats.initialReplicas = current;
    const state = this.state.get(hpa) ?? { recommendations: undefined, events: { scaleUpEvents: [], scaleDownEvents: [] } };
    this.state.set(hpa, state);
    const check = hpaPreCheck({ specReplicas: current, currentReplicas: current, minReplicas: hpa.spec.minReplicas, maxReplicas: hpa.spec.maxReplicas });
    if (check.kind === 'disabled') return;
    let desired: number;
    if (check.kind === 'clamp') {
      desired = check.desiredReplicas;
    } else {
      const pods = this.podsOf(target);
      const tolerances = tolerancesFromBehavior(hpa.spec.behavior, DEFAULT_TOLERANCE);
      const proposals = hpa.spec.metrics.map((metric) => this.proposal(metric, current, pods, now, tolerances, target));
      const combined = combineMetricProposals(proposals, current);
      if (combined.replicas === undefined) return;
      const recommendations = recordInitialRecommendation(state.recommendations, current, now);
      const normalized = hpa.spec.behavior
        ? normalizeDesiredReplicasWithBehaviors({
            currentReplicas: current,
            prenormalizedDesiredReplicas: combined.replicas,
            minReplicas: hpa.spec.minReplicas,
            maxReplicas: hpa.spec.maxReplicas,
            behavior: resolveBehavior(hpa.spec.behavior),
            recommendations,
            events: state.events,
            now,
          })
        : normalizeDesiredReplicas({
            currentReplicas: current,
            prenormalizedDesiredReplicas: combined.replicas,
            minReplicas: hpa.spec.minReplicas,
            maxReplicas: hpa.spec.maxReplicas,
            recommendations,
            now,
          });
      state.recommendations = normalized.recommendations;
      desired = normalized.desiredReplicas;
    }
    hpa.status.currentReplicas = current;
    if (desired === current) {
      if (hpa.status.desiredReplicas !== desired) {
        hpa.status.desiredReplicas = desired;
        this.store.update('horizontal-pod-autoscaler', hpa);
      }
      return;
    }
    state.events = storeScaleEvent(hpa.spec.behavior, state.events, current, desired, now);
    target.spec.replicas = desired;
    target.metadata.generation++;
    this.store.update('horizontal-pod-autoscaler', target);
    hpa.status = { currentReplicas: current, desiredReplicas: desired, lastScaleTime: now };
    this.store.update('horizontal-pod-autoscaler', hpa);
    if (stats) {
      if (desired > current) stats.scaleUps++;
      else stats.scaleDowns++;
      stats.history.push({ time: now, replicas: desired });
    }
  }

  private proposal(
    metric: HpaMetricSpec,
    current: number,
    pods: PodObject[],
    now: Millis,
    tolerances: ReturnType<typeof tolerancesFromBehavior>,
    target: ScaleTarget,
  ): CalcResult<{ replicas: number }> {
    const hpaPods = (resource?: 'cpu' | 'memory'): HpaPod[] =>
      pods.map((pod) => ({
        name: pod.metadata.name,
        phase: pod.status.phase,
        ready: pod.status.phase === 'Pending' && !pod.status.everReady ? undefined : pod.status.ready,
        deleting: pod.metadata.deletionTimestamp !== undefined,
        startTime: pod.status.startTime,
        readyTransitionTime: pod.status.readyTransition,
        requestMilli: resource === undefined ? undefined : podRequest(pod, resource),
      }));
    if (metric.type === 'Resource' || metric.type === 'ContainerResource') {
      const resource = metric.name === 'memory' ? 'memory' : 'cpu';
      const samples = new Map<string, PodMetricSample>();
      for (const pod of pods) {
        const sample = this.metrics.sample(pod);
        if (!sample) continue;
        const value = resource === 'cpu' ? sample.cpu : sample.memory * 1000;
        samples.set(pod.metadata.name, { valueMilli: value, timestamp: sample.timestamp, window: sample.window });
      }
      const base = { currentReplicas: current, pods: hpaPods(resource), metrics: samples, now, tolerances, config: DEFAULT_READINESS_CONFIG };
      if (metric.target.type === 'Utilization') {
        return getResourceReplicas({ ...base, resource, targetUtilization: metric.target.averageUtilization ?? 80 });
      }
      const perPod = metric.target.averageValueMilli ?? 0;      return getRawResourceReplicas({ ...base, resource, targetMilli: perPod }); // both in milli-units (millicores, milli-bytes)
    }
    if (metric.type === 'Pods') {
      const samples = new Map<string, PodMetricSample>();
      for (const pod of pods) {
        if (pod.status.phase !== 'Running') continue;
        samples.set(pod.metadata.name, { valueMilli: Math.round(this.traffic.podRps(pod) * 1000), timestamp: now, window: HPA_SYNC_PERIOD });
      }
      return getMetricReplicas({ currentReplicas: current, targetMilli: metric.target.averageValueMilli ?? 0, pods: hpaPods(), metrics: samples, now, tolerances, metricName: metric.name });
    }
    if (metric.type === 'Object' && metric.describedObject?.kind === 'Service') {
      const value = Math.round(this.traffic.serviceRps(metric.describedObject.name, target.metadata.namespace) * 1000);
      if (metric.target.type === 'AverageValue') {
        return getObjectPerPodMetricReplicas({ statusReplicas: current, targetAverageMilli: metric.target.averageValueMilli ?? 0, tolerances, objectValueMilli: value });
      }
      return getObjectMetricReplicas({ currentReplicas: current, targetMilli: metric.target.valueMilli ?? 0, objectValueMilli: value, pods: hpaPods(), tolerances });
    }
    if (metric.type === 'External') {
      const offered = this.traffic.offeredRps(metric.name, target.metadata.namespace);
      const valuesMilli = offered === undefined ? [] : [Math.round(offered * 1000)];
      if (metric.target.type === 'AverageValue') {
        return getExternalPerPodMetricReplicas({ statusReplicas: current, targetAverageMilli: metric.target.averageValueMilli ?? 0, tolerances, valuesMilli, metricName: metric.name });
      }
      return getExternalMetricReplicas({ currentReplicas: current, targetMilli: metric.target.valueMilli ?? 0, valuesMilli, pods: hpaPods(), tolerances, metricName: metric.name });
    }
    return { ok: false, error: `${metric.type} metric "${metric.name}" is not modelled by podsim` };
  }
}

/** The pod's request in milli-units (millicores; milli-bytes for memory). */
function podRequest(pod: PodObject, resource: 'cpu' | 'memory'): number {
  const requests = podRequests(pod);
  return resource === 'cpu' ? requests.cpu : requests.memory * 1000;
}
