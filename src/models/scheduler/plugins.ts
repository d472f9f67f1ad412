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
  topologySpreadFilter,
  topologySpreadNormalizeScores,
  topologySpreadRawScore,
} from './algorithms/topology-spread-scoring.js';
import type { ClusterSnapshot, NodeState } from './cluster-snapshot.js';
import type { SchedulerProfile } from './profile.js';

/** podsim does not know image sizes; ImageLocality scores every image as this size. */
export const ASSUMED_IMAGE_SIZE = 200 * 1024 * 1024;
/** InterPodAffinity's hardPodAffinityWeight default. */
export const HARD_POD_AFFINITY_WEIGHT = 1;

interface SpreadConstraint {
  constraint: TopologySpreadConstraint;
  selector: LabelSelector | undefined;
  selfMatch: boolean;
  /** Matching pods per topology value, over nodes eligible for the pod. */
  counts: Map<string, number>;
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
  /** Whether the pod has a nodeSelector or required node affinity at all. */
  readonly hasNodeAffinity: boolean;
  readonly requiredTerms;
  readonly hardSpread: SpreadConstraint[] = [];
  softSpread: SpreadConstraint[] = [];
  readonly affinityRequired: AffinityTermState[] = [];
  readonly antiAffinityRequired: AffinityTermState[] = [];
  /** (topologyKey, value) pairs forbidden by existing pods' required anti-affinity. */
  readonly forbiddenByExisting = new Map<string, Set<string>>();
  readonly preferredAffinity: AffinityTermState[] = [];
  /** Existing pods' terms that score this pod: (topologyKey → value → weight). */
  readonly existingPreferred = new Map<string, Map<string, number>>();
  readonly zone: string | undefined | null;
  /** Whether some matching pod exists anywhere for each required affinity term. */
  readonly affinityBootstrap: boolean;

  constructor(
    readonly pod: PodObject,
    snapshot: ClusterSnapshot,
    volumes: VolumeBinder,
    defaultSpreadSelector: LabelSelector | undefined,
  ) {
    this.requests = podRequestsForScoring(pod.spec, false);
    this.requestEntries = Object.entries(this.requests).filter(([, amount]) => amount !== 0);
    this.nonZeroRequests = podRequestsForScoring(pod.spec, true);
    this.requiredTerms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
    this.hasNodeAffinity = this.requiredTerms !== undefined || Object.keys(pod.spec.nodeSelector ?? {}).length > 0;
    this.zone = volumes.requiredZone(pod);
    const namespace = pod.metadata.namespace;

    // PodTopologySpread: the pod's constraints; without any, the system defaults (soft).
    const constraints = pod.spec.topologySpreadConstraints;
    const list: Array<TopologySpreadConstraint & { selector: LabelSelector | undefined }> =
      constraints.length > 0
        ? constraints.map((c) => ({ ...c, selector: c.labelSelector }))
        : defaultSpreadSelector
          ? [
              { maxSkew: 3, topologyKey: LABEL_HOSTNAME, whenUnsatisfiable: 'ScheduleAnyway', selector: defaultSpreadSelector },
              { maxSkew: 5, topologyKey: LABEL_TOPOLOGY_ZONE, whenUnsatisfiable: 'ScheduleAnyway', selector: defaultSpreadSelector },
            ]
          : [];
    // Hard constraints need every eligible domain (a domain with no matching pod sets the
    // minimum to 0); soft ones only the counts of the domains that hold matching pods.
    const eligible = list.some((c) => c.whenUnsatisfiable === 'DoNotSchedule') ? [...snapshot.nodes.values()].filter((s) => this.nodeAffinityFits(s)) : [];
    for (const c of list) {
      const hard = c.whenUnsatisfiable === 'DoNotSchedule';
      const counts = new Map<string, number>();
      if (hard) {
        for (const state of eligible) {
          const value = state.node.metadata.labels[c.topologyKey];
          if (value !== undefined && !counts.has(value)) counts.set(value, 0);
        }
      }
      for (const other of snapshot.podsMatching(c.selector, [namespace])) {
        const value = snapshot.nodeOf(other)?.node.metadata.labels[c.topologyKey];
        if (value === undefined || (hard && !counts.has(value))) continue;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      const state: SpreadConstraint = {
        constraint: c,
        selector: c.selector,
        selfMatch: c.selector !== undefined && selectorMatches(c.selector, pod.metadata.labels),
        counts,
        minMatch: hard ? globalMinMatchNum([...counts.values()], c.minDomains ?? 1) : 0,
      };
      (hard ? this.hardSpread : this.softSpread).push(state);
    }

    // InterPodAffinity: the pod's own terms.
    const termState = (term: PodAffinityTerm, weight: number): AffinityTermState => {
      const domains = new Set<string>();
      const counts = new Map<string, number>();
      for (const other of snapshot.podsMatching(term.labelSelector, term.namespaces ?? [namespace])) {
        const value = snapshot.nodeOf(other)?.node.metadata.labels[term.topologyKey];
        if (value === undefined) continue;
        domains.add(value);
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      return { term, domains, counts, weight };
    };
    const affinity = pod.spec.affinity;
    for (const term of affinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) this.affinityRequired.push(termState(term, 0));
    for (const term of affinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) this.antiAffinityRequired.push(termState(term, 0));
    for (const term of affinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) this.preferredAffinity.push(termState(term.podAffinityTerm, term.weight));
    for (const term of affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) this.preferredAffinity.push(termState(term.podAffinityTerm, -term.weight));
    // A pod may be the first of its group: its required affinity is satisfied by itself when no
    // pod anywhere matches yet and it matches its own terms (upstream satisfyPodAffinity).
    this.affinityBootstrap =
      this.affinityRequired.length > 0 &&
      this.affinityRequired.every((t) => t.domains.size === 0) &&
      this.affinityRequired.every((t) => selectorMatches(t.term.labelSelector, pod.metadata.labels));

    // Existing pods' terms that concern this pod.
    for (const other of snapshot.podsWithAffinity) {
      const node = snapshot.nodeOf(other)?.node;
      if (!node) continue;
      const otherAffinity = other.spec.affinity;
      const concerns = (term: PodAffinityTerm): boolean =>
        (term.namespaces ?? [other.metadata.namespace]).includes(namespace) && selectorMatches(term.labelSelector, pod.metadata.labels);
      for (const term of otherAffinity?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) {
        const value = node.metadata.labels[term.topologyKey];
        if (value === undefined || !concerns(term)) continue;
        const set = this.forbiddenByExisting.get(term.topologyKey) ?? new Set<string>();
        set.add(value);
        this.forbiddenByExisting.set(term.topologyKey, set);
      }
      const score = (term: PodAffinityTerm, weight: number): void => {
        const value = node.metadata.labels[term.topologyKey];
        if (value === undefined || !concerns(term)) return;
        const byValue = this.existingPreferred.get(term.topologyKey) ?? new Map<string, number>();
        byValue.set(value, (byValue.get(value) ?? 0) + weight);
        this.existingPreferred.set(term.topologyKey, byValue);
      };
      for (const term of otherAffinity?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []) score(term, HARD_POD_AFFINITY_WEIGHT);
      for (const term of otherAffinity?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) score(term.podAffinityTerm, term.weight);
      for (const term of otherAffinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) score(term.podAffinityTerm, -term.weight);
    }
  }

  nodeAffinityFits(state: NodeState): boolean {
    if (!this.hasNodeAffinity) return true;
    const node = state.node;
    return requiredNodeAffinityMatches(this.pod.spec.nodeSelector, this.requiredTerms, node.metadata.labels, node.metadata.name);
  }
}

/**
 * Runs the filter plugins in upstream order; returns undefined if the node fits, else the
 * reasons of the first plugin that rejects it (NodeResourcesFit lists every short resource).
 */
export function filterNode(state: NodeState, cycle: CycleState): readonly string[] | undefined {
  const node = state.node;
  const pod = cycle.pod;
  // NodeUnschedulable
  if (node.spec.unschedulable && !toleratesTaint(pod.spec.tolerations, { key: TAINT_UNSCHEDULABLE, effect: 'NoSchedule' })) {
    return ['node(s) were unschedulable'];
  }
  // TaintToleration
  if (node.spec.taints.length > 0) {
    const taints = taintTolerationFilter(node.spec.taints, pod.spec.tolerations);
    if (!taints.ok) return [taints.reason];
  }
  // NodeAffinity
  if (!cycle.nodeAffinityFits(state)) return ["node(s) didn't match Pod's node affinity/selector"];
  // NodeResourcesFit: every insufficient resource is a reason (upstream fitsRequest).
  const allocatable = node.status.allocatable as unknown as Record<string, number>;
  let short: string[] | undefined;
  if (state.pods.size + 1 > allocatable.pods!) (short ??= []).push('Too many pods');
  for (const [resource, amount] of cycle.requestEntries) {
    if ((state.requested[resource] ?? 0) + amount > (allocatable[resource] ?? 0)) (short ??= []).push(`Insufficient ${resource}`);
  }
  if (short) return short;
  // VolumeZone
  if (cycle.zone === null || (cycle.zone !== undefined && cycle.zone !== node.metadata.labels[LABEL_TOPOLOGY_ZONE])) {
    return ['node(s) had no available volume zone'];
  }
  // PodTopologySpread (DoNotSchedule)
  for (const c of cycle.hardSpread) {
    const value = node.metadata.labels[c.constraint.topologyKey];
    if (value === undefined) return [ERR_REASON_NODE_LABEL_NOT_MATCH];
    if (!topologySpreadFilter({ matchNum: c.counts.get(value) ?? 0, selfMatch: c.selfMatch, minMatchNum: c.minMatch, maxSkew: c.constraint.maxSkew })) {
      return [ERR_REASON_CONSTRAINTS_NOT_MATCH];
    }
  }
  // InterPodAffinity, in upstream's order: the pod's affinity, its anti-affinity, then the
  // anti-affinity of the pods already there.
  if (!cycle.affinityBootstrap) {
    for (const t of cycle.affinityRequired) {
      const value = node.metadata.labels[t.term.topologyKey];
      if (value === undefined || !t.domains.has(value)) return ["node(s) didn't match pod affinity rules"];
    }
  }
  for (const t of cycle.antiAffinityRequired) {
    const value = node.metadata.labels[t.term.topologyKey];
    if (value !== undefined && t.domains.has(value)) return ["node(s) didn't match pod anti-affinity rules"];
  }
  for (const [key, values] of cycle.forbiddenByExisting) {
    const value = node.metadata.labels[key];
    if (value !== undefined && values.has(value)) return ["node(s) didn't satisfy existing pods anti-affinity rules"];
  }
  return undefined;
}

/** Weighted total scores of the feasible nodes (each plugin normalised over them). */
export function scoreNodes(feasible: NodeState[], cycle: CycleState, profile: SchedulerProfile, totalNodes: number, imagesOnNodes: (image: string) => number): number[] {
  const pod = cycle.pod;
  const totals = new Array<number>(feasible.length).fill(0);
  const add = (weight: number, scores: readonly number[]): void => {
    if (weight === 0) return;
    for (let i = 0; i < totals.length; i++) totals[i] = (totals[i] as number) + weight * (scores[i] as number);
  };
  const w = profile.weights;

  // NodeResourcesFit (score strategy) and NodeResourcesBalancedAllocation.
  if (w.NodeResourcesFit) {
    add(
      w.NodeResourcesFit,
      feasible.map((s) => {
        const resources = scoredResourcesForNode(profile.resources, s.node.status.allocatable as unknown as Record<string, number>, s.nonZeroRequested, cycle.nonZeroRequests);
        if (profile.scoringStrategy === 'MostAllocated') return mostAllocatedScore(resources);
        if (profile.scoringStrategy === 'RequestedToCapacityRatio') return requestedToCapacityRatioScore(resources, profile.shape);
        return leastAllocatedScore(resources);
      }),
    );
  }
  if (w.NodeResourcesBalancedAllocation && cycle.requestEntries.length > 0) {
    add(
      w.NodeResourcesBalancedAllocation,
      feasible.map((s) => {
        const allocatable = s.node.status.allocatable as unknown as Record<string, number>;
        return balancedAllocationScore(
          profile.resources.map(({ name }) => ({ allocatable: allocatable[name] ?? 0, requested: (s.requested[name] ?? 0) + (cycle.requests[name] ?? 0) })),
        );
      }),
    );
  }
  // TaintToleration (nodes without PreferNoSchedule taints score raw 0: skip the per-node work)
  if (w.TaintToleration) {
    const anyPrefer = feasible.some((s) => s.node.spec.taints.some((t) => t.effect === 'PreferNoSchedule'));
    const raw = anyPrefer ? feasible.map((s) => taintTolerationRawScore(s.node.spec.taints, pod.spec.tolerations)) : new Array<number>(feasible.length).fill(0);
    add(w.TaintToleration, taintTolerationNormalizeScores(raw));
  }
  // NodeAffinity (preferred)
  const preferred = pod.spec.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
  if (w.NodeAffinity && preferred.length > 0) {
    add(w.NodeAffinity, nodeAffinityNormalizeScores(feasible.map((s) => nodeAffinityRawScore(preferred, s.node.metadata.labels, s.node.metadata.name))));
  }
  // PodTopologySpread (ScheduleAnyway and system defaults)
  if (w.PodTopologySpread && cycle.softSpread.length > 0) {
    const sizes = cycle.softSpread.map((c) => {
      const values = new Set<string>();
      for (const s of feasible) {
        const value = s.node.metadata.labels[c.constraint.topologyKey];
        if (value !== undefined) values.add(value);
      }
      return values.size;
    });
    const terms = cycle.softSpread.map((c, i) => ({ count: 0, maxSkew: c.constraint.maxSkew, topologySize: sizes[i] as number }));
    const raw = feasible.map((s) => {
      const labels: Labels = s.node.metadata.labels;
      for (let i = 0; i < terms.length; i++) {
        const value = labels[(cycle.softSpread[i] as SpreadConstraint).constraint.topologyKey];
        if (value === undefined) return null;
        (terms[i] as { count: number }).count = (cycle.softSpread[i] as SpreadConstraint).counts.get(value) ?? 0;
      }
      return topologySpreadRawScore(terms);
    });
    add(w.PodTopologySpread, topologySpreadNormalizeScores(raw));
  }
  // InterPodAffinity (preferred terms, both ways)
  if (w.InterPodAffinity && (cycle.preferredAffinity.length > 0 || cycle.existingPreferred.size > 0)) {
    const raw = feasible.map((s) => {
      const labels = s.node.metadata.labels;
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
    add(w.InterPodAffinity, interPodAffinityNormalizeScores(raw));
  }
  // ImageLocality
  if (w.ImageLocality) {
    const images = pod.spec.containers.map((c) => c.image);
    const spread = images.map((image) => ({ sizeBytes: ASSUMED_IMAGE_SIZE, numNodesWithImage: imagesOnNodes(image) }));
    const perContainer: Array<ContainerImageOnNode | null> = images.map(() => null);
    add(
      w.ImageLocality,
      feasible.map((s) => {
        const onNode = s.node.status.images;
        for (let i = 0; i < images.length; i++) perContainer[i] = onNode.includes(images[i] as string) ? (spread[i] as ContainerImageOnNode) : null;
        return imageLocalityScore(perContainer, totalNodes);
      }),
    );
  }
  return totals;
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
