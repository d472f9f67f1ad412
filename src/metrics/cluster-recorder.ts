// Density and cost. Node-hours and compute cost are exact (each node from its creation to its
// deletion or the end of the run, at its pool's price). Everything that depends on where pods
// are is sampled at the output interval and held constant over it: pods per node, requested and
// used CPU and memory over allocatable, the bin-packing lower bound, and the OpenCost-style split
// of each node's cost over its pods. A node's hourly price is split between CPU and memory in
// OpenCost's default ratio ($0.031611 per vCPU-hour : $0.004237 per GiB-hour); a pod is charged
// max(request, usage) of each; what no pod is charged is idle cost. Observes, never mutates.
// A node's share of a sample (its NodeTally) is kept while nothing it depends on changed: no pod
// on it was written, no container there started or stopped, and none of its pods serves traffic;
// at 150,000 pods, re-reading every pod at each sample was most of a quiet day's cost.

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
  /**
   * A number that changes whenever usage(pod) may have changed for a pod on the node, or
   * undefined when it must be read again at every sample.
   */
  usageVersion(node: NodeObject): number | undefined;
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

/** One node's pods summed, as of the versions it was computed at. */
interface NodeTally {
  podWrites: number;
  usageVersion: number | undefined;
  allocatable: NodeObject['status']['allocatable'];
  pods: number;
  running: number;
  /** Holds a pod that is not a DaemonSet's. */
  inUse: boolean;
  cpuRequested: number;
  memRequested: number;
  cpuUsed: number;
  memUsed: number;
  /** Σ min(max(request, usage), allocatable) over the pods: what they are charged for. */
  cpuCharged: number;
  memCharged: number;
  /** The same per Service the pods' cost goes to, in the order first met. */
  services: string[];
  serviceCpuCharged: number[];
  serviceMemCharged: number[];
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
  private readonly tallies = new Map<string, NodeTally>();
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
        // Never sampled again: free what is cached for it.
        this.nodePods.delete(node.metadata.name);
        this.tallies.delete(node.metadata.name);
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
      const tally = this.tallyOf(node);
      podCount += tally.pods;
      running += tally.running;
      if (tally.inUse) nodesInUse++;
      cpuReq += tally.cpuRequested;
      memReq += tally.memRequested;
      this.cpuRequested += tally.cpuRequested * span;
      this.memRequested += tally.memRequested * span;
      this.cpuUsed += tally.cpuUsed * span;
      this.memUsed += tally.memUsed * span;
      this.allocatedCost += tally.cpuCharged * cpuRate + tally.memCharged * memRate;
      for (let s = 0; s < tally.services.length; s++) {
        const service = tally.services[s] as string;
        const cost = (tally.serviceCpuCharged[s] as number) * cpuRate + (tally.serviceMemCharged[s] as number) * memRate;
        this.serviceCost.set(service, (this.serviceCost.get(service) as number) + cost);
      }
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

  /** The node's pods summed: the kept tally while its inputs are unchanged, else a fresh one. */
  private tallyOf(node: NodeObject): NodeTally {
    const name = node.metadata.name;
    const podWrites = this.store.podWritesOnNodeVersion(name);
    const usageVersion = this.usage.usageVersion(node);
    const alloc = node.status.allocatable;
    const kept = this.tallies.get(name);
    if (kept !== undefined && usageVersion !== undefined && kept.usageVersion === usageVersion && kept.podWrites === podWrites && kept.allocatable === alloc) {
      return kept;
    }
    const tally: NodeTally = {
      podWrites,
      usageVersion,
      allocatable: alloc,
      pods: 0,
      running: 0,
      inUse: false,
      cpuRequested: 0,
      memRequested: 0,
      cpuUsed: 0,
      memUsed: 0,
      cpuCharged: 0,
      memCharged: 0,
      services: [],
      serviceCpuCharged: [],
      serviceMemCharged: [],
    };
    for (const facts of this.podsOn(name)) {
      const pod = facts.pod;
      if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
      tally.pods++;
      if (facts.containers !== pod.spec.containers) readRequests(facts);
      if (!facts.daemon) tally.inUse = true;
      if (pod.status.phase === 'Running') tally.running++;
      const used = this.usage.usage(pod);
      tally.cpuRequested += facts.cpu;
      tally.memRequested += facts.memory;
      tally.cpuUsed += used.cpu;
      tally.memUsed += used.memory;
      const cpuCharged = Math.min(Math.max(facts.cpu, used.cpu), alloc.cpu);
      const memCharged = Math.min(Math.max(facts.memory, used.memory), alloc.memory);
      tally.cpuCharged += cpuCharged;
      tally.memCharged += memCharged;
      if (facts.service === undefined) facts.service = this.serviceOf(pod);
      if (facts.service === null) continue;
      let s = tally.services.indexOf(facts.service);
      if (s < 0) {
        s = tally.services.push(facts.service) - 1;
        tally.serviceCpuCharged.push(0);
        tally.serviceMemCharged.push(0);
      }
      tally.serviceCpuCharged[s] = (tally.serviceCpuCharged[s] as number) + cpuCharged;
      tally.serviceMemCharged[s] = (tally.serviceMemCharged[s] as number) + memCharged;
    }
    this.tallies.set(name, tally);
    return tally;
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
