// NodeResourcesFit score strategies (LeastAllocated, MostAllocated, RequestedToCapacityRatio),
// the NodeResourcesBalancedAllocation score, and the pod request computation they all use.
//
// Upstream (kubernetes/kubernetes master, read 2025-2026, ~v1.35):
//   pkg/scheduler/framework/plugins/noderesources/resource_allocation.go (calculateResourceAllocatableRequest,
//     calculatePodResourceRequest, isBestEffortPod), least_allocated.go, most_allocated.go,
//     requested_to_capacity_ratio.go, balanced_allocation.go,
//   pkg/scheduler/framework/plugins/helper/shape_score.go (BuildBrokenLinearFunction),
//   staging/src/k8s.io/component-helpers/resource/helpers.go (PodRequests, NonMissingContainerRequests),
//   pkg/scheduler/util (DefaultMilliCPURequest, DefaultMemoryRequest).
// Units: cpu in millicores, memory and other resources in their base units (bytes, counts).
// Simplifications: pod-level resources (PodLevelResources), in-place resize status resources and
// DRA-backed extended resources are not modelled; a pod's request is computed from its spec only.
// BalancedAllocation follows the standard-deviation formula that the current upstream test table
// asserts (a newer "improvement over the node without the pod" variant was not found upstream).

import { goMulDiv, goRound, goTruncate } from './int-math.js';
import { MAX_NODE_SCORE } from './normalize.js';

/** schedutil.DefaultMilliCPURequest: 0.1 core, counted for a container without a cpu request. */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** schedutil.DefaultMemoryRequest: 200 MiB, counted for a container without a memory request. */
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;
/** config.MaxCustomPriorityScore: RequestedToCapacityRatio shape scores run 0..10. */
export const MAX_CUSTOM_PRIORITY_SCORE = 10;
/** The utilization scale of RequestedToCapacityRatio (percent). */
export const MAX_UTILIZATION = 100;

/** One resource of a scoring strategy on one node; `requested` already includes the incoming pod. */
export interface ScoredResource {
  name: string;
  weight: number;
  allocatable: number;
  requested: number;
}

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface ShapePoint {
  utilization: number;
  score: number;
}

export interface ContainerRequests {
  requests: Readonly<Record<string, number>>;
}

export interface InitContainerRequests extends ContainerRequests {
  /** 'Always' marks a restartable init container (sidecar). */
  restartPolicy?: 'Always' | undefined;
}

export interface PodForScoring {
  containers: readonly ContainerRequests[];
  initContainers?: readonly InitContainerRequests[] | undefined;
  overhead?: Readonly<Record<string, number>> | undefined;
}

// ---------------------------------------------------------------------------------------------
// Pod requests

/**
 * The pod's requests as the scorers see them (resourcehelper.PodRequests): the sum over regular
 * containers, raised to the largest init-container need, plus pod overhead. A restartable init
 * container (sidecar) adds to the regular sum and to every later init container's need. With
 * `nonZero`, a container that does not list cpu (memory) counts 100 millicores (200 MiB); a listed
 * 0 stays 0. A pod without containers requests nothing.
 */
export function podRequestsForScoring(pod: PodForScoring, nonZero: boolean): Record<string, number> {
  const effective = (requests: Readonly<Record<string, number>>): Record<string, number> => {
    const copy: Record<string, number> = { ...requests };
    if (nonZero) {
      if (!hasKey(requests, 'cpu')) copy['cpu'] = DEFAULT_MILLI_CPU_REQUEST;
      if (!hasKey(requests, 'memory')) copy['memory'] = DEFAULT_MEMORY_REQUEST;
    }
    return copy;
  };

  const result: Record<string, number> = {};
  for (const container of pod.containers) addInto(result, effective(container.requests));

  const sidecars: Record<string, number> = {};
  const initNeed: Record<string, number> = {};
  for (const container of pod.initContainers ?? []) {
    const requests = effective(container.requests);
    let need: Record<string, number>;
    if (container.restartPolicy === 'Always') {
      addInto(result, requests);
      addInto(sidecars, requests);
      need = { ...sidecars };
    } else {
      need = { ...requests };
      addInto(need, sidecars);
    }
    maxInto(initNeed, need);
  }
  maxInto(result, initNeed);

  if (pod.overhead) addInto(result, pod.overhead);
  return result;
}

/** isBestEffortPod: every scored resource request of the pod is 0 (BalancedAllocation then skips). */
export function isBestEffortForScoring(podRequests: Readonly<Record<string, number>>, resources: readonly ResourceSpec[]): boolean {
  return resources.every((resource) => (podRequests[resource.name] ?? 0) === 0);
}

/**
 * Extended and other scalar resources (v1helper.IsScalarResourceName): domain-prefixed names
 * (`example.com/gpu`, `kubernetes.io/...`), hugepages-* and attachable-volumes-*.
 */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-');
}

/**
 * calculateResourceAllocatableRequest for each resource of a strategy: allocatable from the node
 * and requested = node's requests + the pod's. A scalar resource the pod does not request, a
 * scalar resource the node does not have, and any other unknown resource give (0, 0), and a
 * resource with allocatable 0 is then ignored by every scorer.
 */
export function scoredResourcesForNode(
  resources: readonly ResourceSpec[],
  nodeAllocatable: Readonly<Record<string, number>>,
  nodeRequested: Readonly<Record<string, number>>,
  podRequests: Readonly<Record<string, number>>,
): ScoredResource[] {
  return resources.map(({ name, weight }) => {
    const podRequest = podRequests[name] ?? 0;
    const scalar = isScalarResourceName(name);
    const known = name === 'cpu' || name === 'memory' || name === 'ephemeral-storage' || (scalar && hasKey(nodeAllocatable, name));
    if ((podRequest === 0 && scalar) || !known) return { name, weight, allocatable: 0, requested: 0 };
    return { name, weight, allocatable: nodeAllocatable[name] ?? 0, requested: (nodeRequested[name] ?? 0) + podRequest };
  });
}

// ---------------------------------------------------------------------------------------------
// Strategies

/** LeastAllocated: weighted mean of (allocatable − requested) × 100 / allocatable; 0 when over. */
export function leastAllocatedScore(resources: readonly ScoredResource[]): number {
  return weightedIntegerMean(resources, (requested, capacity) =>
    requested > capacity ? 0 : goMulDiv(capacity - requested, MAX_NODE_SCORE, capacity),
  );
}

/** MostAllocated: weighted mean of min(requested, allocatable) × 100 / allocatable. */
export function mostAllocatedScore(resources: readonly ScoredResource[]): number {
  return weightedIntegerMean(resources, (requested, capacity) =>
    goMulDiv(Math.min(requested, capacity), MAX_NODE_SCORE, capacity),
  );
}

function weightedIntegerMean(resources: readonly ScoredResource[], score: (requested: number, capacity: number) => number): number {
  let nodeScore = 0;
  let weightSum = 0;
  for (const resource of resources) {
    if (resource.allocatable === 0) continue;
    nodeScore += score(resource.requested, resource.allocatable) * resource.weight;
    weightSum += resource.weight;
  }
  return weightSum === 0 ? 0 : Math.trunc(nodeScore / weightSum);
}

/**
 * helper.BuildBrokenLinearFunction: the first point's score at or below its utilization, the last
 * point's score beyond the last utilization, integer interpolation in between.
 */
export function brokenLinearFunction(points: readonly ShapePoint[]): (utilization: number) => number {
  return (p: number): number => {
    for (let i = 0; i < points.length; i++) {
      const point = points[i] as ShapePoint;
      if (p <= point.utilization) {
        if (i === 0) return point.score;
        const previous = points[i - 1] as ShapePoint;
        return (
          previous.score +
          Math.trunc(((point.score - previous.score) * (p - previous.utilization)) / (point.utilization - previous.utilization))
        );
      }
    }
    const last = points[points.length - 1];
    if (!last) throw new RangeError('brokenLinearFunction: the shape has no points');
    return last.score;
  };
}

/** requestedToCapacityRatio's scaledUtilization: requested × 100 / capacity, clamped to [0, 100]. */
export function scaledUtilization(requested: number, capacity: number): number {
  if (capacity <= 0 || requested <= 0) return 0;
  if (requested >= capacity) return MAX_UTILIZATION;
  return goMulDiv(requested, MAX_UTILIZATION, capacity);
}

/**
 * RequestedToCapacityRatio with `shape` scores on the 0..10 configuration scale (multiplied by 10
 * here). Only resources with a positive shaped score count, in the sum and in the weight sum; the
 * node score is the rounded (half away from zero) weighted mean, 0 without any counted resource.
 */
export function requestedToCapacityRatioScore(resources: readonly ScoredResource[], shape: readonly ShapePoint[]): number {
  const scale = MAX_NODE_SCORE / MAX_CUSTOM_PRIORITY_SCORE;
  const raw = brokenLinearFunction(shape.map((point) => ({ utilization: point.utilization, score: point.score * scale })));
  let nodeScore = 0;
  let weightSum = 0;
  for (const resource of resources) {
    if (resource.allocatable === 0) continue;
    const utilization =
      resource.requested > resource.allocatable ? MAX_UTILIZATION : scaledUtilization(resource.requested, resource.allocatable);
    const resourceScore = raw(utilization);
    if (resourceScore > 0) {
      nodeScore += resourceScore * resource.weight;
      weightSum += resource.weight;
    }
  }
  return weightSum === 0 ? 0 : goRound(nodeScore / weightSum);
}

/**
 * NodeResourcesBalancedAllocation: fractions min(requested / allocatable, 1) over resources with
 * allocatable > 0; std = |f1 − f2| / 2 for two, the population standard deviation for more, 0 for
 * fewer; score = int((1 − std) × 100). Uses actual requests (no 100m / 200Mi defaults); a pod that
 * requests none of the resources is skipped upstream (see isBestEffortForScoring).
 */
export function balancedAllocationScore(resources: ReadonlyArray<{ allocatable: number; requested: number }>): number {
  const fractions: number[] = [];
  let total = 0;
  for (const resource of resources) {
    if (resource.allocatable === 0) continue;
    const fraction = Math.min(resource.requested / resource.allocatable, 1);
    total += fraction;
    fractions.push(fraction);
  }
  let std = 0;
  if (fractions.length === 2) {
    std = Math.abs(((fractions[0] as number) - (fractions[1] as number)) / 2);
  } else if (fractions.length > 2) {
    const mean = total / fractions.length;
    let sum = 0;
    for (const fraction of fractions) sum = sum + (fraction - mean) * (fraction - mean);
    std = Math.sqrt(sum / fractions.length);
  }
  return goTruncate((1 - std) * MAX_NODE_SCORE);
}

// ---------------------------------------------------------------------------------------------

function hasKey(record: Readonly<Record<string, number>>, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, key);
}

function addInto(target: Record<string, number>, add: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(add)) target[name] = (target[name] ?? 0) + value;
}

function maxInto(target: Record<string, number>, other: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(other)) {
    if (!hasKey(target, name) || value > (target[name] as number)) target[name] = value;
  }
}
