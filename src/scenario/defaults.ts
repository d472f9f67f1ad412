// Every Kubernetes default podsim applies, in one place, each with its upstream source
// (see ../shared/k8s-reference.md; "K" = kubernetes/kubernetes). A scenario may override any of
// them under spec.controlPlane; `resolveControlPlane` fills in the rest.

import { HOUR, MINUTE, SECOND, type Millis } from '../kernel/index.js';
import type { ControlPlaneSettings } from '../models/config.js';

export type { ControlPlaneSettings };

export const KUBERNETES_DEFAULTS = {
  /** K pkg/kubelet/apis/config/v1beta1/defaults.go: nodeLeaseDurationSeconds = 40. */
  nodeLeaseDuration: 40 * SECOND,
  /** K pkg/kubelet/kubelet.go: nodeLeaseRenewIntervalFraction = 0.25 (renew every 10 s). */
  nodeLeaseRenewIntervalFraction: 0.25,
  /** K pkg/kubelet/apis/config/v1beta1/defaults.go: nodeStatusUpdateFrequency = 10s. */
  nodeStatusUpdateFrequency: 10 * SECOND,
  /** K pkg/kubelet/apis/config/v1beta1/defaults.go: nodeStatusReportFrequency = 5m. */
  nodeStatusReportFrequency: 5 * MINUTE,
  /** K pkg/controller/nodelifecycle/config/v1alpha1/defaults.go: --node-monitor-period = 5s. */
  nodeMonitorPeriod: 5 * SECOND,
  /** K PR #126287 (v1.32): --node-monitor-grace-period = 50s (40s through v1.31). */
  nodeMonitorGracePeriod: 50 * SECOND,
  /** K pkg/controller/nodelifecycle/config/v1alpha1/defaults.go: --node-startup-grace-period = 60s. */
  nodeStartupGracePeriod: 60 * SECOND,
  /** kube-controller-manager flags: --node-eviction-rate = 0.1 nodes/s per zone. */
  nodeEvictionRate: 0.1,
  /** kube-controller-manager flags: --secondary-node-eviction-rate = 0.01 nodes/s. */
  secondaryNodeEvictionRate: 0.01,
  /** kube-controller-manager flags: --unhealthy-zone-threshold = 0.55. */
  unhealthyZoneThreshold: 0.55,
  /** kube-controller-manager flags: --large-cluster-size-threshold = 50. */
  largeClusterSizeThreshold: 50,
  /** K plugin/pkg/admission/defaulttolerationseconds: --default-not-ready-toleration-seconds = 300. */
  defaultNotReadyTolerationSeconds: 300,
  /** K plugin/pkg/admission/defaulttolerationseconds: --default-unreachable-toleration-seconds = 300. */
  defaultUnreachableTolerationSeconds: 300,
  /** K pkg/kubelet/apis/config/v1beta1/defaults.go: maxPods = 110. */
  maxPods: 110,
  /** K pkg/scheduler/apis/config/v1 defaults: NodeResourcesFit scoringStrategy LeastAllocated. */
  scoringStrategy: 'LeastAllocated',
  /** K pkg/scheduler/apis/config/v1 defaults: percentageOfNodesToScore 0 = adaptive. */
  percentageOfNodesToScore: 0,
  /** K pkg/scheduler/backend/queue/scheduling_queue.go: podInitialBackoffSeconds = 1. */
  podInitialBackoff: 1 * SECOND,
  /** K pkg/scheduler/backend/queue/scheduling_queue.go: podMaxBackoffSeconds = 10. */
  podMaxBackoff: 10 * SECOND,
  /** K pkg/scheduler/backend/queue/scheduling_queue.go: podMaxInUnschedulablePodsDuration = 5m. */
  podMaxInUnschedulablePodsDuration: 5 * MINUTE,
  /** K pkg/apis/core/v1/defaults.go: terminationGracePeriodSeconds = 30. */
  terminationGracePeriodSeconds: 30,
  /** K pkg/apis/apps/v1/defaults.go: Deployment/StatefulSet replicas = 1. */
  replicas: 1,
  /** K pkg/apis/apps/v1/defaults.go: RollingUpdate maxSurge = maxUnavailable = 25%. */
  maxSurge: '25%',
  maxUnavailable: '25%',
  /** K pkg/apis/apps/v1/defaults.go: revisionHistoryLimit = 10. */
  revisionHistoryLimit: 10,
  /** K pkg/apis/batch/v1/defaults.go: Job completions = parallelism = 1, backoffLimit = 6. */
  jobCompletions: 1,
  jobParallelism: 1,
  jobBackoffLimit: 6,
  /** K pkg/apis/core/v1/defaults.go: probe periodSeconds = 10, failureThreshold = 3. */
  probePeriodSeconds: 10,
  probeFailureThreshold: 3,
  /** K pkg/kubelet/kubelet.go: CrashLoopBackOff starts at 10s, caps at 5m, resets after 10m running. */
  crashLoopBackOffInitial: 10 * SECOND,
  crashLoopBackOffMax: 5 * MINUTE,
} as const;

/** podsim's own defaults (not Kubernetes settings): what a scenario leaves out. */
export const PODSIM_DEFAULTS = {
  duration: 24 * HOUR,
  seed: 1,
  outputInterval: 1 * MINUTE,
  currency: 'USD',
  imagePull: 'lognormal(median=5s,p95=20s)',
  containerStart: '1s',
  provisioningTime: 'lognormal(median=90s,p95=3m)',
} as const;

type Partial2<T> = { [K in keyof T]?: T[K] extends object ? Partial<T[K]> : T[K] };

/** Fills every control-plane setting the scenario left out with its Kubernetes default. */
export function resolveControlPlane(given: Partial2<ControlPlaneSettings> | undefined): ControlPlaneSettings {
  const d = KUBERNETES_DEFAULTS;
  const g = given ?? {};
  // kubelet: if nodeStatusUpdateFrequency is set and nodeStatusReportFrequency is not, the report
  // frequency follows the update frequency (backward compatibility, v1beta1/defaults.go).
  const reportFrequency =
    g.nodeStatusReportFrequency ?? (g.nodeStatusUpdateFrequency !== undefined ? g.nodeStatusUpdateFrequency : d.nodeStatusReportFrequency);
  return {
    nodeLeaseDuration: g.nodeLeaseDuration ?? d.nodeLeaseDuration,
    nodeStatusUpdateFrequency: g.nodeStatusUpdateFrequency ?? d.nodeStatusUpdateFrequency,
    nodeStatusReportFrequency: reportFrequency,
    nodeMonitorPeriod: g.nodeMonitorPeriod ?? d.nodeMonitorPeriod,
    nodeMonitorGracePeriod: g.nodeMonitorGracePeriod ?? d.nodeMonitorGracePeriod,
    nodeStartupGracePeriod: g.nodeStartupGracePeriod ?? d.nodeStartupGracePeriod,
    nodeEvictionRate: g.nodeEvictionRate ?? d.nodeEvictionRate,
    secondaryNodeEvictionRate: g.secondaryNodeEvictionRate ?? d.secondaryNodeEvictionRate,
    unhealthyZoneThreshold: g.unhealthyZoneThreshold ?? d.unhealthyZoneThreshold,
    largeClusterSizeThreshold: g.largeClusterSizeThreshold ?? d.largeClusterSizeThreshold,
    defaultNotReadyTolerationSeconds: g.defaultNotReadyTolerationSeconds ?? d.defaultNotReadyTolerationSeconds,
    defaultUnreachableTolerationSeconds: g.defaultUnreachableTolerationSeconds ?? d.defaultUnreachableTolerationSeconds,
    scheduler: {
      scoringStrategy: g.scheduler?.scoringStrategy ?? d.scoringStrategy,
      percentageOfNodesToScore: g.scheduler?.percentageOfNodesToScore ?? d.percentageOfNodesToScore,
      resources: g.scheduler?.resources,
      shape: g.scheduler?.shape,
      pluginWeights: g.scheduler?.pluginWeights,
    },
  };
}

/** The kubelet's lease renew interval: 0.25 × lease duration (10 s by default). */
export function leaseRenewInterval(settings: ControlPlaneSettings): Millis {
  return Math.round(settings.nodeLeaseDuration * KUBERNETES_DEFAULTS.nodeLeaseRenewIntervalFraction);
}
