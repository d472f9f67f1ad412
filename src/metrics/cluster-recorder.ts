// Density and cost. Node-hours and compute cost are exact (each node from its creation to its
// deletion or the end of the run, at its pool's price). Everything that depends on where pods
// are is sampled at the output interval and held constant over it: pods per node, requested and
// used CPU and memory over allocatable, the bin-packing lower bound, and the OpenCost-style split
// of each node's cost over its pods. A node's hourly price is split between CPU and memory in
// OpenCost's default ratio ($0.031611 per vCPU-hour : $0.004237 per GiB-hour); a pod is charged
// max(request, usage) of each; what no pod is charged is idle cost. Observes, never mutates.

import { HOUR, type Millis } from '../kernel/index.js';
import type { NodeObject, PodObject } from '../models/api/objects.js';
import { podRequests } from '../models/api/pod-resources.js';
import type { ObjectStore } from '../models/api/store.js';

export const OPENCOST_CPU_PER_CORE_HOUR = 0.031611;
export const OPENCOST_RAM_PER_GIB_HOUR = 0.004237;
const GIB = 2 ** 30;

export interface ClusterSample {
  time: Millis;
  nodes: number;
  podsRunning: number;
  podsPending: number;
}

export interface UsageSource {
  /** CPU (millicores) and memory (bytes) the pod uses now. */
  usage(pod: PodObject): { cpu: number; memory: number };
}

/**
 * What the recorder needs of a pod that does not change with its state, read once per pod
 * rather than at every sample (walking every pod's spec each sample was a measurable cost).
 * Requests are re-read when the containers are replaced (the VPA replaces them, never edits).
 */
interface PodFacts {
  pod: PodObject;
  containers: PodObject['spec']['containers'];
  cpu: number;
  memory: number;
  daemon: boolean;
  /** The Service the pod's cost goes to, if it is one of the reported ones; undefined until first needed. */
  service: string | null | undefined;
}

/** A node's pods as of a version of the store's pods-on-node index. */
interface NodePods {
  version: number;
  pods: PodFacts[];
}

export class ClusterRecorder {
  private lastSample: Millis = 0;
  private sampledMillis = 0;
  private nodeMillis = 0;
  private nodesInUseMillis = 0;
  private peakNodesInUse = 0;
  private podNodeMillis = 0;
  private peakNodes = 0;
  private cpuRequested = 0;
  private cpuAllocatable = 0;
  private memRequested = 0;
  private memAllocatable = 0;
  private cpuUsed = 0;
  private memUsed = 0;
  private lowerBoundNodeMillis = 0;
  private readonly serviceCost = new Map<string, number>();
  /** Per pod (labels and owner never change, so once per pod). */
  private readonly facts = new WeakMap<PodObject, PodFacts>();
  /** Per node name, its pods' facts in the store's order: most nodes' pods do not change between samples. */
  private readonly nodePods = new Map<string, NodePods>();
  private allocatedCost = 0;
  readonly samples: ClusterSample[] = [];

  constructor(
    private readonly store: ObjectStore,
    private readonly nodes: readonly NodeObject[],
    private readonly usage: UsageSource,
    /** Services to attribute pod cost to (a pod goes to the first, by name, that selects it). */
    services: ReadonlyArray<{ name: string; namespace: string }>,
  ) {
    for (const s of services) this.serviceCost.set(s.name, 0);
  }

  /** Accounts the interval since the previous sample with the state at `now`. */
  sample(now: Millis): ClusterSample {
    const span = now - this.lastSample;
    this.lastSample = now;
    let nodes = 0;
    let nodesInUse = 0;
    let running = 0;
    let maxCpu = 0;
    let maxMem = 0;
    let maxPods = 0;
    let cpuReq = 0;
    let memReq = 0;
    let podCount = 0;
    for (const node of this.nodes) {
      if (node.cloud.deletedAt !== undefined) {
        this.nodePods.delete(node.metadata.name); // never sampled again: free its cached pods
        continue;
      }
      nodes++;
      const alloc = node.status.allocatable;
      maxCpu = Math.max(maxCpu, alloc.cpu);
      maxMem = Math.max(maxMem, alloc.memory);
      maxPods = Math.max(maxPods, alloc.pods);
      this.cpuAllocatable += alloc.cpu * span;
      this.memAllocatable += alloc.memory * span;
      const cores = alloc.cpu / 1000;
      const gib = alloc.memory / GIB;
      const cpuWeight = cores * OPENCOST_CPU_PER_CORE_HOUR;
      const memWeight = gib * OPENCOST_RAM_PER_GIB_HOUR;
      const nodeCost = (node.cloud.pricePerHour * span) / HOUR;
      const cpuRate = cpuWeight + memWeight > 0 ? (nodeCost * cpuWeight) / (cpuWeight + memWeight) / Math.max(alloc.cpu, 1) : 0;
      const memRate = cpuWeight + memWeight > 0 ? (nodeCost * memWeight) / (cpuWeight + memWeight) / Math.max(alloc.memory, 1) : 0;
      let inUse = false;
      for (const facts of this.podsOn(node.metadata.name)) {
        const pod = facts.pod;
        if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
        podCount++;
        if (facts.containers !== pod.spec.containers) readRequests(facts);
        if (!facts.daemon) inUse = true;
        if (pod.status.phase === 'Running') running++;
        const used = this.usage.usage(pod);
        cpuReq += facts.cpu;
        memReq += facts.memory;
        this.cpuRequested += facts.cpu * span;
        this.memRequested += facts.memory * span;
        this.cpuUsed += used.cpu * span;
        this.memUsed += used.memory * span;
        const cost = Math.min(Math.max(facts.cpu, used.cpu), alloc.cpu) * cpuRate + Math.min(Math.max(facts.memory, used.memory), alloc.memory) * memRate;
        this.allocatedCost += cost;
        if (facts.service === undefined) facts.service = this.serviceOf(pod);
        if (facts.service !== null) this.serviceCost.set(facts.service, (this.serviceCost.get(facts.service) as number) + cost);
      }
      if (inUse) nodesInUse++;
    }
    this.nodesInUseMillis += nodesInUse * span;
    this.peakNodesInUse = Math.max(this.peakNodesInUse, nodesInUse);
    this.sampledMillis += span;
    this.nodeMillis += nodes * span;
    this.podNodeMillis += podCount * span;
    this.peakNodes = Math.max(this.peakNodes, nodes);
    // The fewest nodes of the largest shape that could hold every request.
    const lowerBound = Math.max(maxCpu > 0 ? Math.ceil(cpuReq / maxCpu) : 0, maxMem > 0 ? Math.ceil(memReq / maxMem) : 0, maxPods > 0 ? Math.ceil(podCount / maxPods) : 0);
    this.lowerBoundNodeMillis += lowerBound * span;
    const sample = { time: now, nodes, podsRunning: running, podsPending: this.store.pendingPods().size };
    this.samples.push(sample);
    return sample;
  }

  /** The node's pods, in the store's order. */
  private podsOn(nodeName: string): PodFacts[] {
    const version = this.store.podsOnNodeVersion(nodeName);
    const cached = this.nodePods.get(nodeName);
    if (cached?.version === version) return cached.pods;
    const pods = [...this.store.podsOnNode(nodeName)].map((pod) => this.factsOf(pod));
    this.nodePods.set(nodeName, { version, pods });
    return pods;
  }

  private factsOf(pod: PodObject): PodFacts {
    let facts = this.facts.get(pod);
    if (facts === undefined) {
      facts = { pod, containers: [], cpu: 0, memory: 0, daemon: pod.metadata.ownerReference?.kind === 'DaemonSet', service: undefined };
      readRequests(facts);
      this.facts.set(pod, facts);
    }
    return facts;
  }

  /** The reported Service the pod's cost goes to (the first, by name, that selects it). */
  private serviceOf(pod: PodObject): string | null {
    const service = this.store.servicesSelecting(pod)[0]?.metadata.name;
    return service !== undefined && this.serviceCost.has(service) ? service : null;
  }

  /** Exact node-hours and compute cost per pool up to `end`. */
  computeCost(end: Millis): Array<{ pool: string; nodeHours: number; pricePerHour: number; cost: number; nodes: number }> {
    const pools = new Map<string, { pool: string; nodeHours: number; pricePerHour: number; cost: number; nodes: number }>();
    for (const node of this.nodes) {
      const until = Math.min(node.cloud.deletedAt ?? end, end);
      const hours = Math.max(0, until - node.cloud.billedFrom) / HOUR;
      const entry = pools.get(node.cloud.pool) ?? { pool: node.cloud.pool, nodeHours: 0, pricePerHour: node.cloud.pricePerHour, cost: 0, nodes: 0 };
      entry.nodeHours += hours;
      entry.cost += hours * node.cloud.pricePerHour;
      entry.nodes++;
      pools.set(node.cloud.pool, entry);
    }
    return [...pools.values()];
  }

  density(nodeHours: number, duration: Millis) {
    const ratio = (a: number, b: number): number => (b > 0 ? a / b : 0);
    return {
      nodeHours,
      avgNodes: ratio(nodeHours * HOUR, duration),
      peakNodes: this.peakNodes,
      /** Nodes running at least one pod that is not a DaemonSet's (what packing can free). */
      avgNodesInUse: ratio(this.nodesInUseMillis, this.sampledMillis),
      peakNodesInUse: this.peakNodesInUse,
      avgPodsPerNode: ratio(this.podNodeMillis, this.nodeMillis),
      cpuRequestedRatio: ratio(this.cpuRequested, this.cpuAllocatable),
      memoryRequestedRatio: ratio(this.memRequested, this.memAllocatable),
      cpuUsedRatio: ratio(this.cpuUsed, this.cpuAllocatable),
      memoryUsedRatio: ratio(this.memUsed, this.memAllocatable),
      nodeHoursOverLowerBound: ratio(this.nodeMillis, this.lowerBoundNodeMillis),
    };
  }

  costByService(): Array<{ service: string; cost: number }> {
    return [...this.serviceCost.entries()].map(([service, cost]) => ({ service, cost }));
  }

  get allocated(): number {
    return this.allocatedCost;
  }
}

function readRequests(facts: PodFacts): void {
  const request = podRequests(facts.pod);
  facts.containers = facts.pod.spec.containers;
  facts.cpu = request.cpu;
  facts.memory = request.memory;
}
