// Traffic as a fluid (DESIGN.md section 5). Each Service gets an offered request rate over
// virtual time: a base rate, times a diurnal wave (1 + amplitude × cos(2π (t − peakAt) / 24 h);
// time 0 is midnight), times the largest active burst (ramping linearly from 1 to its factor,
// holding, ramping back), or a CSV trace of time,rps points (linear between points, constant
// outside). The rate is spread evenly over the Service's ready endpoints (as kube-proxy spreads
// connections); the share sent to endpoints whose pod is not really serving (node dead,
// container down) fails, and each serving pod serves up to podCapacityRps, the rest fails.
// This module keeps, per Service, the endpoint count and how many of them really serve, and
// tells listeners whenever that changes; rates are pure functions of time.

import { DAY, type Millis } from '../kernel/index.js';
import type { EndpointsObject, PodObject, ServiceObject } from './api/objects.js';
import type { ObjectStore } from './api/store.js';
import type { Kubelets, ServingListener } from './kubelet.js';
import { diffSortedNames, strictlySorted } from './sorted-names.js';

export interface Burst {
  at: Millis;
  factor: number;
  rampUp: Millis;
  hold: Millis;
  rampDown: Millis;
}

export interface TrafficConfig {
  service: string;
  namespace: string;
  rps: number;
  diurnal?: { amplitude: number; peakAt: Millis } | undefined;
  bursts: Burst[];
  /** Points (time, rps) of a recorded trace; when given, replaces rps, diurnal and bursts. */
  trace?: Array<{ time: Millis; rps: number }> | undefined;
  /** Requests per second one serving pod can serve (unlimited when undefined). */
  podCapacityRps?: number | undefined;
  /** CPU (millicores) a pod uses per request per second, on top of its base usage. */
  cpuPerRequest: number;
}

/** The offered rate (requests/s) of a traffic configuration at time t. */
export function offeredRate(config: TrafficConfig, t: Millis): number {
  if (config.trace && config.trace.length > 0) return traceRate(config.trace, t);
  let rate = config.rps;
  if (config.diurnal) rate *= 1 + config.diurnal.amplitude * Math.cos((2 * Math.PI * (t - config.diurnal.peakAt)) / DAY);
  let multiplier = 1;
  for (const burst of config.bursts) multiplier = Math.max(multiplier, burstMultiplier(burst, t));
  return Math.max(0, rate * multiplier);
}

export function burstMultiplier(burst: Burst, t: Millis): number {
  const start = burst.at;
  const fullAt = start + burst.rampUp;
  const holdEnd = fullAt + burst.hold;
  const end = holdEnd + burst.rampDown;
  if (t < start || t >= end) return 1;
  if (t < fullAt) return 1 + ((burst.factor - 1) * (t - start)) / burst.rampUp;
  if (t < holdEnd) return burst.factor;
  return burst.factor - ((burst.factor - 1) * (t - holdEnd)) / burst.rampDown;
}

/** Times where the rate function has a kink (integration should not step across them). */
export function rateBreakpoints(config: TrafficConfig): Millis[] {
  if (config.trace) return config.trace.map((p) => p.time);
  return config.bursts.flatMap((b) => [b.at, b.at + b.rampUp, b.at + b.rampUp + b.hold, b.at + b.rampUp + b.hold + b.rampDown]);
}

function traceRate(points: Array<{ time: Millis; rps: number }>, t: Millis): number {
  const first = points[0] as { time: Millis; rps: number };
  if (t <= first.time) return first.rps;
  for (let i = 1; i < points.length; i++) {
    const b = points[i] as { time: Millis; rps: number };
    if (t <= b.time) {
      const a = points[i - 1] as { time: Millis; rps: number };
      return a.rps + ((b.rps - a.rps) * (t - a.time)) / (b.time - a.time);
    }
  }
  return (points[points.length - 1] as { rps: number }).rps;
}

/** What a Service's traffic meets right now. */
export interface ServiceState {
  /** Ready endpoints the traffic is spread over. */
  endpoints: number;
  /** Of those, the ones whose pod really serves. */
  serving: number;
}

export interface ServiceStateListener {
  serviceStateChanged(service: string, state: ServiceState): void;
}

/**
 * Served rate for an offered rate: the endpoints' share that reaches serving pods, capped by
 * their capacity. Everything else fails.
 */
export function servedRate(offered: number, state: ServiceState, podCapacityRps: number | undefined): number {
  if (state.endpoints === 0 || state.serving === 0) return 0;
  const reaching = (offered * state.serving) / state.endpoints;
  return podCapacityRps === undefined ? reaching : Math.min(reaching, state.serving * podCapacityRps);
}

interface Tracked {
  key: string;
  name: string;
  namespace: string;
  endpoints: Set<string>;
  /**
   * The ready list `endpoints` was last set from: the Endpoints object's own list, which its
   * writer replaces rather than edits (see docs/design-decisions.md).
   */
  lastReady: readonly string[];
  /** Whether lastReady is strictly sorted (then an update is merged, not rebuilt). */
  lastReadySorted: boolean;
  /** Endpoints whose pod really serves. */
  servingEndpoints: Set<string>;
  state: ServiceState;
}

/**
 * Follows every Service's endpoints and which of them really serve, incrementally: an
 * Endpoints update is diffed, a pod's serving change touches only the Services selecting it.
 */
export class ServiceTracker implements ServingListener {
  private readonly services = new Map<string, Tracked>();
  /** The tracked entry (or none) of each Service and Endpoints object seen: no key text per event. */
  private readonly byObject = new WeakMap<ServiceObject | EndpointsObject, Tracked | null>();
  private readonly listeners: ServiceStateListener[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly kubelets: Kubelets,
    serviceKeys: ReadonlyArray<{ namespace: string; name: string }>,
  ) {
    for (const { namespace, name } of serviceKeys) {
      const key = `${namespace}/${name}`;
      this.services.set(key, { key, name, namespace, endpoints: new Set(), lastReady: [], lastReadySorted: true, servingEndpoints: new Set(), state: { endpoints: 0, serving: 0 } });
    }
    store.watch('Endpoints', (event) => this.onEndpoints(event.type === 'DELETED' ? undefined : event.object, event.object));
    kubelets.addServingListener(this);
  }

  addListener(listener: ServiceStateListener): void {
    this.listeners.push(listener);
  }

  state(service: string, namespace = 'default'): ServiceState {
    return this.services.get(`${namespace}/${service}`)?.state ?? { endpoints: 0, serving: 0 };
  }

  servingChanged(pod: PodObject, serving: boolean): void {
    for (const service of this.store.servicesSelecting(pod)) {
      const tracked = this.trackedFor(service);
      if (!tracked || !tracked.endpoints.has(pod.metadata.name)) continue;
      if (serving) tracked.servingEndpoints.add(pod.metadata.name);
      else tracked.servingEndpoints.delete(pod.metadata.name);
      this.publish(tracked);
    }
  }

  private onEndpoints(current: EndpointsObject | undefined, object: EndpointsObject): void {
    const tracked = this.trackedFor(object);
    if (!tracked) return;
    const ready = current?.ready ?? [];
    // The same list object is the same list (writers replace lists, never edit them): an update
    // that only moved not-ready endpoints (a pod bound, say) changes nothing here.
    if (ready === tracked.lastReady) return;
    // The endpoints controller publishes sorted lists: a merge finds the few changed names
    // without hashing every name on each update (a list that is not sorted is rebuilt next time).
    let sorted: boolean;
    if (tracked.lastReadySorted) {
      sorted = diffSortedNames(
        tracked.lastReady,
        ready,
        (name) => {
          tracked.endpoints.delete(name);
          tracked.servingEndpoints.delete(name);
        },
        (name) => {
          tracked.endpoints.add(name);
          this.addEndpoint(tracked, name);
        },
      );
    } else {
      this.replaceReady(tracked, ready);
      sorted = strictlySorted(ready);
    }
    tracked.lastReady = ready;
    tracked.lastReadySorted = sorted;
    this.publish(tracked);
  }

  private replaceReady(tracked: Tracked, ready: readonly string[]): void {
    const next = new Set(ready);
    for (const name of tracked.servingEndpoints) if (!next.has(name)) tracked.servingEndpoints.delete(name);
    for (const name of next) if (!tracked.endpoints.has(name)) this.addEndpoint(tracked, name);
    tracked.endpoints = next;
  }

  private trackedFor(object: ServiceObject | EndpointsObject): Tracked | null {
    let tracked = this.byObject.get(object);
    if (tracked === undefined) {
      tracked = this.services.get(`${object.metadata.namespace}/${object.metadata.name}`) ?? null;
      this.byObject.set(object, tracked);
    }
    return tracked;
  }

  /** A new endpoint counts as serving if its pod really serves. */
  private addEndpoint(tracked: Tracked, name: string): void {
    const pod = this.store.get('Pod', tracked.namespace, name);
    if (pod && this.kubelets.isServing(pod)) tracked.servingEndpoints.add(name);
  }

  private publish(tracked: Tracked): void {
    const state = { endpoints: tracked.endpoints.size, serving: tracked.servingEndpoints.size };
    if (state.endpoints === tracked.state.endpoints && state.serving === tracked.state.serving) return;
    tracked.state = state;
    for (const listener of this.listeners) listener.serviceStateChanged(tracked.name, state);
  }
}
