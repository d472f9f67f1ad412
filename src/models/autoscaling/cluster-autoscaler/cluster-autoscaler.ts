// The cluster autoscaler (kubernetes/autoscaler cluster-autoscaler), over node pools with
// `autoscaling: {min, max}`. Every scan (10 s):
// - Scale-up: pods the scheduler found unschedulable are first packed onto nodes already being
//   provisioned; for the rest each pool that is not at its max and not backed off gets an
//   estimate from the binpacking estimator (a template node of the pool), the expander picks one
//   option (least-waste by default, ties at random on "cluster-autoscaler.expander"), and that
//   many nodes are requested. A node appears after the pool's provisioning time (stream
//   "cloud.provision/<pool>"); one that would take longer than max-node-provision-time (15 min)
//   fails: the pool backs off (5 min, doubling up to 30 min).
// - Scale-down (not within 10 min of a scale-up, 3 min of a failure): a node whose requested
//   utilization (max of CPU and memory, DaemonSet pods included) is at most 0.5 and whose pods can
//   all move (each has a controller, fits on another node, and its PodDisruptionBudgets allow it)
//   is unneeded; after 10 min unneeded it is removed, empty nodes up to 10 at once, otherwise one
//   node at a time: tainted ToBeDeletedByClusterAutoscaler:NoSchedule, its pods evicted through
//   the eviction API (a refusal aborts the drain), then the node deleted.
// Upstream: cluster-autoscaler/core/static_autoscaler.go, core/scaleup, core/scaledown (FAQ).
// Simplifications: the "fits elsewhere" check is a first-fit on free requests, node selectors
// and taints (not the full scheduler); no max-nodes-total or resource limits; no unready-node
// handling; node group similarity balancing is off (the default).

import { MINUTE, SECOND, type EventKind, type Millis, type RandomStreams, type Simulation } from '../../../kernel/index.js';
import type { NodeObject, PodObject } from '../../api/objects.js';
import { mapSelectorMatches } from '../../api/selectors.js';
import { podRequests } from '../../api/pod-resources.js';
import type { ObjectStore } from '../../api/store.js';
import { firstUntoleratedTaint } from '../../api/taints.js';
import type { CloudProvider } from '../../cloud-provider.js';
import type { NodePoolConfig } from '../../config.js';
import { estimate, type NodeShape, type PodGroup, type PodShape } from './binpacking-estimator.js';
import { bestOption, expanderFilter, type ExpanderName, type ExpansionOption } from './expanders.js';
import { nodeUtilization } from './utilization.js';

export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
/** --scale-down-non-empty-candidates-count default. */
export const NON_EMPTY_CANDIDATES_PER_SCAN = 30;

export interface ClusterAutoscalerSettings {
  scanInterval: Millis;
  scaleDownUnneededTime: Millis;
  scaleDownDelayAfterAdd: Millis;
  scaleDownDelayAfterFailure: Millis;
  scaleDownUtilizationThreshold: number;
  maxNodeProvisionTime: Millis;
  maxEmptyBulkDelete: number;
  initialBackoff: Millis;
  maxBackoff: Millis;
  /** The expander chain, as --expander: names separated by commas (least-waste by default). */
  expander: string;
  /** The priority expander's configuration: priority → regexes on node group (pool) names. */
  priorities: Record<number, string[]>;
  scaleDownEnabled: boolean;
}

export const CLUSTER_AUTOSCALER_DEFAULTS: ClusterAutoscalerSettings = {
  scanInterval: 10 * SECOND,
  scaleDownUnneededTime: 10 * MINUTE,
  scaleDownDelayAfterAdd: 10 * MINUTE,
  scaleDownDelayAfterFailure: 3 * MINUTE,
  scaleDownUtilizationThreshold: 0.5,
  maxNodeProvisionTime: 15 * MINUTE,
  maxEmptyBulkDelete: 10,
  initialBackoff: 5 * MINUTE,
  maxBackoff: 30 * MINUTE,
  expander: 'least-waste',
  priorities: {},
  scaleDownEnabled: true,
};

/** Expanders podsim knows: upstream's, with `price` as "cheapest option per hour". */
export const EXPANDERS = ['least-waste', 'most-pods', 'least-nodes', 'random', 'priority', 'price'] as const;

interface Group {
  pool: NodePoolConfig;
  min: number;
  max: number;
  upcoming: number;
  backoffUntil: Millis;
  backoff: Millis;
}

export interface ClusterAutoscalerStats {
  scaleUps: number;
  nodesAdded: number;
  nodesRemoved: number;
  failedProvisions: number;
  drainsAborted: number;
}

export class ClusterAutoscaler {
  private readonly groups = new Map<string, Group>();
  private readonly unneededSince = new Map<NodeObject, Millis>();
  private readonly draining = new Set<NodeObject>();
  private lastScaleUp = Number.NEGATIVE_INFINITY;
  private lastFailure = Number.NEGATIVE_INFINITY;
  private readonly provisionKind: EventKind<{ group: Group; requestedAt: Millis; fails: boolean }>;
  private readonly drainKind: EventKind<{ node: NodeObject; startedAt: Millis }>;
  readonly stats: ClusterAutoscalerStats = { scaleUps: 0, nodesAdded: 0, nodesRemoved: 0, failedProvisions: 0, drainsAborted: 0 };

  constructor(
    private readonly sim: Simulation,
    private readonly streams: RandomStreams,
    private readonly store: ObjectStore,
    private readonly cloud: CloudProvider,
    pools: ReadonlyArray<NodePoolConfig & { autoscaling?: { min: number; max: number } | undefined }>,
    private readonly settings: ClusterAutoscalerSettings = CLUSTER_AUTOSCALER_DEFAULTS,
  ) {
    for (const pool of pools) {
      if (pool.autoscaling) this.groups.set(pool.name, { pool, min: pool.autoscaling.min, max: pool.autoscaling.max, upcoming: 0, backoffUntil: 0, backoff: 0 });
    }
    this.provisionKind = sim.define('cluster-autoscaler.nodeProvisioned', ({ group, requestedAt, fails }) => this.provisioned(group, requestedAt, fails));
    this.drainKind = sim.define('cluster-autoscaler.drainCheck', ({ node, startedAt }) => this.checkDrain(node, startedAt));
  }

  /**
   * New bounds for a pool (scheduled scaling). Below the new min the autoscaler adds nodes on its
   * next scan; above the new max the newest nodes go at once, as a cloud node group does.
   */
  setBounds(poolName: string, min: number, max: number): void {
    const group = this.groups.get(poolName);
    if (!group) return;
    group.min = min;
    group.max = max;
    const nodes = this.liveNodes(group).sort((a, b) => b.metadata.creationTimestamp - a.metadata.creationTimestamp || b.cloud.index - a.cloud.index);
    for (const node of nodes.slice(0, Math.max(0, nodes.length - max))) {
      this.draining.delete(node);
      this.removeNode(node);
    }
    for (let size = nodes.length + group.upcoming; size < min; size++) this.requestNode(group);
  }

  get enabled(): boolean {
    return this.groups.size > 0;
  }

  start(): void {
    if (!this.enabled) return;
    this.sim.every(this.settings.scanInterval, () => this.scan(), this.settings.scanInterval, 'cluster-autoscaler.scan');
  }

  private liveNodes(group: Group): NodeObject[] {
    return this.cloud.nodes.filter((n) => n.cloud.pool === group.pool.name && n.cloud.deletedAt === undefined);
  }

  private scan(): void {
    if (this.scaleUp()) return;
    if (this.settings.scaleDownEnabled) this.scaleDown();
  }

  // ---- scale-up ----------------------------------------------------------------------------

  private scaleUp(): boolean {
    const pending = [...this.store.pendingPods()].filter((p) => p.status.unschedulableReason !== undefined);
    if (pending.length === 0) return false;
    let groups = groupPods(pending);
    // Pods that fit on a node that is there (the scheduler has not retried them yet) or on its
    // way wait for it: first fit on free room (upstream's filterOutSchedulable and the upcoming
    // nodes it adds to its snapshot).
    const room = [
      ...this.cloud.nodes
        // Ready nodes, and nodes just registered whose kubelet has not posted Ready yet.
        .filter((n) => n.cloud.deletedAt === undefined && !this.draining.has(n) && (n.status.ready === 'True' || !n.status.everPostedReady))
        .map((n) => ({ node: n as NodeObject | undefined, group: undefined as Group | undefined, ...freeResources(n, this.store) })),
      ...[...this.groups.values()].flatMap((group) =>
        Array.from({ length: group.upcoming }, () => ({ node: undefined, group: group as Group | undefined, cpu: group.pool.allocatable.cpu, memory: group.pool.allocatable.memory, pods: group.pool.allocatable.pods })),
      ),
    ];
    {
      groups = groups
        .map((g) => ({
          ...g,
          pods: g.pods.filter((pod) => {
            const need = requests(pod);
            const slot = room.find(
              (r) =>
                r.cpu >= need.cpuMilli &&
                r.memory >= need.memoryBytes &&
                r.pods >= 1 &&
                (r.node ? this.fitsNode(r.node, pod) : this.fitsTemplate(r.group as Group, pod)),
            );
            if (!slot) return true;
            slot.cpu -= need.cpuMilli;
            slot.memory -= need.memoryBytes;
            slot.pods -= 1;
            return false;
          }),
        }))
        .filter((g) => g.pods.length > 0);
    }
    if (groups.length === 0) return false;
    const now = this.sim.now;
    const options: Array<ExpansionOption & { group: Group }> = [];
    for (const group of this.groups.values()) {
      if (group.backoffUntil > now) continue;
      const room = group.max - this.liveNodes(group).length - group.upcoming;
      if (room <= 0) continue;
      const fitting = groups.filter((g) => this.fitsTemplate(group, g.pods[0] as PodObject));
      if (fitting.length === 0) continue;
      const result = estimate({ groups: fitting.map(toGroup), template: this.template(group, 'template'), maxNodes: room });
      const nodes = result.placements.filter((p) => p.kind !== 'existing' && p.pods.length > 0).length;
      if (nodes === 0) continue;
      const pods = result.scheduledPods.map((ref) => toShape(fitting[ref.group]?.pods[0] as PodObject));
      const capacity = { cpuMilli: group.pool.capacity.cpu, memoryBytes: group.pool.capacity.memory };
      options.push({ nodeGroupId: group.pool.name, nodeCount: Math.min(nodes, room), pods, nodeCapacity: capacity, group });
    }
    if (options.length === 0) return false;
    const chosen = this.expand(options);
    if (!chosen) return false;
    for (let i = 0; i < chosen.nodeCount; i++) this.requestNode(chosen.group);
    this.stats.scaleUps++;
    this.lastScaleUp = now;
    return true;
  }

  /**
   * The expander chain: each expander keeps its best options; a random pick (stream
   * "cluster-autoscaler.expander") breaks what ties remain. `price` keeps the options whose new
   * nodes cost least per hour (a simplification of upstream's price expander, which also weighs
   * how well the node shape fits the pods).
   */
  private expand(options: Array<ExpansionOption & { group: Group }>): (ExpansionOption & { group: Group }) | undefined {
    const stream = this.streams.get('cluster-autoscaler.expander');
    const pick = (n: number): number => stream.int(n);
    let left = options;
    for (const name of this.settings.expander.split(',').map((e) => e.trim())) {
      if (left.length <= 1) break;
      if (name === 'price') {
        const cost = (o: ExpansionOption & { group: Group }): number => o.nodeCount * o.group.pool.pricePerHour;
        const cheapest = Math.min(...left.map(cost));
        left = left.filter((o) => cost(o) === cheapest);
      } else {
        left = bestOptionsBy(left, name as ExpanderName, pick, this.settings.priorities);
      }
    }
    return left.length <= 1 ? left[0] : bestOption(left, ['random'], pick);
  }

  private requestNode(group: Group): void {
    group.upcoming++;
    const delay = group.pool.provisioningTime.sample(this.streams.get(`cloud.provision/${group.pool.name}`));
    const fails = delay > this.settings.maxNodeProvisionTime;
    this.sim.after(fails ? this.settings.maxNodeProvisionTime : delay, this.provisionKind, { group, requestedAt: this.sim.now, fails });
  }

  private provisioned(group: Group, requestedAt: Millis, fails: boolean): void {
    group.upcoming--;
    if (fails) {
      // Not registered within max-node-provision-time: the pool backs off.
      this.stats.failedProvisions++;
      group.backoff = group.backoff === 0 ? this.settings.initialBackoff : Math.min(2 * group.backoff, this.settings.maxBackoff);
      group.backoffUntil = this.sim.now + group.backoff;
      this.lastFailure = this.sim.now;
      return;
    }
    group.backoff = 0;
    this.cloud.createNode(group.pool, requestedAt);
    this.stats.nodesAdded++;
  }

  private template(group: Group, name: string): NodeShape {
    const a = group.pool.allocatable;
    return {
      name,
      labels: { ...group.pool.labels, 'topology.kubernetes.io/zone': group.pool.zones[0] as string },
      allocatable: { cpuMilli: a.cpu, memoryBytes: a.memory, pods: a.pods },
      capacity: { cpuMilli: group.pool.capacity.cpu, memoryBytes: group.pool.capacity.memory },
    };
  }

  private fitsNode(node: NodeObject, pod: PodObject): boolean {
    return mapSelectorMatches(pod.spec.nodeSelector, node.metadata.labels) && firstUntoleratedTaint(node.spec.taints, pod.spec.tolerations, ['NoSchedule', 'NoExecute']) === undefined;
  }

  /** Whether the pod could run on an empty node of the pool (selectors and taints). */
  private fitsTemplate(group: Group, pod: PodObject): boolean {
    if (!mapSelectorMatches(pod.spec.nodeSelector, group.pool.labels)) return false;
    return firstUntoleratedTaint(group.pool.taints, pod.spec.tolerations, ['NoSchedule', 'NoExecute']) === undefined;
  }

  // ---- scale-down --------------------------------------------------------------------------

  private scaleDown(): void {
    const now = this.sim.now;
    const candidates = new Set<NodeObject>();
    // --scale-down-non-empty-candidates-count: at most 30 new non-empty nodes are simulated per
    // scan (nodes already unneeded keep being checked), which bounds the work on big pools.
    const budget = { nonEmpty: NON_EMPTY_CANDIDATES_PER_SCAN };
    for (const group of this.groups.values()) {
      for (const node of this.liveNodes(group)) {
        if (this.draining.has(node) || node.status.ready !== 'True') continue;
        if (this.removable(node, budget)) candidates.add(node);
      }
    }
    for (const node of [...this.unneededSince.keys()]) if (!candidates.has(node)) this.unneededSince.delete(node);
    for (const node of candidates) if (!this.unneededSince.has(node)) this.unneededSince.set(node, now);
    if (now < this.lastScaleUp + this.settings.scaleDownDelayAfterAdd || now < this.lastFailure + this.settings.scaleDownDelayAfterFailure) return;
    if (this.draining.size > 0) return;
    const ripe = [...candidates].filter((n) => now - (this.unneededSince.get(n) as Millis) >= this.settings.scaleDownUnneededTime);
    const sizes = new Map([...this.groups.values()].map((g) => [g.pool.name, this.liveNodes(g).length]));
    const allowed = (node: NodeObject): boolean => {
      const group = this.groups.get(node.cloud.pool) as Group;
      const size = sizes.get(node.cloud.pool) as number;
      if (size - 1 < group.min) return false;
      sizes.set(node.cloud.pool, size - 1);
      return true;
    };
    const empty = ripe.filter((n) => this.workloadPods(n).length === 0);
    const removedEmpty = empty.slice(0, this.settings.maxEmptyBulkDelete).filter(allowed);
    for (const node of removedEmpty) this.removeNode(node);
    if (removedEmpty.length > 0) return;
    const busy = ripe.find((n) => this.workloadPods(n).length > 0 && allowed(n));
    if (busy) this.drain(busy);
  }

  /** Pods that would have to move (not DaemonSet pods, not finished or terminating). */
  private workloadPods(node: NodeObject): PodObject[] {
    return [...this.store.podsOnNode(node.metadata.name)].filter(
      (p) => p.metadata.ownerReference?.kind !== 'DaemonSet' && p.metadata.deletionTimestamp === undefined && p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed',
    );
  }

  private removable(node: NodeObject, budget: { nonEmpty: number }): boolean {
    const pods = [...this.store.podsOnNode(node.metadata.name)].filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed');
    const utilization = nodeUtilization(
      { cpuMilli: node.status.allocatable.cpu, memoryBytes: node.status.allocatable.memory },
      pods.map((p) => ({ ...requests(p), daemonSet: p.metadata.ownerReference?.kind === 'DaemonSet', deletionTimestampMs: p.metadata.deletionTimestamp })),
      { nowMs: this.sim.now },
    );
    if (!utilization || utilization.utilization > this.settings.scaleDownUtilizationThreshold) return false;
    const moving = this.workloadPods(node);
    if (moving.length > 0 && !this.unneededSince.has(node)) {
      if (budget.nonEmpty <= 0) return false;
      budget.nonEmpty--;
    }
    // Blocking pods: without a controller, or a PodDisruptionBudget that allows too few disruptions.
    if (moving.some((p) => p.metadata.ownerReference === undefined)) return false;
    const budgetUse = new Map<string, number>();
    for (const pod of moving) {
      for (const pdb of this.store.budgetsSelecting(pod)) {
        const used = (budgetUse.get(pdb.metadata.name) ?? 0) + 1;
        if (used > pdb.status.disruptionsAllowed) return false;
        budgetUse.set(pdb.metadata.name, used);
      }
    }
    return this.fitElsewhere(node, moving);
  }

  /** First fit of the pods on the other live nodes' free requests (selectors and taints respected). */
  private fitElsewhere(node: NodeObject, pods: PodObject[]): boolean {
    const others = this.cloud.nodes.filter((n) => n !== node && n.cloud.deletedAt === undefined && !this.draining.has(n) && n.status.ready === 'True');
    const free = new Map(others.map((n) => [n, freeResources(n, this.store)]));
    for (const pod of pods) {
      const need = requests(pod);
      const target = others.find((n) => {
        const f = free.get(n) as { cpu: number; memory: number; pods: number };
        return (
          f.cpu >= need.cpuMilli &&
          f.memory >= need.memoryBytes &&
          f.pods >= 1 &&
          this.fitsNode(n, pod)
        );
      });
      if (!target) return false;
      const f = free.get(target) as { cpu: number; memory: number; pods: number };
      f.cpu -= need.cpuMilli;
      f.memory -= need.memoryBytes;
      f.pods -= 1;
    }
    return true;
  }

  private drain(node: NodeObject): void {
    this.draining.add(node);
    node.spec.taints = [...node.spec.taints, { key: TO_BE_DELETED_TAINT, value: String(Math.floor(this.sim.now / 1000)), effect: 'NoSchedule' }];
    this.store.update('autoscaler', node);
    for (const pod of this.workloadPods(node)) {
      if (!this.store.evict('autoscaler', pod)) {
        // A PodDisruptionBudget said no: give up on this node for now.
        this.stats.drainsAborted++;
        this.lastFailure = this.sim.now;
        this.draining.delete(node);
        node.spec.taints = node.spec.taints.filter((t) => t.key !== TO_BE_DELETED_TAINT);
        this.store.update('autoscaler', node);
        return;
      }
    }
    this.sim.after(5 * SECOND, this.drainKind, { node, startedAt: this.sim.now });
  }

  private checkDrain(node: NodeObject, startedAt: Millis): void {
    const left = [...this.store.podsOnNode(node.metadata.name)].filter((p) => p.metadata.ownerReference?.kind !== 'DaemonSet');
    // max-pod-eviction-time: after 2 min the node goes anyway.
    if (left.length > 0 && this.sim.now - startedAt < 2 * MINUTE) {
      this.sim.after(5 * SECOND, this.drainKind, { node, startedAt });
      return;
    }
    this.draining.delete(node);
    this.removeNode(node);
  }

  private removeNode(node: NodeObject): void {
    this.unneededSince.delete(node);
    this.cloud.deleteNode(node);
    this.stats.nodesRemoved++;
  }
}

function bestOptionsBy<T extends ExpansionOption>(options: T[], name: ExpanderName, pick: (n: number) => number, priorities: Record<number, string[]>): T[] {
  return expanderFilter(name, { priorities }, pick)(options);
}

function requests(pod: PodObject): { cpuMilli: number; memoryBytes: number } {
  const r = podRequests(pod);
  return { cpuMilli: r.cpu, memoryBytes: r.memory };
}

function freeResources(node: NodeObject, store: ObjectStore): { cpu: number; memory: number; pods: number } {
  const free = { cpu: node.status.allocatable.cpu, memory: node.status.allocatable.memory, pods: node.status.allocatable.pods };
  for (const pod of store.podsOnNode(node.metadata.name)) {
    if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
    const r = requests(pod);
    free.cpu -= r.cpuMilli;
    free.memory -= r.memoryBytes;
    free.pods -= 1;
  }
  return free;
}

function toShape(pod: PodObject): PodShape {
  const r = requests(pod);
  return {
    name: pod.metadata.name,
    namespace: pod.metadata.namespace,
    labels: pod.metadata.labels,
    cpuMilli: r.cpuMilli,
    memoryBytes: r.memoryBytes,
    nodeSelector: pod.spec.nodeSelector,
    podAntiAffinity: pod.spec.affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    topologySpreadConstraints: pod.spec.topologySpreadConstraints,
  };
}

/** Equivalence groups: pods of one owner with the same requests. */
function groupPods(pods: PodObject[]): Array<{ key: string; pods: PodObject[] }> {
  const groups = new Map<string, PodObject[]>();
  for (const pod of pods.sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1))) {
    const r = requests(pod);
    const key = `${pod.metadata.ownerReference?.uid ?? pod.metadata.name}/${r.cpuMilli}/${r.memoryBytes}`;
    groups.set(key, [...(groups.get(key) ?? []), pod]);
  }
  return [...groups.entries()].map(([key, list]) => ({ key, pods: list }));
}

function toGroup(group: { pods: PodObject[] }): PodGroup {
  return { exemplar: toShape(group.pods[0] as PodObject), count: group.pods.length };
}

