// VPA updater: which pods to update (evict) in what order, and how many pods of one controller
// may be evicted in a loop.
//
// Upstream (kubernetes/autoscaler vertical-pod-autoscaler/pkg/updater/):
//   priority/priority_processor.go          GetUpdatePriority: OutsideRecommendedRange, ScaleUp, ResourceDiff
//   priority/update_priority_calculator.go  AddPod (quick OOM, 12 h lifetime threshold, 0.1 update
//                                           threshold), GetSortedPods, PodPriority.Less
//   restriction/pods_restriction_factory.go GetCreatorMaps (min replicas, eviction tolerance = int(configured × fraction)),
//                                           singleGroupStats.isPodDisruptable
//   restriction/pods_eviction_restriction.go CanEvict, Evict
//   config: --pod-update-threshold 0.1, --in-recommendation-bounds-eviction-lifetime-threshold 12h,
//           --evict-after-oom-threshold 10m, --min-replicas 2, --eviction-tolerance 0.5
//
// Simplifications: quantities are plain numbers (CPU millicores, memory bytes); the resource diff
// is computed on milli-units as upstream (memory bytes × 1000); the recommendation given is the
// processed one (capping by the VPA's resource policy is the caller's job); in-place resize
// bookkeeping, eviction rate limiting and the admission plugins are not modelled; Go's unstable
// sort is replaced by a stable one (equal priorities keep their input order).

export type ResourceKey = 'cpuMilli' | 'memoryBytes';
export type ResourceValues = Partial<Record<ResourceKey, number>>;

export interface ContainerRecommendation {
  readonly containerName: string;
  readonly target: ResourceValues;
  readonly lowerBound?: ResourceValues | undefined;
  readonly upperBound?: ResourceValues | undefined;
}

export interface UpdaterContainer {
  readonly name: string;
  /** A missing key = no request for that resource. */
  readonly requests: ResourceValues;
}

export interface LastTermination {
  readonly reason: string;
  readonly startedAtMs: number;
  readonly finishedAtMs: number;
}

export interface UpdaterPod {
  readonly name: string;
  readonly containers: readonly UpdaterContainer[];
  /** Parsed vpaObservedContainers annotation; undefined = no (or unparsable) annotation. */
  readonly observedContainers?: readonly string[] | undefined;
  /** status.startTime; undefined = not set (such a pod is only updated when out of range or quick-OOMed). */
  readonly startTimeMs?: number | undefined;
  readonly containerStatuses?: readonly { readonly name: string; readonly lastTermination?: LastTermination | undefined }[] | undefined;
}

export interface PodPriority {
  /** Some container's request is outside [lowerBound, upperBound] (or missing). */
  readonly outsideRecommendedRange: boolean;
  /** Some container's target exceeds its request (or has no request). */
  readonly scaleUp: boolean;
  /** Σ over resources of |Σ request − Σ target| / max(Σ request, 1), in milli-units. */
  readonly resourceDiff: number;
}

const KEYS: readonly ResourceKey[] = ['cpuMilli', 'memoryBytes'];

/** Quantity.MilliValue() of the plain number: CPU is already milli; memory bytes × 1000. */
function milli(key: ResourceKey, value: number): number {
  return key === 'cpuMilli' ? value : value * 1000;
}

function observed(pod: UpdaterPod, containerName: string): boolean {
  return pod.observedContainers === undefined || pod.observedContainers.includes(containerName);
}

/** defaultPriorityProcessor.GetUpdatePriority. */
export function getUpdatePriority(pod: UpdaterPod, recommendations: readonly ContainerRecommendation[]): PodPriority {
  let outsideRecommendedRange = false;
  let scaleUp = false;
  const totalRequest = new Map<ResourceKey, number>();
  const totalRecommended = new Map<ResourceKey, number>();
  for (const container of pod.containers) {
    if (!observed(pod, container.name)) continue;
    const rec = recommendations.find((r) => r.containerName === container.name);
    if (rec === undefined) continue;
    for (const key of KEYS) {
      const target = rec.target[key];
      if (target === undefined) continue;
      totalRecommended.set(key, (totalRecommended.get(key) ?? 0) + milli(key, target));
      const request = container.requests[key];
      if (request !== undefined) {
        totalRequest.set(key, (totalRequest.get(key) ?? 0) + milli(key, request));
        if (target > request) scaleUp = true;
        const lower = rec.lowerBound?.[key];
        const upper = rec.upperBound?.[key];
        if ((lower !== undefined && request < lower) || (upper !== undefined && request > upper)) outsideRecommendedRange = true;
      } else {
        // No request: treated as 0 (upstream ignores the namespace default request).
        scaleUp = true;
        outsideRecommendedRange = true;
      }
    }
  }
  let resourceDiff = 0;
  for (const [key, recommended] of totalRecommended) {
    const request = Math.max(totalRequest.get(key) ?? 0, 1);
    resourceDiff += Math.abs(request - recommended) / request;
  }
  return { outsideRecommendedRange, scaleUp, resourceDiff };
}

export interface UpdateConfig {
  /** --pod-update-threshold (MinChangePriority). */
  readonly minChangePriority: number;
  /** --in-recommendation-bounds-eviction-lifetime-threshold. */
  readonly podLifetimeUpdateThresholdMs: number;
  /** --evict-after-oom-threshold. */
  readonly evictAfterOomThresholdMs: number;
}

export const DEFAULT_UPDATE_CONFIG: UpdateConfig = {
  minChangePriority: 0.1,
  podLifetimeUpdateThresholdMs: 12 * 3_600_000,
  evictAfterOomThresholdMs: 10 * 60_000,
};

/**
 * Quick OOM: some (observed, not scaling-mode-Off) container's last termination was OOMKilled
 * after running less than the threshold (finishedAt − startedAt).
 */
export function hasQuickOom(pod: UpdaterPod, config: UpdateConfig = DEFAULT_UPDATE_CONFIG, scalingModeOffContainers: readonly string[] = []): boolean {
  for (const status of pod.containerStatuses ?? []) {
    if (!observed(pod, status.name) || scalingModeOffContainers.includes(status.name)) continue;
    const t = status.lastTermination;
    if (t !== undefined && t.reason === 'OOMKilled' && t.finishedAtMs - t.startedAtMs < config.evictAfterOomThresholdMs) return true;
  }
  return false;
}

export type UpdateDecision =
  | { readonly update: true }
  | { readonly update: false; readonly reason: 'no-start-time' | 'short-lived' | 'diff-too-low' | 'quick-oom-no-change' };

/**
 * UpdatePriorityCalculator.AddPod's admission: update if a request is outside the recommended
 * range or the pod quick-OOMed; otherwise only if it has a start time, has lived at least the
 * lifetime threshold and resourceDiff ≥ minChangePriority. A quick-OOMed pod whose resources would
 * not change (resourceDiff 0) is not updated.
 */
export function shouldUpdatePod(priority: PodPriority, pod: UpdaterPod, nowMs: number, quickOom: boolean, config: UpdateConfig = DEFAULT_UPDATE_CONFIG): UpdateDecision {
  if (!priority.outsideRecommendedRange && !quickOom) {
    if (pod.startTimeMs === undefined) return { update: false, reason: 'no-start-time' };
    if (nowMs < pod.startTimeMs + config.podLifetimeUpdateThresholdMs) return { update: false, reason: 'short-lived' };
    if (priority.resourceDiff < config.minChangePriority) return { update: false, reason: 'diff-too-low' };
  }
  if (quickOom && priority.resourceDiff === 0) return { update: false, reason: 'quick-oom-no-change' };
  return { update: true };
}

/** PodPriority.Less: a pod wanting to grow ranks higher; then the larger resourceDiff. */
export function priorityLess(p: PodPriority, other: PodPriority): boolean {
  if (p.scaleUp !== other.scaleUp) return other.scaleUp;
  return p.resourceDiff < other.resourceDiff;
}

/** Comparator for sorting by priority, highest first. */
export function compareByPriorityDesc(a: PodPriority, b: PodPriority): number {
  if (priorityLess(b, a)) return -1;
  if (priorityLess(a, b)) return 1;
  return 0;
}

export interface UpdateCandidate<P extends UpdaterPod = UpdaterPod> {
  readonly pod: P;
  readonly recommendations: readonly ContainerRecommendation[];
}

export interface PrioritizedPod<P extends UpdaterPod = UpdaterPod> {
  readonly pod: P;
  readonly priority: PodPriority;
}

/**
 * The update queue of one VPA: the pods accepted by `shouldUpdatePod`, highest priority first
 * (stable for equal priorities). `priorityOf` replaces the priority processor (tests inject fixed
 * priorities as upstream's fake processor does).
 */
export function updateQueue<P extends UpdaterPod>(
  candidates: readonly UpdateCandidate<P>[],
  nowMs: number,
  options: {
    readonly config?: UpdateConfig | undefined;
    readonly scalingModeOffContainers?: readonly string[] | undefined;
    readonly priorityOf?: ((candidate: UpdateCandidate<P>) => PodPriority) | undefined;
    readonly admit?: ((pod: P) => boolean) | undefined;
  } = {},
): PrioritizedPod<P>[] {
  const config = options.config ?? DEFAULT_UPDATE_CONFIG;
  const accepted: PrioritizedPod<P>[] = [];
  for (const candidate of candidates) {
    const priority = options.priorityOf?.(candidate) ?? getUpdatePriority(candidate.pod, candidate.recommendations);
    const quickOom = hasQuickOom(candidate.pod, config, options.scalingModeOffContainers);
    if (shouldUpdatePod(priority, candidate.pod, nowMs, quickOom, config).update) accepted.push({ pod: candidate.pod, priority });
  }
  const sorted = accepted
    .map((entry, i) => ({ entry, i }))
    .sort((a, b) => compareByPriorityDesc(a.entry.priority, b.entry.priority) || a.i - b.i)
    .map(({ entry }) => entry);
  return options.admit === undefined ? sorted : sorted.filter((e) => (options.admit as (pod: P) => boolean)(e.pod));
}

// ---------------------------------------------------------------------------------------------
// Eviction restriction

export interface ReplicaGroupPod {
  readonly id: string;
  readonly pending: boolean;
}

export interface ReplicaGroup {
  readonly id: string;
  /** Replicas configured on the controller (for a Job: the number of live pods). */
  readonly configuredReplicas: number;
  /** The group's live pods. */
  readonly pods: readonly ReplicaGroupPod[];
}

export interface GroupStats {
  readonly configured: number;
  readonly pending: number;
  readonly running: number;
  readonly evictionTolerance: number;
  evicted: number;
}

export interface EvictionRestriction {
  readonly groups: Record<string, GroupStats>;
  /** Pod id → group id and whether the pod is pending. */
  readonly pods: Record<string, { readonly group: string; readonly pending: boolean }>;
}

export interface EvictionConfig {
  /** --min-replicas (per-VPA updatePolicy.minReplicas overrides). */
  readonly minReplicas: number;
  /** --eviction-tolerance. */
  readonly evictionToleranceFraction: number;
}

export const DEFAULT_EVICTION_CONFIG: EvictionConfig = { minReplicas: 2, evictionToleranceFraction: 0.5 };

/** int(configured × fraction), truncated. */
export function evictionTolerance(configuredReplicas: number, fraction: number = DEFAULT_EVICTION_CONFIG.evictionToleranceFraction): number {
  return Math.trunc(configuredReplicas * fraction);
}

/**
 * GetCreatorMaps: per controller, the stats of its live pods. A controller with fewer live pods
 * than minReplicas is left out entirely, so none of its pods (not even pending ones) can be evicted.
 */
export function createEvictionRestriction(groups: readonly ReplicaGroup[], config: EvictionConfig = DEFAULT_EVICTION_CONFIG): EvictionRestriction {
  const restriction: EvictionRestriction = { groups: {}, pods: {} };
  for (const group of groups) {
    if (group.pods.length < config.minReplicas) continue;
    const pending = group.pods.filter((p) => p.pending).length;
    restriction.groups[group.id] = {
      configured: group.configuredReplicas,
      pending,
      running: group.pods.length - pending,
      evictionTolerance: evictionTolerance(group.configuredReplicas, config.evictionToleranceFraction),
      evicted: 0,
    };
    for (const pod of group.pods) restriction.pods[pod.id] = { group: group.id, pending: pod.pending };
  }
  return restriction;
}

/**
 * isPodDisruptable: more pods alive (running − evicted) than configured − tolerance; or, when the
 * tolerance is 0, one eviction while all configured replicas run and none was evicted yet.
 */
export function isGroupDisruptable(stats: GroupStats): boolean {
  const shouldBeAlive = stats.configured - stats.evictionTolerance;
  const actuallyAlive = stats.running - stats.evicted;
  return actuallyAlive > shouldBeAlive || (stats.configured === stats.running && stats.evictionTolerance === 0 && stats.evicted === 0);
}

/** CanEvict: pending pods always (of a tracked group); others while the group is disruptable. */
export function canEvict(restriction: EvictionRestriction, podId: string): boolean {
  const pod = restriction.pods[podId];
  if (pod === undefined) return false;
  if (pod.pending) return true;
  const stats = restriction.groups[pod.group];
  return stats !== undefined && isGroupDisruptable(stats);
}

/** Evict: if allowed, counts the eviction (running pods only) in the restriction (updated in place). Returns success. */
export function evict(restriction: EvictionRestriction, podId: string): boolean {
  if (!canEvict(restriction, podId)) return false;
  const pod = restriction.pods[podId] as { group: string; pending: boolean };
  if (!pod.pending) (restriction.groups[pod.group] as GroupStats).evicted++;
  return true;
}
