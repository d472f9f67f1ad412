// Cluster Autoscaler node utilization for scale-down: the larger of the cpu and memory request
// fractions of a node, and the "at or below the threshold" candidate check.
//
// Upstream:
//   kubernetes/autoscaler cluster-autoscaler/simulator/utilization/info.go
//     Calculate, CalculateUtilizationOfResource
//   kubernetes/autoscaler cluster-autoscaler/utils/drain/drain.go
//     IsPodLongTerminating (deletion + grace period + PodLongTerminatingExtraThreshold 30s)
//   kubernetes-sigs/cluster-autoscaler pkg/core/scaledown/eligibility/eligibility.go
//     isNodeAtOrBelowUtilizationThreshold (utilization > threshold → not underutilized)
//
// Simplifications: a pod carries its effective requests (resourcehelper.PodRequests: containers,
// restartable init containers, overhead) already summed; GPU and DRA utilization are not
// modelled; a node with missing or zero allocatable yields undefined (upstream: an error, which
// makes the node unremovable).

export interface UtilizationPod {
  readonly cpuMilli: number;
  readonly memoryBytes: number;
  /** Owned by a DaemonSet (or annotated cluster-autoscaler.kubernetes.io/daemonset-pod=true). */
  readonly daemonSet?: boolean | undefined;
  /** A static pod's mirror (annotation kubernetes.io/config.mirror). */
  readonly mirror?: boolean | undefined;
  /** metadata.deletionTimestamp, virtual ms. */
  readonly deletionTimestampMs?: number | undefined;
  /** spec.terminationGracePeriodSeconds in ms; default 30 s. */
  readonly terminationGracePeriodMs?: number | undefined;
}

export interface UtilizationOptions {
  /** `--ignore-daemonsets-utilization` (default false). */
  readonly skipDaemonSetPods?: boolean | undefined;
  /** `--ignore-mirror-pods-utilization` (default false). */
  readonly skipMirrorPods?: boolean | undefined;
  /** Current virtual time (for long-terminating pods). */
  readonly nowMs: number;
}

export interface UtilizationInfo {
  readonly cpu: number;
  readonly memory: number;
  /** The resource with the higher utilization; memory on a tie. */
  readonly resource: 'cpu' | 'memory';
  /** max(cpu, memory). */
  readonly utilization: number;
}

export const DEFAULT_TERMINATION_GRACE_PERIOD_MS = 30_000;
export const POD_LONG_TERMINATING_EXTRA_THRESHOLD_MS = 30_000;
/** `--scale-down-utilization-threshold` default. */
export const DEFAULT_SCALE_DOWN_UTILIZATION_THRESHOLD = 0.5;

/** drain.IsPodLongTerminating: deleted, and deletion + grace period + 30 s is before now. */
export function isPodLongTerminating(pod: UtilizationPod, nowMs: number): boolean {
  if (pod.deletionTimestampMs === undefined) return false;
  const grace = pod.terminationGracePeriodMs ?? DEFAULT_TERMINATION_GRACE_PERIOD_MS;
  return pod.deletionTimestampMs + grace + POD_LONG_TERMINATING_EXTRA_THRESHOLD_MS < nowMs;
}

/**
 * CalculateUtilizationOfResource: Σ requests of the counted pods / (allocatable − requests of the
 * skipped DaemonSet and mirror pods). Long-terminating pods are not counted. Undefined when the
 * allocatable is zero or missing.
 */
export function resourceUtilization(
  allocatable: number | undefined,
  pods: readonly UtilizationPod[],
  request: (pod: UtilizationPod) => number,
  options: UtilizationOptions,
): number | undefined {
  if (allocatable === undefined || allocatable === 0) return undefined;
  let requested = 0;
  let skipped = 0;
  for (const pod of pods) {
    const value = request(pod);
    if (options.skipDaemonSetPods === true && pod.daemonSet === true) {
      skipped += value;
      continue;
    }
    if (options.skipMirrorPods === true && pod.mirror === true) {
      skipped += value;
      continue;
    }
    if (isPodLongTerminating(pod, options.nowMs)) continue;
    requested += value;
  }
  return requested / (allocatable - skipped);
}

/** utilization.Calculate for a node without GPUs: max of the cpu and memory utilizations. */
export function nodeUtilization(
  allocatable: { readonly cpuMilli?: number | undefined; readonly memoryBytes?: number | undefined },
  pods: readonly UtilizationPod[],
  options: UtilizationOptions,
): UtilizationInfo | undefined {
  const cpu = resourceUtilization(allocatable.cpuMilli, pods, (p) => p.cpuMilli, options);
  if (cpu === undefined) return undefined;
  const memory = resourceUtilization(allocatable.memoryBytes, pods, (p) => p.memoryBytes, options);
  if (memory === undefined) return undefined;
  return cpu > memory ? { cpu, memory, resource: 'cpu', utilization: cpu } : { cpu, memory, resource: 'memory', utilization: memory };
}

/** isNodeAtOrBelowUtilizationThreshold: a scale-down candidate by utilization iff utilization ≤ threshold. */
export function isAtOrBelowUtilizationThreshold(utilization: number, threshold: number = DEFAULT_SCALE_DOWN_UTILIZATION_THRESHOLD): boolean {
  return !(utilization > threshold);
}

/**
 * The utilization part of the scale-down eligibility check: the node's utilization can be
 * computed and is at or below the threshold. (Whether its pods can move elsewhere, PDBs and
 * blocking pods are separate checks.)
 */
export function isUnderutilized(
  allocatable: { readonly cpuMilli?: number | undefined; readonly memoryBytes?: number | undefined },
  pods: readonly UtilizationPod[],
  options: UtilizationOptions & { readonly threshold?: number | undefined },
): boolean {
  const info = nodeUtilization(allocatable, pods, options);
  return info !== undefined && isAtOrBelowUtilizationThreshold(info.utilization, options.threshold);
}
