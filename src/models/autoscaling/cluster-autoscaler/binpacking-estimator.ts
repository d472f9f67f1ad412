// Cluster Autoscaler binpacking estimator: how many nodes of one node group (a template node)
// the pending pods need. First-Fit Decreasing over pod equivalence groups, with the
// DecreasingPodOrderer, the threshold-based limiter (max nodes) and the optional fast path.
//
// Upstream (kubernetes/autoscaler, moved to kubernetes-sigs/cluster-autoscaler pkg/estimator):
//   cluster-autoscaler/estimator/binpacking_estimator.go      Estimate, scheduleOnExistingNewNodes,
//                                                              tryToScheduleOnNewNodes, tryFastPath,
//                                                              determineBestPEGToFastpath
//   cluster-autoscaler/estimator/decreasing_pod_orderer.go     DecreasingPodOrderer
//   cluster-autoscaler/estimator/threshold_based_limiter.go    thresholdBasedEstimationLimiter (node count)
//
// Simplifications (pure model; plain data in, plain data out):
// - The cluster snapshot is a list of plain nodes with the pods placed on them; the scheduler
//   filters are a pluggable predicate (`fits`). The default predicate checks nodeSelector, pod
//   count, cpu, memory, host ports, required pod anti-affinity and PodTopologySpread
//   (DoNotSchedule; hostname or any other node-label topology key).
// - Where upstream scans the snapshot's node list from a round-robin start index
//   (SchedulerPluginRunner.lastIndex), this model scans in a fixed order: snapshot (existing)
//   nodes first, then added nodes in the order they were added (first fit).
// - The DecreasingPodOrderer uses Go's unstable sort.Slice; this model uses a stable sort, so
//   equal scores keep their input order.
// - The limiter's max-duration threshold (wall clock) is not modelled; only the node count.
// - determineBestPEGToFastpath reads the exemplar's total requests (upstream: the first
//   container's requests) and the template's capacity (defaults to allocatable).
// - Only required pod anti-affinity is modelled (no pod affinity, no node affinity beyond a plain
//   nodeSelector, no taints).

import { selectorMatches, mapSelectorMatches, type LabelSelector, type Labels } from '../../api/selectors.js';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

/** Filter failure reasons, spelled as the upstream scheduler plugins spell them. */
export const REASON_TOPOLOGY_SPREAD = "node(s) didn't match pod topology spread constraints";
export const REASON_TOPOLOGY_SPREAD_MISSING_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
export const REASON_NODE_SELECTOR = "node(s) didn't match Pod's node affinity/selector";
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_INSUFFICIENT_CPU = 'Insufficient cpu';
export const REASON_INSUFFICIENT_MEMORY = 'Insufficient memory';
export const REASON_HOST_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const REASON_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

export type HostPort = number | { readonly port: number; readonly protocol?: 'TCP' | 'UDP' | 'SCTP' | undefined };

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** Default DoNotSchedule. ScheduleAnyway constraints never filter. */
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway' | undefined;
  /** A missing selector matches no pod (metav1 semantics). */
  readonly labelSelector?: LabelSelector | undefined;
  /** Default 1. */
  readonly minDomains?: number | undefined;
}

/** A required (RequiredDuringSchedulingIgnoredDuringExecution) pod anti-affinity term. */
export interface PodAntiAffinityTerm {
  readonly topologyKey: string;
  readonly labelSelector?: LabelSelector | undefined;
  /** Namespaces the term applies to; default: the pod's own namespace. */
  readonly namespaces?: readonly string[] | undefined;
}

/** A pod as the estimator sees it: summed effective requests and the scheduling constraints modelled. */
export interface PodShape {
  readonly name?: string | undefined;
  /** Default "default". */
  readonly namespace?: string | undefined;
  readonly labels?: Labels | undefined;
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly hostPorts?: readonly HostPort[] | undefined;
  readonly nodeSelector?: Labels | undefined;
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[] | undefined;
  readonly podAntiAffinity?: readonly PodAntiAffinityTerm[] | undefined;
}

export interface NodeResources {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  readonly pods: number;
}

export interface NodeShape {
  readonly name: string;
  readonly labels?: Labels | undefined;
  readonly allocatable: NodeResources;
  /** Status.capacity; defaults to allocatable. Used by the fast-path selection (and least-waste). */
  readonly capacity?: { readonly cpuMilli: number; readonly memoryBytes: number } | undefined;
}

/** A node of the simulated snapshot with the pods placed on it. */
export interface SnapshotNode {
  readonly node: NodeShape;
  readonly pods: readonly PodShape[];
}

/** `false` or a failure with reasons (the reasons matter for the hostname topology retry). */
export type FitResult = boolean | { readonly reasons: readonly string[] };

/**
 * Scheduler filter predicate: can `pod` go on `node` given the whole snapshot `cluster`
 * (which includes `node`)? Return true, false, or `{ reasons }` for a failure.
 */
export type FitsPredicate = (pod: PodShape, node: SnapshotNode, cluster: readonly SnapshotNode[]) => FitResult;

export interface PodGroup {
  readonly exemplar: PodShape;
  readonly count: number;
}

export interface EstimateInput {
  readonly groups: readonly PodGroup[];
  readonly template: NodeShape;
  /** Nodes already in the snapshot (with their pods): they count for topology spreading and anti-affinity. */
  readonly existingNodes?: readonly SnapshotNode[] | undefined;
  /** Default: `defaultFits`. */
  readonly fits?: FitsPredicate | undefined;
  /** Threshold limiter: at most this many node additions (including fast-path nodes); 0 or undefined = unlimited. */
  readonly maxNodes?: number | undefined;
  /** `--fastpath-binpacking` (upstream flag, default false). */
  readonly fastpath?: boolean | undefined;
}

/** One pod of the input: `group` indexes `EstimateInput.groups`, `index` is 0..count-1. */
export interface PodRef {
  readonly group: number;
  readonly index: number;
}

export interface NodePlacement {
  readonly nodeName: string;
  /** `new`: added to the snapshot; `fast-path`: counted by the fast path without simulation; `existing`: a snapshot node. */
  readonly kind: 'new' | 'fast-path' | 'existing';
  readonly pods: readonly PodRef[];
}

export interface EstimateResult {
  /** Number of nodes that received at least one pod during the estimation (upstream `len(newNodesWithPods)`). */
  readonly nodeCount: number;
  /** Scheduled pods, in the order they were scheduled. */
  readonly scheduledPods: readonly PodRef[];
  /** Every node added (also empty ones), every fast-path node, and every existing node that received a pod. */
  readonly placements: readonly NodePlacement[];
}

// ---------------------------------------------------------------------------------------------
// Default predicate

function namespaceOf(pod: PodShape): string {
  return pod.namespace ?? 'default';
}

function labelsOf(node: NodeShape): Labels {
  return node.labels ?? {};
}

function portKey(port: HostPort): string {
  return typeof port === 'number' ? `TCP/${port}` : `${port.protocol ?? 'TCP'}/${port.port}`;
}

/** Pod anti-affinity term `term` (owned by a pod in `ownerNamespace`) matches pod `other`. */
function termMatches(term: PodAntiAffinityTerm, ownerNamespace: string, other: PodShape): boolean {
  const namespaces = term.namespaces ?? [ownerNamespace];
  return namespaces.includes(namespaceOf(other)) && selectorMatches(term.labelSelector, other.labels ?? {});
}

function sameDomain(a: NodeShape, b: NodeShape, key: string): boolean {
  const va = labelsOf(a)[key];
  const vb = labelsOf(b)[key];
  return va !== undefined && vb !== undefined && va === vb;
}

function antiAffinityReason(pod: PodShape, node: SnapshotNode, cluster: readonly SnapshotNode[]): string | undefined {
  for (const term of pod.podAntiAffinity ?? []) {
    for (const other of cluster) {
      if (!sameDomain(node.node, other.node, term.topologyKey)) continue;
      if (other.pods.some((p) => termMatches(term, namespaceOf(pod), p))) return REASON_ANTI_AFFINITY;
    }
  }
  for (const other of cluster) {
    for (const existing of other.pods) {
      for (const term of existing.podAntiAffinity ?? []) {
        if (sameDomain(node.node, other.node, term.topologyKey) && termMatches(term, namespaceOf(existing), pod)) {
          return REASON_EXISTING_ANTI_AFFINITY;
        }
      }
    }
  }
  return undefined;
}

function topologySpreadReason(pod: PodShape, node: SnapshotNode, cluster: readonly SnapshotNode[]): string | undefined {
  const constraints = (pod.topologySpreadConstraints ?? []).filter((c) => (c.whenUnsatisfiable ?? 'DoNotSchedule') === 'DoNotSchedule');
  if (constraints.length === 0) return undefined;
  const nodeLabels = labelsOf(node.node);
  for (const c of constraints) if (nodeLabels[c.topologyKey] === undefined) return REASON_TOPOLOGY_SPREAD_MISSING_LABEL;
  // Eligible nodes (PreFilter): pass the pod's nodeSelector and carry every constraint's key.
  const eligible = cluster.filter(
    (n) => mapSelectorMatches(pod.nodeSelector, labelsOf(n.node)) && constraints.every((c) => labelsOf(n.node)[c.topologyKey] !== undefined),
  );
  const podLabels = pod.labels ?? {};
  for (const c of constraints) {
    const counts = new Map<string, number>();
    for (const n of eligible) {
      const domain = labelsOf(n.node)[c.topologyKey] as string;
      const matching = n.pods.filter((p) => namespaceOf(p) === namespaceOf(pod) && selectorMatches(c.labelSelector, p.labels ?? {})).length;
      counts.set(domain, (counts.get(domain) ?? 0) + matching);
    }
    let minMatch = Number.POSITIVE_INFINITY;
    for (const count of counts.values()) minMatch = Math.min(minMatch, count);
    if (counts.size < (c.minDomains ?? 1) || !Number.isFinite(minMatch)) minMatch = 0;
    const selfMatch = selectorMatches(c.labelSelector, podLabels) ? 1 : 0;
    const matchNum = counts.get(nodeLabels[c.topologyKey] as string) ?? 0;
    if (matchNum + selfMatch - minMatch > c.maxSkew) return REASON_TOPOLOGY_SPREAD;
  }
  return undefined;
}

/**
 * The default filter set: nodeSelector, NodeResourcesFit (pods, cpu, memory; a zero request is
 * not checked, as upstream), NodePorts, InterPodAffinity (required anti-affinity, both
 * directions) and PodTopologySpread (DoNotSchedule constraints).
 */
export function defaultFits(pod: PodShape, node: SnapshotNode, cluster: readonly SnapshotNode[]): FitResult {
  const reasons: string[] = [];
  if (!mapSelectorMatches(pod.nodeSelector, labelsOf(node.node))) return { reasons: [REASON_NODE_SELECTOR] };
  const alloc = node.node.allocatable;
  if (node.pods.length + 1 > alloc.pods) reasons.push(REASON_TOO_MANY_PODS);
  let cpu = 0;
  let memory = 0;
  for (const p of node.pods) {
    cpu += p.cpuMilli;
    memory += p.memoryBytes;
  }
  if (pod.cpuMilli > 0 && pod.cpuMilli > alloc.cpuMilli - cpu) reasons.push(REASON_INSUFFICIENT_CPU);
  if (pod.memoryBytes > 0 && pod.memoryBytes > alloc.memoryBytes - memory) reasons.push(REASON_INSUFFICIENT_MEMORY);
  if (reasons.length > 0) return { reasons };
  if ((pod.hostPorts ?? []).length > 0) {
    const used = new Set<string>();
    for (const p of node.pods) for (const port of p.hostPorts ?? []) used.add(portKey(port));
    if ((pod.hostPorts ?? []).some((port) => used.has(portKey(port)))) return { reasons: [REASON_HOST_PORTS] };
  }
  const affinity = antiAffinityReason(pod, node, cluster);
  if (affinity !== undefined) return { reasons: [affinity] };
  const spread = topologySpreadReason(pod, node, cluster);
  if (spread !== undefined) return { reasons: [spread] };
  return true;
}

function passed(result: FitResult): boolean {
  return result === true;
}

function hasTopologySpreadFailure(result: FitResult): boolean {
  return typeof result === 'object' && result.reasons.includes(REASON_TOPOLOGY_SPREAD);
}

function usesHostnameTopologyKey(pod: PodShape): boolean {
  return (pod.topologySpreadConstraints ?? []).some((c) => c.topologyKey === HOSTNAME_LABEL);
}

// ---------------------------------------------------------------------------------------------
// Orderer, limiter, fast-path selection

/** DecreasingPodOrderer score: cpu/allocatable cpu + memory/allocatable memory of the exemplar. */
export function decreasingPodScore(exemplar: PodShape, template: NodeShape): number {
  let score = 0;
  if (template.allocatable.cpuMilli > 0) score += exemplar.cpuMilli / template.allocatable.cpuMilli;
  if (template.allocatable.memoryBytes > 0) score += exemplar.memoryBytes / template.allocatable.memoryBytes;
  return score;
}

/** Indices of `groups` in processing order (score descending; stable). Groups with count 0 score 0. */
export function orderPodGroups(groups: readonly PodGroup[], template: NodeShape): number[] {
  const scores = groups.map((g) => (g.count > 0 ? decreasingPodScore(g.exemplar, template) : 0));
  return groups.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
}

function hasNonHostnamePodAntiAffinity(pod: PodShape): boolean {
  return (pod.podAntiAffinity ?? []).some((t) => t.topologyKey !== HOSTNAME_LABEL);
}

function shouldUseFastPath(pod: PodShape): boolean {
  return pod.topologySpreadConstraints === undefined && !hasNonHostnamePodAntiAffinity(pod);
}

/**
 * The group that saves the most simulations with the fast path: the largest
 * `count - floor(count / numNodes)` with numNodes = max(hostname anti-affinity count,
 * ceil(count·cpu/capacity cpu), ceil(count·memory/capacity memory)); ties go to the later group;
 * groups with topology spread constraints or non-hostname anti-affinity are never chosen.
 * Returns -1 when no group qualifies. Indices are positions in `groups`.
 */
export function determineBestPEGToFastpath(groups: readonly PodGroup[], template: NodeShape): number {
  const capacity = template.capacity ?? template.allocatable;
  let maxSaved = 0;
  let best = -1;
  groups.forEach((group, i) => {
    if (group.count <= 0) return;
    const pod = group.exemplar;
    let byAntiAffinity = 0;
    for (const term of pod.podAntiAffinity ?? []) {
      if (term.topologyKey === HOSTNAME_LABEL && selectorMatches(term.labelSelector, pod.labels ?? {})) byAntiAffinity = group.count;
    }
    const byCpu = Math.ceil((group.count * pod.cpuMilli) / capacity.cpuMilli);
    const byMemory = Math.ceil((group.count * pod.memoryBytes) / capacity.memoryBytes);
    const numNodes = Math.max(byAntiAffinity, Number.isFinite(byCpu) ? byCpu : 0, Number.isFinite(byMemory) ? byMemory : 0);
    const saved = numNodes > 0 ? group.count - Math.trunc(group.count / numNodes) : 0;
    if (saved >= maxSaved && shouldUseFastPath(pod)) {
      best = i;
      maxSaved = saved;
    }
  });
  return best;
}

// ---------------------------------------------------------------------------------------------
// Estimator

interface WorkNode {
  node: NodeShape;
  pods: PodShape[];
  refs: PodRef[];
  kind: 'new' | 'existing';
}

function newNodeFromTemplate(template: NodeShape, index: number): NodeShape {
  const name = `${template.name}-e-${index}`;
  return { ...template, name, labels: { ...labelsOf(template), [HOSTNAME_LABEL]: name } };
}

/**
 * BinpackingNodeEstimator.Estimate. Groups are processed in DecreasingPodOrderer order; for each
 * group the pods first go to nodes already added (the last added node first, if it has pods, then
 * the others), the rest to the last added node or to fresh template nodes while the limiter allows.
 * A pod that does not fit an empty fresh node ends the group. With `fastpath`, the group chosen by
 * `determineBestPEGToFastpath` is moved last, one node is filled by simulation and the remaining
 * pods are counted onto `ceil(remaining / podsPerNode) - 1` more nodes without simulation.
 */
export function estimate(input: EstimateInput): EstimateResult {
  const fits = input.fits ?? defaultFits;
  const maxNodes = input.maxNodes ?? 0;
  const template = input.template;
  let order = orderPodGroups(input.groups, template);
  let useFastpathOnLast = false;
  if (input.fastpath === true) {
    const ordered = order.map((i) => input.groups[i] as PodGroup);
    const best = determineBestPEGToFastpath(ordered, template);
    if (best !== -1) {
      const chosen = order[best] as number;
      order = [...order.slice(0, best), ...order.slice(best + 1), chosen];
      useFastpathOnLast = true;
    }
  }

  const cluster: WorkNode[] = (input.existingNodes ?? []).map((n) => ({ node: n.node, pods: [...n.pods], refs: [], kind: 'existing' }));
  const fastNodes: NodePlacement[] = [];
  const scheduled: PodRef[] = [];
  const nodesWithPods = new Set<string>();
  let last: WorkNode | undefined;
  let newNodeIndex = 0;
  let permits = 0;

  const permission = (): boolean => {
    if (maxNodes > 0 && permits >= maxNodes) return false;
    permits++;
    return true;
  };
  const check = (pod: PodShape, node: WorkNode): FitResult => fits(pod, node, cluster);
  const place = (pod: PodShape, ref: PodRef, node: WorkNode): void => {
    node.pods.push(pod);
    node.refs.push(ref);
    nodesWithPods.add(node.node.name);
    scheduled.push(ref);
  };
  const addNode = (): WorkNode => {
    const node: WorkNode = { node: newNodeFromTemplate(template, newNodeIndex++), pods: [], refs: [], kind: 'new' };
    cluster.push(node);
    last = node;
    return node;
  };
  const hasPods = (node: WorkNode | undefined): boolean => node !== undefined && nodesWithPods.has(node.node.name);

  // scheduleOnExistingNewNodes: the last added node first (if it already has pods), then the others.
  const placeOnAddedNodes = (pod: PodShape, ref: PodRef): boolean => {
    if (last !== undefined && hasPods(last) && passed(check(pod, last))) {
      place(pod, ref, last);
      return true;
    }
    for (const node of cluster) {
      if (node.kind !== 'new' || node === last) continue;
      if (passed(check(pod, node))) {
        place(pod, ref, node);
        return true;
      }
    }
    return false;
  };

  // Returns whether adding new nodes is still worth trying.
  const scheduleOnNewNodes = (pod0: PodShape, refs: readonly PodRef[]): boolean => {
    for (const ref of refs) {
      let found = false;
      if (last !== undefined) {
        const result = check(pod0, last);
        if (passed(result)) {
          place(pod0, ref, last);
          found = true;
        } else if (usesHostnameTopologyKey(pod0) && hasTopologySpreadFailure(result)) {
          for (const node of cluster) {
            if (node === last) continue;
            if (passed(check(pod0, node))) {
              place(pod0, ref, node);
              found = true;
              break;
            }
          }
        }
      }
      if (!found) {
        if (last !== undefined && !hasPods(last)) return true;
        if (!permission()) return false;
        const node = addNode();
        if (!passed(check(pod0, node))) break;
        place(pod0, ref, node);
      }
    }
    return true;
  };

  const fastPath = (pod0: PodShape, refs: readonly PodRef[]): boolean => {
    if (refs.length === 0) return true;
    if (last === undefined || hasPods(last)) {
      if (!permission()) return false;
      addNode();
    }
    const node = last as WorkNode;
    let i = 0;
    for (; i < refs.length; i++) {
      if (!passed(check(pod0, node))) break;
      place(pod0, refs[i] as PodRef, node);
    }
    const podsPerNode = i;
    if (podsPerNode === 0) return true;
    const scaleUpSize = Math.ceil(refs.length / podsPerNode);
    for (let j = 1; j < scaleUpSize; j++) {
      if (!permission()) return false;
      const name = `${node.node.name}-fake-${j}`;
      const count = Math.min(podsPerNode, refs.length - i);
      const placed: PodRef[] = [];
      for (let k = 0; k < count; k++) {
        const ref = refs[i + k] as PodRef;
        placed.push(ref);
        scheduled.push(ref);
      }
      nodesWithPods.add(name);
      fastNodes.push({ nodeName: name, kind: 'fast-path', pods: placed });
      i += count;
    }
    return true;
  };

  let newNodesAvailable = true;
  order.forEach((groupIndex, position) => {
    const group = input.groups[groupIndex] as PodGroup;
    const pod = group.exemplar;
    const refs: PodRef[] = [];
    for (let index = 0; index < group.count; index++) refs.push({ group: groupIndex, index });
    let next = 0;
    while (next < refs.length && placeOnAddedNodes(pod, refs[next] as PodRef)) next++;
    const remaining = refs.slice(next);
    if (!newNodesAvailable) return;
    newNodesAvailable = position === order.length - 1 && useFastpathOnLast ? fastPath(pod, remaining) : scheduleOnNewNodes(pod, remaining);
  });

  const placements: NodePlacement[] = [];
  for (const node of cluster) {
    if (node.kind === 'new' || node.refs.length > 0) placements.push({ nodeName: node.node.name, kind: node.kind, pods: node.refs });
  }
  placements.push(...fastNodes);
  return { nodeCount: nodesWithPods.size, scheduledPods: scheduled, placements };
}
