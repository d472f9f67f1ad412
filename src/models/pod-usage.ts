// What each pod uses right now: its base usage (podsim.dev/cpu-usage and memory-usage) plus, for
// every Service with traffic whose ready endpoints include the pod while it really serves, its
// share of the served requests times the Service's cpuPerRequest. The autoscalers and the
// density metrics read usage from here. Per call it walks each traffic Service's endpoints once.

import type { Millis } from '../kernel/index.js';
import type { NodeObject, PodObject } from './api/objects.js';
import type { ObjectStore } from './api/store.js';
import type { Kubelets } from './kubelet.js';
import { offeredRate, servedRate, type ServiceTracker, type TrafficConfig } from './traffic.js';

export class PodUsage {
  private loadTime: Millis = Number.NaN;
  private readonly load = new Map<PodObject, number>();
  /** Names of the nodes holding a pod with load now. */
  private readonly loadedNodes = new Set<string>();

  constructor(
    private readonly store: ObjectStore,
    private readonly kubelets: Kubelets,
    private readonly tracker: ServiceTracker,
    private readonly traffic: readonly TrafficConfig[],
    private readonly now: () => Millis,
  ) {}

  usage(pod: PodObject): { cpu: number; memory: number } {
    if (!this.kubelets.containerRunning(pod)) return { cpu: 0, memory: 0 };
    this.refresh();
    return { cpu: pod.spec.baseUsage.cpu + (this.load.get(pod) ?? 0), memory: pod.spec.baseUsage.memory };
  }

  /**
   * A number that changes whenever the usage of a pod on the node may have changed (a container
   * started or stopped there, or the node died or returned), or undefined while a pod on it
   * serves traffic, whose usage moves with time.
   */
  usageVersion(node: NodeObject): number | undefined {
    this.refresh();
    return this.loadedNodes.has(node.metadata.name) ? undefined : this.kubelets.containerStateVersion(node.cloud.index);
  }

  /** Requests per second the pod serves now, over every Service with traffic that selects it. */
  podRps(pod: PodObject): number {
    if (!this.kubelets.isServing(pod)) return 0;
    let rps = 0;
    for (const service of this.store.servicesSelecting(pod)) {
      const config = this.traffic.find((t) => t.service === service.metadata.name && t.namespace === service.metadata.namespace);
      const endpoints = this.store.get('Endpoints', service.metadata.namespace, service.metadata.name);
      if (!config || !endpoints?.ready.includes(pod.metadata.name)) continue;
      const state = this.tracker.state(config.service, config.namespace);
      if (state.serving > 0) rps += servedRate(offeredRate(config, this.now()), state, config.podCapacityRps) / state.serving;
    }
    return rps;
  }

  /** Requests per second offered to a Service now; undefined without traffic. */
  offeredRps(service: string, namespace: string): number | undefined {
    const config = this.traffic.find((t) => t.service === service && t.namespace === namespace);
    return config ? offeredRate(config, this.now()) : undefined;
  }

  /** Requests per second a Service serves now (0 without traffic). */
  serviceRps(service: string, namespace: string): number {
    const config = this.traffic.find((t) => t.service === service && t.namespace === namespace);
    if (!config) return 0;
    return servedRate(offeredRate(config, this.now()), this.tracker.state(service, namespace), config.podCapacityRps);
  }

  private refresh(): void {
    const now = this.now();
    if (now === this.loadTime) return;
    this.loadTime = now;
    this.load.clear();
    this.loadedNodes.clear();
    for (const config of this.traffic) {
      const state = this.tracker.state(config.service, config.namespace);
      if (state.serving === 0) continue;
      const perPod = (servedRate(offeredRate(config, now), state, config.podCapacityRps) / state.serving) * config.cpuPerRequest;
      const endpoints = this.store.get('Endpoints', config.namespace, config.service);
      for (const name of endpoints?.ready ?? []) {
        const pod = this.store.get('Pod', config.namespace, name);
        if (!pod || !this.kubelets.isServing(pod)) continue;
        this.load.set(pod, (this.load.get(pod) ?? 0) + perPod);
        if (pod.spec.nodeName !== undefined) this.loadedNodes.add(pod.spec.nodeName);
      }
    }
  }
}
