// What the Kubernetes world is built from: plain settings in podsim's units (milliseconds,
// millicores, bytes). The scenario layer fills these from a scenario file and its defaults;
// models never read scenario files themselves.

import type { Distribution, Millis } from '../kernel/index.js';
import type { ApiObject } from './api/objects.js';
import type { LabelSelector } from './api/selectors.js';
import type { ClusterAutoscalerSettings } from './autoscaling/cluster-autoscaler/cluster-autoscaler.js';
import type { TrafficConfig } from './traffic.js';

export interface ControlPlaneSettings {
  nodeLeaseDuration: Millis;
  nodeStatusUpdateFrequency: Millis;
  nodeStatusReportFrequency: Millis;
  nodeMonitorPeriod: Millis;
  nodeMonitorGracePeriod: Millis;
  nodeStartupGracePeriod: Millis;
  nodeEvictionRate: number;
  secondaryNodeEvictionRate: number;
  unhealthyZoneThreshold: number;
  largeClusterSizeThreshold: number;
  defaultNotReadyTolerationSeconds: number;
  defaultUnreachableTolerationSeconds: number;
  scheduler: {
    scoringStrategy: 'LeastAllocated' | 'MostAllocated' | 'RequestedToCapacityRatio';
    percentageOfNodesToScore: number;
    resources?: Array<{ name: string; weight: number }> | undefined;
    shape?: Array<{ utilization: number; score: number }> | undefined;
    pluginWeights?: Partial<Record<string, number>> | undefined;
  };
}

export interface Resources {
  cpu: number; // millicores
  memory: number; // bytes
  pods: number;
}

export interface Taint {
  key: string;
  value?: string | undefined;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface NodePoolConfig {
  name: string;
  count: number;
  zones: string[];
  instanceType: string;
  capacity: Resources;
  allocatable: Resources;
  pricePerHour: number;
  spot: boolean;
  provisioningTime: Distribution;
  labels: Record<string, string>;
  taints: Taint[];
  /** Node group bounds for the cluster autoscaler (no autoscaling when absent). */
  autoscaling?: { min: number; max: number } | undefined;
}

export type NodeCrashConfig =
  | { kind: 'scheduled'; node: string; at: Millis; repairTime: Distribution | undefined }
  | { kind: 'stochastic'; pools: string[]; timeBetweenFailures: Distribution; repairTime: Distribution };

export interface ContainerCrashConfig {
  namespace: string;
  /** The pods whose containers crash (the workload's selector). */
  selector: LabelSelector;
  /** Running time of a container until it crashes. */
  timeBetweenFailures: Distribution;
}

export interface ScheduledChange {
  /** Time of day (ms after midnight). */
  timeOfDay: Millis;
  /** Days of the week it applies, 0 = Monday … 6 = Sunday; all days when empty. */
  days: number[];
  /** Set a node pool's autoscaling bounds … */
  pool?: { name: string; min: number; max: number } | undefined;
  /** … or a Deployment's / StatefulSet's replicas. */
  workload?: { kind: 'Deployment' | 'StatefulSet'; namespace: string; name: string; replicas: number } | undefined;
}

export interface ClusterConfig {
  controlPlane: ControlPlaneSettings;
  podStartup: { imagePull: Distribution; containerStart: Distribution };
  nodePools: NodePoolConfig[];
  /** API objects created at time 0 (workloads, Services, PDBs), defaults applied. */
  objects: ApiObject[];
  nodeCrashes: NodeCrashConfig[];
  /** KubeletStall faults, in NodeCrash's shape: repairTime is how long the stall lasts. */
  kubeletStalls: NodeCrashConfig[];
  containerCrashes: ContainerCrashConfig[];
  traffic: TrafficConfig[];
  /** Cluster autoscaler settings that differ from its defaults. */
  clusterAutoscaler?: Partial<ClusterAutoscalerSettings> | undefined;
  /** Changes at times of day / days of the week (time 0 is Monday 00:00). */
  scheduledScaling: ScheduledChange[];
  /** Relative noise of metrics-server samples (default 0.05). */
  metricsNoise?: number | undefined;
}
