// The filter and score plugins of the default profile, as one PreFilter-style precomputation per
// scheduling cycle (CycleState) plus per-node checks. Each check is named after its upstream
// plugin and returns upstream's reason string when the node does not fit. Pure arithmetic lives
// in ./algorithms (tested against upstream tables); this file gathers each plugin's inputs.
// Simplifications: NodePorts, volume limits and dynamic resources are not modelled; preemption
// is not attempted; nodeAffinityPolicy is Honor and nodeTaintsPolicy Ignore (the defaults).

import type { PodAffinityTerm, PodObject, TopologySpreadConstraint } from '../api/objects.js';
import { mapSelectorMatches, selectorMatches, type LabelSelector, type Labels } from '../api/selectors.js';
import { TAINT_UNSCHEDULABLE, toleratesTaint } from '../api/taints.js';
import type { VolumeBinder } from '../volume-binder.js';
import { imageLocalityScore, type ContainerImageOnNode } from './algorithms/image-locality.js';
import { interPodAffinityNormalizeScores } from './algorithms/inter-pod-affinity-scoring.js';
import { nodeAffinityNormalizeScores, nodeAffinityRawScore, requiredNodeAffinityMatches } from './algorithms/node-affinity-scoring.js';
import {
  balancedAllocationScore,
  leastAllocatedScore,
  mostAllocatedScore,
  podRequestsForScoring,
  requestedToCapacityRatioScore,
  scoredResourcesForNode,
} from './algorithms/resource-scoring.js';
import { taintTolerationFilter, taintTolerationNormalizeScores, taintTolerationRawScore } from './algorithms/taint-toleration.js';
import {
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
  ERR_REASON_NODE_LABEL_NOT_MATCH,
  globalMinMatchNum,
  LABEL_HOSTNAME,
  LABEL_TOPOLOGY_ZONE,
  scoreForCount,
  topologyNormalizingWeight,
  topologySpreadFilter,
  topologySpreadNormalizedScore,
} from './algorithms/topology-spread-scoring.js';
import { goRound, goRoundNonNegative } from './algorithms/int-math.js';
import type { ClusterSnapshot, NodeState } from './cluster-snapshot.js';
import type { ImageHolders } from './image-holders.js';
import { NO_MEMO, TAINTED, UNSCHEDULABLE, type NodeTable } from './node-table.js';
import type { TopologyDomains } from './topology-domains.js';
import type { SchedulerProfile } from './profile.js';

/** A tally of no pods (a selector matching nothing). */
const NO_PODS = new Int32Array(0);
/** An empty map: no existing pod's terms concern the pod; a soft constraint's counts (scoring reads its tally). */
const NOTHING: ReadonlyMap<string, never> = new Map<string, never>();

/**
 * The system-default spreading constraints (upstream's defaults: hostname maxSkew 3, zone
 * maxSkew 5, both ScheduleAnyway) for a selector; the same objects for the same selector (pods
 * of a ReplicaSet share theirs), instead of two new ones per scheduling cycle.
 */
function systemDefaultConstraints(selector: LabelSelector): ReadonlyArray<TopologySpreadConstraint & { selector: LabelSelector }> {
  let constraints = DEFAULT_CONSTRAINTS.get(selector);
  if (constraints === undefined) {
    constraints = [
      { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', selector },
      { maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', selector },
    ];
    DEFAULT_CONSTRAINTS.set(selector, constraints);
  }
  return constraints;
}
const DEFAULT_CONSTRAINTS = new WeakMap<LabelSelector, ReadonlyArray<TopologySpreadConstraint & { selector: LabelSelector }>>();

/** podsim does not know image sizes; ImageLocality scores every image as this size. */
export const ASSUMED_IMAGE_SIZE = 200 * 1024 * 1024;
/** InterPodAffinity's hardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

export interface SpreadConstraint {
  constraint: TopologySpreadConstraint;
  selector: LabelSelector | undefined;
  selfMatch: boolean;
  /** Hard constraints: matching pods per topology value, over nodes eligible for the pod (soft: empty). */
  counts: ReadonlyMap<string, number>;
  /** Soft constraints: matching pods per domain number of the topology key (see SpreadTallies). */
  tally: Int32Array;
  minMatch: number;
}

interface AffinityTermState {
  term: PodAffinityTerm;
  /** Topology values that hold a matching pod. */
  domains: Set<string>;
  /** Number of matching pods per topology value (for scoring). */
  counts: Map<string, number>;
  weight: number;
}

/** What one scheduling cycle precomputes for a pod. */
export class CycleState {
  readonly requests: Record<string, number>;
  /** The pod's non-zero requests, as [resource, amount] (the filter's hot loop). */
  readonly requestEntries: Array<readonly [string, number]>;
  readonly nonZeroRequests: Record<string, number>;
  /** Both request records as one number: pods with equal keys get equal resource scores. */
  readonly requestKey: number;
  /** Whether the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint. */
  readonly toleratesUnschedulable: boolean;
  /** Whether the pod has a nodeSelector or required node affinity at all. */
  readonly hasNodeAffinity: boolean;
  readonly requiredTerms;
  readonly hardSpread: SpreadConstraint[] = [];
  softSpread: SpreadConstraint[] = [];
  readonly affinityRequired: readonly AffinityTermState[];
  readonly antiAffinityRequired: readonly AffinityTermState[];
  /** (topologyKey, value) pairs forbidden by existing pods' required anti-affinity. */
  readonly forbiddenByExisting: ReadonlyMap<string, ReadonlySet<string>>;
  readonly preferredAffinity: readonly AffinityTermState[];
  /** Existing pods' terms that score this pod: (topologyKey → value → weight). */
  readonly existingPreferred: ReadonlyMap<string, ReadonlyMap<string, number>>;
  readonly zone: string | undefined | null;
  /** Whether some matching pod exists anywhere for each required affinity term. */
  readonly affinityBootstrap: boolean;
  /** Whether any hard spread or required (anti-)affinity filter applies to this pod. */
  readonly hasPlacementConstraints: boolean;
  readonly domains: TopologyDomains;
  readonly table: NodeTable;
  /** The node states by slot. */
  readonly states: readonly NodeState[];
  readonly imageHolders: ImageHolders;
  /** Set by filterNode: whether some node it looked at had taints (scoring skips the scan if not). */
  filteredTaintedNode = false;
  /** Set by filterNode once it has looked at a node for this cycle. */
  filteredAny = false;

  constructor(
    readonly pod: PodObject,
    snapshot: ClusterSnapshot,
    volumes: VolumeBinder,
    defaultSpreadSelector: LabelSelector | undefined,
  ) {
    const requests = podRequests(pod.spec);
    this.requests = requests.requests;
    this.requestEntries = requests.entries;
    this.nonZeroRequests = requests.nonZero;
    this.requestKey = requests.key;
    this.domains = snapshot.domains;
    this.table = snapshot.table;
    this.states = snapshot.states;
    this.imageHolders = snapshot.imageHolders;
    this.toleratesUnschedulable = toleratesTaint(pod.spec.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' });
    this.requiredTerms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    this.hasNodeAffinity = this.requiredTerms !== undefined || Object.keys(pod.spec.nodeSelector ?? {}).length > 0;
    this.zone = volumes.requiredZone(pod);
    const namespace = pod.metadata.namespace;

    // PodTopologySpread: the pod's constraints; without any, the system defaults (soft).
    const constraints = pod.spec.topologySpreadConstraints;
    const list: ReadonlyArray<TopologySpreadConstraint & { selector: LabelSelector | undefined }> =
      constraints.length > 0 ? constraints.map((c) => ({ ...c, selector: c.labelSelector })) : defaultSpreadSelector ? systemDefaultConstraints(defaultSpreadSelector) : [];
    // Hard constraints need every eligible domain (a domain with no matching pod sets the
    // minimum to 0); soft ones only the counts of the domains that hold matching pods.
    const eligible = list.some((c) => c.whenUnsatisfiable === 'DoNotSchedule') ? [...snapshot.nodes.values()].filter((s) => this.nodeAffinityFits(s)) : [];
    for (const c of list) {
      const hard = c.whenUnsatisfiable === 'DoNotSchedule';
      let counts: ReadonlyMap<string, number> = NOTHING;
      if (hard) {
        const hardCounts = new Map<string, number>();
        for (const state of eligible) {
          const value = state.labels[c.topologyKey];
          if (value !== undefined && !hardCounts.has(value)) hardCounts.set(value, 0);
        }
        for (const state of snapshot.nodesOfPodsMatching(c.selector, [namespace])) {
          const value = state?.node.metadata.labels[c.topologyKey];
          if (value === undefined || !hardCounts.has(value)) continue;
          hardCounts.set(value, (hardCounts.get(value) ?? 0) + 1);
        }
        counts = hardCounts;
      }
      // Scoring looks counts up per feasible node by domain number.
      const tally = !hard && c.selector !== undefined ? snapshot.spreadTally(c.selector, namespace, this.domains.keyNumber(c.topologyKey)) : NO_PODS;
      const state: SpreadConstraint = {
        constraint: c,
        selector: c.selector,
        selfMatch: c.selector !== undefined && selectorMatches(c.selector, pod.metadata.labels),
        counts,
        tally,
        minMatch: hard ? globalMinMatchNum([...counts.values()], c.minDomains ?? 1) : 0,
      };
      (hard ? this.hardSpread : this.softSpread).push(state);
    }

    // InterPodAffinity: the pod's own terms (most pods have none: no arrays made for them).
    const affinity = pod.spec.affinity;
    if (affinity?.podAffinity || affinity?.podAntiAffinity) {
      const termState = (term: PodAffinityTerm, weight: number): AffinityTermState => {
        const domains = new Set<string>();
        const counts = new Map<string, number>();
        for (const state of snapshot.nodesOfPodsMatching(term.labelSelector, term.namespaces ?? [namespace])) {
          const value = state?.labels[term.topologyKey];
          if (value === undefined) continue;
          domains.add(value);
          counts.set(value, (counts.get(value) ?? 0) + 1);
        }
        return { term, domains, counts, weight };
      };
      const { podAffinity, podAntiAffinity } = affinity;
      this.affinityRequired = (podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => termState(term, 0));
      this.antiAffinityRequired = (podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => termState(term, 0));
      this.preferredAffinity = [
        ...(podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => termState(term.podAffinityTerm, term.weight)),
        ...(podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((term) => termState(term.podAffinityTerm, -term.weight)),
      ];
    } else {
      this.affinityRequired = this.antiAffinityRequired = this.preferredAffinity = NO_TERMS;
    }
    // A pod may be the first of its group: its required affinity is satisfied by itself when no
    // pod anywhere matches yet and it matches its own terms (upstream satisfyPodAffinity).
    this.affinityBootstrap =
      this.affinityRequired.length > 0 &&
      this.affinityRequired.every((t) => t.domains.size === 0) &&
      this.affinityRequired.every((t) => selectorMatches(t.term.labelSelector, pod.metadata.labels));

    // Existing pods' terms that concern this pod (most cycles have none: no maps made for them).
    let forbidden: Map<string, Set<string>> | undefined;
    let preferredByExisting: Map<string, Map<string, number>> | undefined;
    for (const other of snapshot.podsWithAffinity) {
      const node = snapshot.nodeOf(other)?.node;
      if (!node) continue;
      const otherAffinity = other.spec.affinity;
      const concerns = (term: PodAffinityTerm): boolean =>
        (term.namespaces ?? [other.metadata.namespace]).includes(namespace) && selectorMatches(term.labelSelector, pod.metadata.labels);
      for (const term of otherAffinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        const value = node.metadata.labels[term.topologyKey];
        if (value === undefined || !concerns(term)) continue;
        forbidden ??= new Map();
        const set = forbidden.get(term.topologyKey) ?? new Set<string>();
        set.add(value);
        forbidden.set(term.topologyKey, set);
      }
      const score = (term: PodAffinityTerm, weight: number): void => {
        const value = node.metadata.labels[term.topologyKey];
        if (value === undefined || !concerns(term)) return;
        preferredByExisting ??= new Map();
        const byValue = preferredByExisting.get(term.topologyKey) ?? new Map<string, number>();
        byValue.set(value, (byValue.get(value) ?? 0) + weight);
        preferredByExisting.set(term.topologyKey, byValue);
      };
      for (const term of otherAffinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) score(term, HARD_POD_AFFINITY_WEIGHT);
      for (const term of otherAffinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) score(term.podAffinityTerm, term.weight);
      for (const term of otherAffinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) score(term.podAffinityTerm, -term.weight);
    }
    this.forbiddenByExisting = forbidden ?? NOTHING;
    this.existingPreferred = preferredByExisting ?? NOTHING;
    this.hasPlacementConstraints =
      this.hardSpread.length > 0 || this.affinityRequired.length > 0 || this.antiAffinityRequired.length > 0 || this.forbiddenByExisting.size > 0;
  }

  nodeAffinityFits(state: NodeState): boolean {
    if (!this.hasNodeAffinity) return true;
    return requiredNodeAffinityMatches(this.pod.spec.nodeSelector, this.requiredTerms, state.labels, state.metadata.name);
  }
}

/**
 * Runs the filter plugins in upstream order on the node in `slot`; returns undefined if it fits,
 * else the reasons of the first plugin that rejects it (NodeResourcesFit lists every short
 * resource). The common case reads only the node table.
 */
export function filterNode(slot: number, cycle: CycleState): readonly string[] | undefined {
  const flags = cycle.table.flags[slot] as number;
  // NodeUnschedulable
  if ((flags & UNSCHEDULABLE) !== 0 && !cycle.toleratesUnschedulable) return ['node(s) were unschedulable'];
  cycle.filteredAny = true;
  // TaintToleration
  if ((flags & TAINTED) !== 0) {
    cycle.filteredTaintedNode = true;
    const taints = taintTolerationFilter((cycle.states[slot] as NodeState).taints, cycle.pod.spec.tolerations);
    if (!taints.ok) return [taints.reason];
  }
  // NodeAffinity
  if (cycle.hasNodeAffinity && !cycle.nodeAffinityFits(cycle.states[slot] as NodeState)) return ["node(s) didn't match Pod's node affinity/selector"];
  // NodeResourcesFit
  if (!resourcesFit(slot, cycle)) return (cycle.states[slot] as NodeState).memoShort;
  // VolumeZone
  if (cycle.zone === null || (cycle.zone !== undefined && cycle.zone !== (cycle.states[slot] as NodeState).labels[LABEL_TOPOLOGY_ZONE])) {
    return ['node(s) had no available volume zone'];
  }
  // Most pods have no spread or affinity constraints: skip those loops (and their iterators).
  if (!cycle.hasPlacementConstraints) return undefined;
  return placementRejection((cycle.states[slot] as NodeState).labels, cycle);
}

/** PodTopologySpread (DoNotSchedule) and InterPodAffinity filters: the reason, or undefined. */
function placementRejection(labels: Labels, cycle: CycleState): readonly string[] | undefined {
  for (const c of cycle.hardSpread) {
    const value = labels[c.constraint.topologyKey];
    if (value === undefined) return [ERR_REASON_NODE_LABEL_NOT_MATCH];
    if (!topologySpreadFilter({ matchNum: c.counts.get(value) ?? 0, selfMatch: c.selfMatch, minMatchNum: c.minMatch, maxSkew: c.constraint.maxSkew })) {
      return [ERR_REASON_CONSTRAINTS_NOT_MATCH];
    }
  }
  // InterPodAffinity, in upstream's order: the pod's affinity, its anti-affinity, then the
  // anti-affinity of the pods already there.
  if (!cycle.affinityBootstrap) {
    for (const t of cycle.affinityRequired) {
      const value = labels[t.term.topologyKey];
      if (value === undefined || !t.domains.has(value)) return ["node(s) didn't match pod affinity rules"];
    }
  }
  for (const t of cycle.antiAffinityRequired) {
    const value = labels[t.term.topologyKey];
    if (value !== undefined && t.domains.has(value)) return ["node(s) didn't match pod anti-affinity rules"];
  }
  for (const [key, values] of cycle.forbiddenByExisting) {
    const value = labels[key];
    if (value !== undefined && values.has(value)) return ["node(s) didn't satisfy existing pods anti-affinity rules"];
  }
  return undefined;
}

/**
 * NodeResourcesFit filter: whether the pod fits the node in `slot` (if not, the reasons are the
 * state's memoShort), from the table's resource memo, recomputed when an input changed. The
 * resource plugins' results depend only on the node's requests and pod count (requestsVersion),
 * its allocatable (allocatableVersion), the pod's requests (requestKey) and, for the scores, the
 * profile. Between two cycles only the node a pod was bound to changes, and pods of one template
 * request the same, so most nodes answer from the memo.
 */
function resourcesFit(slot: number, cycle: CycleState): boolean {
  const t = cycle.table;
  if (t.memoRequestsVersion[slot] === t.requestsVersion[slot] && t.memoAllocatableVersion[slot] === t.allocatableVersion[slot] && t.memoRequestKey[slot] === cycle.requestKey) {
    return t.memoFits[slot] === 1;
  }
  const state = cycle.states[slot] as NodeState;
  t.memoRequestsVersion[slot] = t.requestsVersion[slot] as number;
  t.memoAllocatableVersion[slot] = t.allocatableVersion[slot] as number;
  t.memoRequestKey[slot] = cycle.requestKey;
  state.memoShort = insufficientResources(state, state.allocatable, cycle);
  t.memoFits[slot] = state.memoShort === undefined ? 1 : 0;
  t.memoScoredFor[slot] = NO_MEMO;
  return state.memoShort === undefined;
}

/** NodeResourcesFit filter: every insufficient resource is a reason (upstream fitsRequest). */
function insufficientResources(state: NodeState, allocatable: Readonly<Record<string, number>>, cycle: CycleState): string[] | undefined {
  let short: string[] | undefined;
  if (state.pods.size + 1 > allocatable.pods!) (short ??= []).push('Too many pods');
  for (const [resource, amount] of cycle.requestEntries) {
    if ((state.requested[resource] ?? 0) + amount > (allocatable[resource] ?? 0)) (short ??= []).push(`Insufficient ${resource}`);
  }
  return short;
}

/**
 * Sets the table's memoFit and memoBalanced of the feasible node in `slot` for this cycle's pod
 * (called when memoScoredFor is not the profile's number). The filter has just brought the
 * node's resource memo up to date.
 */
function resourceScores(slot: number, cycle: CycleState, profile: SchedulerProfile, profileNumber: number): void {
  const t = cycle.table;
  const state = cycle.states[slot] as NodeState;
  const allocatable = state.allocatable;
  let fit = 0;
  if (profile.weights.NodeResourcesFit) {
    const resources = scoredResourcesForNode(profile.resources, allocatable, state.nonZeroRequested, cycle.nonZeroRequests);
    if (profile.scoringStrategy === 'MostAllocated') fit = mostAllocatedScore(resources);
    else if (profile.scoringStrategy === 'RequestedToCapacityRatio') fit = requestedToCapacityRatioScore(resources, profile.shape);
    else fit = leastAllocatedScore(resources);
  }
  t.memoFit[slot] = fit;
  t.memoBalanced[slot] = profile.weights.NodeResourcesBalancedAllocation
    ? balancedAllocationScore(
        profile.resources.map(({ name }) => ({ allocatable: allocatable[name] ?? 0, requested: (state.requested[name] ?? 0) + (cycle.requests[name] ?? 0) })),
      )
    : 0;
  t.memoScoredFor[slot] = profileNumber;
}

function statesOf(feasible: Int32Array, n: number, cycle: CycleState): NodeState[] {
  return Array.from(feasible.subarray(0, n), (slot) => cycle.states[slot] as NodeState);
}

function addWeighted(totals: Float64Array, n: number, weight: number, scores: readonly number[]): void {
  if (weight === 0) return;
  for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) + weight * (scores[i] as number);
}

/** TaintToleration's normalized score when every feasible node's raw score is 0. */
const UNIFORM_TAINT_SCORE = taintTolerationNormalizeScores([0])[0] as number;

const NO_TERMS: readonly AffinityTermState[] = [];

/** Small numbers for profiles, to key the table's score memo. */
const PROFILE_NUMBERS = new WeakMap<SchedulerProfile, number>();

function profileNumber(profile: SchedulerProfile): number {
  let number = PROFILE_NUMBERS.get(profile);
  if (number === undefined) {
    number = nextProfileNumber++;
    PROFILE_NUMBERS.set(profile, number);
  }
  return number;
}
let nextProfileNumber = 0;

/**
 * Weighted total scores of the feasible nodes: the first `n` slots of `feasible`, each one that
 * filterNode has just passed in this cycle (the scores trust the resource memo it brought up to
 * date). Each plugin is normalised over them. Plugin scores are integers, so adding them per node
 * in any order gives the same totals as plugin by plugin. The array is reused by the next call
 * (one cycle runs at a time).
 */
export function scoreNodes(
  feasible: Int32Array,
  n: number,
  cycle: CycleState,
  profile: SchedulerProfile,
  totalNodes: number,
  imagesOnNodes: (image: string) => number,
): Float64Array {
  const pod = cycle.pod;
  const table = cycle.table;
  const totals = scoreScratch.totals(n);
  // The feasible nodes' states, for the plugins that read more than the table (rarely needed).
  let states: NodeState[] | undefined;
  const w = profile.weights;

  // TaintToleration (nodes without PreferNoSchedule taints score raw 0: skip the per-node work;
  // when the filter saw no tainted node, skip even the scan of the feasible nodes' taints)
  let anyPrefer = false;
  let uniform = 0; // what plugins giving every feasible node the same score add to each
  if (w.TaintToleration) {
    const mayHaveTaints = cycle.filteredTaintedNode || !cycle.filteredAny;
    for (let i = 0; mayHaveTaints && !anyPrefer && i < n; i++) {
      const slot = feasible[i] as number;
      anyPrefer = ((table.flags[slot] as number) & TAINTED) !== 0 && (cycle.states[slot] as NodeState).taints.some((t) => t.effect === 'PreferNoSchedule');
    }
    // All raw scores 0: normalization gives every node the same score, whatever their number.
    if (!anyPrefer) uniform += w.TaintToleration * UNIFORM_TAINT_SCORE;
  }
  // NodeResourcesFit (score strategy) and NodeResourcesBalancedAllocation, with the uniform part.
  const fitWeight = w.NodeResourcesFit;
  const balancedWeight = cycle.requestEntries.length > 0 ? w.NodeResourcesBalancedAllocation : 0;
  if (fitWeight || balancedWeight) {
    const profileNo = profileNumber(profile);
    const scoredFor = table.memoScoredFor;
    for (let i = 0; i < n; i++) {
      const slot = feasible[i] as number;
      if (scoredFor[slot] !== profileNo) resourceScores(slot, cycle, profile, profileNo);
      totals[i] = uniform + fitWeight * (table.memoFit[slot] as number) + balancedWeight * (table.memoBalanced[slot] as number);
    }
  } else if (uniform !== 0) {
    totals.fill(uniform);
  }
  if (anyPrefer) {
    states ??= statesOf(feasible, n, cycle);
    addWeighted(totals, n, w.TaintToleration, taintTolerationNormalizeScores(states.map((s) => taintTolerationRawScore(s.taints, pod.spec.tolerations))));
  }
  // NodeAffinity (preferred)
  const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution;
  if (w.NodeAffinity && preferred !== undefined && preferred.length > 0) {
    states ??= statesOf(feasible, n, cycle);
    addWeighted(totals, n, w.NodeAffinity, nodeAffinityNormalizeScores(states.map((s) => nodeAffinityRawScore(preferred, s.labels, s.metadata.name))));
  }
  // PodTopologySpread (ScheduleAnyway and system defaults)
  if (w.PodTopologySpread && cycle.softSpread.length > 0) addSoftSpreadScores(feasible, n, cycle.softSpread, cycle.domains, w.PodTopologySpread, totals);
  // InterPodAffinity (preferred terms, both ways)
  if (w.InterPodAffinity && (cycle.preferredAffinity.length > 0 || cycle.existingPreferred.size > 0)) {
    states ??= statesOf(feasible, n, cycle);
    const raw = states.map((s) => {
      const labels = s.labels;
      let score = 0;
      for (const t of cycle.preferredAffinity) {
        const value = labels[t.term.topologyKey];
        if (value !== undefined) score += t.weight * (t.counts.get(value) ?? 0);
      }
      for (const [key, byValue] of cycle.existingPreferred) {
        const value = labels[key];
        if (value !== undefined) score += byValue.get(value) ?? 0;
      }
      return score;
    });
    addWeighted(totals, n, w.InterPodAffinity, interPodAffinityNormalizeScores(raw));
  }
  // ImageLocality
  if (w.ImageLocality && pod.spec.containers.length === 1) {
    // The common pod: a node's score is one of two numbers, with the image or without.
    const image = (pod.spec.containers[0] as { image: string }).image;
    const only = cycle.imageHolders.of(image);
    const withImage = w.ImageLocality * imageLocalityScore([{ sizeBytes: ASSUMED_IMAGE_SIZE, numNodesWithImage: imagesOnNodes(image) }], totalNodes);
    const without = w.ImageLocality * imageLocalityScore([null], totalNodes);
    for (let i = 0; i < n; i++) totals[i] = (totals[i] as number) + ((only[feasible[i] as number] as number) === 1 ? withImage : without);
  } else if (w.ImageLocality) {
    const images = pod.spec.containers.map((c) => c.image);
    const holders = images.map((image) => cycle.imageHolders.of(image));
    const spread = images.map((image) => ({ sizeBytes: ASSUMED_IMAGE_SIZE, numNodesWithImage: imagesOnNodes(image) }));
    const perContainer: Array<ContainerImageOnNode | null> = images.map(() => null);
    const weight = w.ImageLocality;
    const scoreOf = (held: (c: number) => boolean): number => {
      for (let c = 0; c < images.length; c++) perContainer[c] = held(c) ? (spread[c] as ContainerImageOnNode) : null;
      return imageLocalityScore(perContainer, totalNodes);
    };
    // A node's score depends only on which of the pod's images it holds: score each set of
    // held images (a bit mask, for up to 30 containers) once while the next node's is the same.
    const masked = images.length <= 30;
    let lastMask = -1;
    let lastScore = 0;
    for (let i = 0; i < n; i++) {
      const slot = feasible[i] as number;
      if (!masked) {
        totals[i] = (totals[i] as number) + weight * scoreOf((c) => ((holders[c] as Uint8Array)[slot] as number) === 1);
        continue;
      }
      let mask = 0;
      for (let c = 0; c < images.length; c++) if (((holders[c] as Uint8Array)[slot] as number) === 1) mask |= 1 << c;
      if (mask !== lastMask) {
        lastMask = mask;
        lastScore = weight * scoreOf((c) => (mask & (1 << c)) !== 0);
      }
      totals[i] = (totals[i] as number) + lastScore;
    }
  }
  return totals;
}

/**
 * PodTopologySpread: adds weight × the normalized score to each feasible node's total. The raw
 * score is Σ over the soft constraints of count × ln(size + 2) + (maxSkew − 1), summed in float in
 * constraint order and rounded, as topologySpreadRawScore sums it; a node lacking a constraint's
 * topology key is ignored (normalized 0). Three passes over the nodes: their counts per
 * constraint (through dense domain numbers), their raw scores with min and max, the normalized
 * scores.
 */
export function addSoftSpreadScores(feasible: Int32Array, n: number, constraints: readonly SpreadConstraint[], domains: TopologyDomains, weight: number, totals: Float64Array): void {
  const m = constraints.length;
  // Per constraint: each node's count of matching pods in its domain (−1: the node lacks the key,
  // at j·n + i) and the weight of one pod, from the number of domains among the nodes.
  const counts = scoreScratch.counts(n * m);
  const raws = scoreScratch.sums(n); // NaN marks an ignored node
  let minScore = Number.POSITIVE_INFINITY;
  let maxScore = 0;
  const c0 = constraints[0] as SpreadConstraint;
  const c1 = constraints[1];
  if (m === 2 && c1 !== undefined && c0.constraint.topologyKey !== c1.constraint.topologyKey) {
    // The system defaults (hostname and zone): both keys gathered in one pass, the same sums
    // without the inner loop (0 + a + b is a + b exactly, so the raw scores are the same), and
    // rounded knowing they are not negative. Together half this function's time.
    const sizes = scoreScratch.sizes;
    const k0 = domains.keyNumber(c0.constraint.topologyKey);
    const k1 = domains.keyNumber(c1.constraint.topologyKey);
    domains.gatherCountsOfTwo(k0, c0.tally, k1, c1.tally, feasible, n, counts, sizes);
    const skew0 = c0.constraint.maxSkew;
    const skew1 = c1.constraint.maxSkew;
    const weight0 = topologyNormalizingWeight(sizes[0] as number);
    const weight1 = topologyNormalizingWeight(sizes[1] as number);
    for (let i = 0; i < n; i++) {
      const count0 = counts[i] as number;
      const count1 = counts[n + i] as number;
      if (count0 < 0 || count1 < 0) {
        raws[i] = Number.NaN;
        continue;
      }
      const raw = goRoundNonNegative(scoreForCount(count0, skew0, weight0) + scoreForCount(count1, skew1, weight1));
      raws[i] = raw;
      if (raw < minScore) minScore = raw;
      if (raw > maxScore) maxScore = raw;
    }
  } else {
    const podWeights = scoreScratch.weights(m);
    for (let j = 0; j < m; j++) {
      const c = constraints[j] as SpreadConstraint;
      const k = domains.keyNumber(c.constraint.topologyKey);
      podWeights[j] = topologyNormalizingWeight(domains.gatherCounts(k, c.tally, feasible, n, counts, j * n));
    }
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (let j = 0; j < m; j++) {
        const count = counts[j * n + i] as number;
        if (count < 0) {
          sum = Number.NaN;
          break;
        }
        sum += scoreForCount(count, (constraints[j] as SpreadConstraint).constraint.maxSkew, podWeights[j] as number);
      }
      if (Number.isNaN(sum)) {
        raws[i] = sum;
        continue;
      }
      const raw = goRound(sum);
      raws[i] = raw;
      if (raw < minScore) minScore = raw;
      if (raw > maxScore) maxScore = raw;
    }
  }
  if (minScore > maxScore) return; // every node ignored
  const range = maxScore - minScore;
  if (range > n) {
    for (let i = 0; i < n; i++) {
      const raw = raws[i] as number;
      if (!Number.isNaN(raw)) totals[i] = (totals[i] as number) + weight * topologySpreadNormalizedScore(raw, minScore, maxScore);
    }
    return;
  }
  // Raw scores are integers in [minScore, maxScore], usually a narrow range: normalize each value
  // once (a division per node was a quarter of this function's time).
  const normalized = scoreScratch.normalized(range + 1);
  for (let r = 0; r <= range; r++) normalized[r] = weight * topologySpreadNormalizedScore(minScore + r, minScore, maxScore);
  for (let i = 0; i < n; i++) {
    const raw = raws[i] as number;
    if (!Number.isNaN(raw)) totals[i] = (totals[i] as number) + (normalized[raw - minScore] as number);
  }
}

/** The scoring work arrays, reused by every cycle (one runs at a time) and grown on demand. */
const scoreScratch = {
  countBuffer: new Int32Array(1024),
  sumBuffer: new Float64Array(1024),
  totalBuffer: new Float64Array(1024),
  normalizedBuffer: new Float64Array(1024),
  weightBuffer: new Float64Array(8),
  /** The two domain counts of gatherCountsOfTwo. */
  sizes: new Int32Array(2),
  /** At least `length` entries, contents undefined (so for the two below). */
  counts(length: number): Int32Array {
    if (this.countBuffer.length < length) this.countBuffer = new Int32Array(2 * length);
    return this.countBuffer;
  },
  sums(length: number): Float64Array {
    if (this.sumBuffer.length < length) this.sumBuffer = new Float64Array(2 * length);
    return this.sumBuffer;
  },
  weights(length: number): Float64Array {
    if (this.weightBuffer.length < length) this.weightBuffer = new Float64Array(2 * length);
    return this.weightBuffer;
  },
  normalized(length: number): Float64Array {
    if (this.normalizedBuffer.length < length) this.normalizedBuffer = new Float64Array(2 * length);
    return this.normalizedBuffer;
  },
  /** `length` zeros, exactly. */
  totals(length: number): Float64Array {
    if (this.totalBuffer.length < length) this.totalBuffer = new Float64Array(2 * length);
    this.totalBuffer.fill(0, 0, length);
    return this.totalBuffer.subarray(0, length);
  },
};

/** Texts (request records, image lists) → small numbers, compared per node by the memos. */
const KEYS = new Map<string, number>();

function internKey(text: string): number {
  let key = KEYS.get(text);
  if (key === undefined) {
    key = KEYS.size;
    KEYS.set(text, key);
  }
  return key;
}

/** A pod spec's requests as CycleState holds them; shared by pods, so never modified. */
interface PodRequests {
  initContainers: PodObject['spec']['initContainers'];
  overhead: PodObject['spec']['overhead'];
  requests: Record<string, number>;
  nonZero: Record<string, number>;
  entries: Array<readonly [string, number]>;
  key: number;
}

/**
 * Requests by the pod's containers array. Pods share their template's containers, init
 * containers and overhead (pod-factory.ts), and writers replace these rather than edit them (the
 * VPA maps containers to new ones), so pods of one template compute their requests, and build
 * and intern their key text, once instead of at every scheduling attempt.
 */
const REQUESTS = new WeakMap<object, PodRequests>();

function podRequests(spec: PodObject['spec']): PodRequests {
  const cached = REQUESTS.get(spec.containers);
  if (cached && cached.initContainers === spec.initContainers && cached.overhead === spec.overhead) return cached;
  const requests = podRequestsForScoring(spec, false);
  const nonZero = podRequestsForScoring(spec, true);
  const entry: PodRequests = {
    initContainers: spec.initContainers,
    overhead: spec.overhead,
    requests,
    nonZero,
    entries: Object.entries(requests).filter(([, amount]) => amount !== 0),
    key: requestKeyOf(requests, nonZero),
  };
  REQUESTS.set(spec.containers, entry);
  return entry;
}

/** The same number for request records with the same entries in the same order. */
function requestKeyOf(requests: Readonly<Record<string, number>>, nonZero: Readonly<Record<string, number>>): number {
  let text = '';
  for (const name in requests) text += `${name}=${requests[name]},`;
  text += ';';
  for (const name in nonZero) text += `${name}=${nonZero[name]},`;
  return internKey(text);
}

/**
 * The selector system-default spreading uses for a pod: the matchLabels of the Services that
 * select it and of its owning ReplicaSet or StatefulSet, merged (upstream DefaultSelector).
 */
export function defaultSpreadSelector(pod: PodObject, services: Array<{ namespace: string; selector: Labels | undefined }>, ownerSelector: LabelSelector | undefined): LabelSelector | undefined {
  const labels: Record<string, string> = {};
  let any = false;
  for (const service of services) {
    if (service.namespace !== pod.metadata.namespace || service.selector === undefined) continue;
    if (!mapSelectorMatches(service.selector, pod.metadata.labels)) continue;
    Object.assign(labels, service.selector);
    any = true;
  }
  if (ownerSelector?.matchLabels) {
    Object.assign(labels, ownerSelector.matchLabels);
    any = true;
  }
  return any ? { matchLabels: labels } : undefined;
}
