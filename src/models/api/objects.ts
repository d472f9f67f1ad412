// The API objects of the simulated cluster: typed, minimal versions of the Kubernetes kinds,
// holding what podsim models. Specs arrive with defaults applied (the scenario layer resolves
// them); durations are virtual milliseconds, CPU millicores, memory bytes.
//
// Simplifications: one flat namespace per object kind plus the manifest's namespace in the key;
// conditions are flattened into fields (status.ready instead of a conditions list); a Service's
// endpoints are an Endpoints object with ready / not-ready pod names (no EndpointSlices).

import type { Distribution, Millis } from '../../kernel/index.js';
import type { Resources } from '../config.js';
import type { LabelSelector, Labels, NodeSelectorTerm } from './selectors.js';
import type { Taint, Toleration } from './taints.js';
import type { HPABehavior } from '../autoscaling/hpa/behavior.js';

export interface OwnerReference {
  kind: string;
  name: string;
  uid: number;
}

export interface ObjectMeta {
  name: string;
  namespace: string;
  uid: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  resourceVersion: number;
  generation: number;
  creationTimestamp: Millis;
  deletionTimestamp?: Millis | undefined;
  /** Grace period granted at deletion (ms). */
  deletionGracePeriod?: Millis | undefined;
  ownerReference?: OwnerReference | undefined;
}

// ---- pods ----------------------------------------------------------------------------------

export interface ProbeSpec {
  initialDelay: Millis;
  period: Millis;
  failureThreshold: number;
  successThreshold: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  requests: Record<string, number>;
  limits: Record<string, number>;
  readinessProbe?: ProbeSpec | undefined;
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector | undefined;
  topologyKey: string;
  namespaces?: string[] | undefined;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  podAffinityTerm: PodAffinityTerm;
}

export interface PodAffinityRules {
  requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[] | undefined;
  preferredDuringSchedulingIgnoredDuringExecution?: WeightedPodAffinityTerm[] | undefined;
}

export interface Affinity {
  nodeAffinity?:
    | {
        requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: NodeSelectorTerm[] } | undefined;
        preferredDuringSchedulingIgnoredDuringExecution?: Array<{ weight: number; preference: NodeSelectorTerm }> | undefined;
      }
    | undefined;
  podAffinity?: PodAffinityRules | undefined;
  podAntiAffinity?: PodAffinityRules | undefined;
}

export interface TopologySpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  labelSelector?: LabelSelector | undefined;
  minDomains?: number | undefined;
}

export interface PodSpec {
  nodeName?: string | undefined;
  containers: ContainerSpec[];
  initContainers: ContainerSpec[];
  nodeSelector?: Labels | undefined;
  affinity?: Affinity | undefined;
  tolerations: Toleration[];
  topologySpreadConstraints: TopologySpreadConstraint[];
  priority: number;
  terminationGracePeriod: Millis;
  restartPolicy: 'Always' | 'OnFailure' | 'Never';
  /** Names of the PersistentVolumeClaims the pod mounts. */
  volumeClaims: string[];
  overhead?: Record<string, number> | undefined;
  /** podsim: how long a Job pod's work takes (Job pods only). */
  runDuration?: Distribution | undefined;
  /** podsim: what the pod uses with no traffic (millicores, bytes); traffic adds CPU. */
  baseUsage: { cpu: number; memory: number };
}

export interface PodTemplate {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  spec: PodSpec;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

export interface PodStatus {
  phase: PodPhase;
  /** PodScheduled condition. */
  scheduled: boolean;
  /** Why the scheduler could not place the pod (its last attempt). */
  unschedulableReason?: string | undefined;
  /** Ready condition and when it last changed. */
  ready: boolean;
  readyTransition: Millis;
  /** True once the pod has ever been Ready (HPA's initial-readiness rule). */
  everReady: boolean;
  startTime?: Millis | undefined;
  restartCount: number;
  reason?: string | undefined;
}

export interface PodObject {
  kind: 'Pod';
  metadata: ObjectMeta;
  spec: PodSpec;
  status: PodStatus;
}

// ---- nodes ---------------------------------------------------------------------------------

export type ConditionStatus = 'True' | 'False' | 'Unknown';

export interface NodeObject {
  kind: 'Node';
  metadata: ObjectMeta;
  spec: { unschedulable: boolean; taints: Taint[] };
  status: {
    capacity: Resources;
    allocatable: Resources;
    ready: ConditionStatus;
    readyTransition: Millis;
    /** lastHeartbeatTime of the Ready condition (set by the kubelet, kept by the controller). */
    lastHeartbeat: Millis;
    /** False until the kubelet first posts Ready (node-startup-grace-period applies). */
    everPostedReady: boolean;
    /** Images on the node's disk, as the kubelet reports them. */
    images: string[];
  };
  /** Cloud facts (podsim): dense index, pool, zone, price. */
  cloud: {
    index: number;
    pool: string;
    zone: string;
    pricePerHour: number;
    spot: boolean;
    /** When the cloud started billing: the provisioning request. */
    billedFrom: Millis;
    deletedAt?: Millis | undefined;
  };
}

// ---- workloads -----------------------------------------------------------------------------

export interface DeploymentObject {
  kind: 'Deployment';
  metadata: ObjectMeta;
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: PodTemplate;
    strategy: { type: 'RollingUpdate' | 'Recreate'; maxSurge: number | string; maxUnavailable: number | string };
    minReadySeconds: number;
    revisionHistoryLimit: number;
    paused: boolean;
  };
  status: { replicas: number; updatedReplicas: number; readyReplicas: number; availableReplicas: number; revision: number };
}

export interface ReplicaSetObject {
  kind: 'ReplicaSet';
  metadata: ObjectMeta;
  spec: { replicas: number; selector: LabelSelector; template: PodTemplate; minReadySeconds: number; revision: number; templateHash: string };
  status: { replicas: number; readyReplicas: number; availableReplicas: number };
}

export interface VolumeClaimTemplate {
  name: string;
  storage: number;
  storageClassName?: string | undefined;
}

export interface StatefulSetObject {
  kind: 'StatefulSet';
  metadata: ObjectMeta;
  spec: {
    replicas: number;
    selector: LabelSelector;
    template: PodTemplate;
    serviceName: string;
    podManagementPolicy: 'OrderedReady' | 'Parallel';
    volumeClaimTemplates: VolumeClaimTemplate[];
    minReadySeconds: number;
  };
  status: { replicas: number; readyReplicas: number; currentReplicas: number };
}

export interface DaemonSetObject {
  kind: 'DaemonSet';
  metadata: ObjectMeta;
  spec: { selector: LabelSelector; template: PodTemplate };
  status: { desiredNumberScheduled: number; currentNumberScheduled: number; numberReady: number };
}

export interface JobObject {
  kind: 'Job';
  metadata: ObjectMeta;
  spec: {
    completions: number;
    parallelism: number;
    backoffLimit: number;
    activeDeadline?: Millis | undefined;
    template: PodTemplate;
    selector: LabelSelector;
  };
  status: { active: number; succeeded: number; failed: number; completionTime?: Millis | undefined; condition?: 'Complete' | 'Failed' | undefined };
}

export interface ServiceObject {
  kind: 'Service';
  metadata: ObjectMeta;
  spec: { selector?: Labels | undefined; type: 'ClusterIP' | 'NodePort' | 'LoadBalancer' | 'ExternalName'; publishNotReadyAddresses: boolean };
}

export interface EndpointsObject {
  kind: 'Endpoints';
  metadata: ObjectMeta;
  /** Names of the pods behind the Service, ready and not ready (sorted). */
  ready: string[];
  notReady: string[];
}

export interface PersistentVolumeClaimObject {
  kind: 'PersistentVolumeClaim';
  metadata: ObjectMeta;
  spec: { storage: number; storageClassName?: string | undefined };
  status: { phase: 'Pending' | 'Bound'; volumeName?: string | undefined };
}

export interface PersistentVolumeObject {
  kind: 'PersistentVolume';
  metadata: ObjectMeta;
  /** A zonal volume: pods using it can only run in its zone. */
  spec: { storage: number; zone: string; claim: string };
}

export interface PodDisruptionBudgetObject {
  kind: 'PodDisruptionBudget';
  metadata: ObjectMeta;
  spec: {
    selector: LabelSelector;
    minAvailable?: number | string | undefined;
    maxUnavailable?: number | string | undefined;
    unhealthyPodEvictionPolicy: 'IfHealthyBudget' | 'AlwaysAllow';
  };
  status: { currentHealthy: number; desiredHealthy: number; expectedPods: number; disruptionsAllowed: number };
}

export interface HpaMetricSpec {
  type: 'Resource' | 'Pods' | 'Object' | 'External' | 'ContainerResource';
  /** Resource: cpu or memory; Pods / Object / External: the metric's name. */
  name: string;
  target: { type: 'Utilization' | 'Value' | 'AverageValue'; averageUtilization?: number | undefined; valueMilli?: number | undefined; averageValueMilli?: number | undefined };
  /** Object metrics: the object described (a Service). */
  describedObject?: { kind: string; name: string } | undefined;
}

export interface HorizontalPodAutoscalerObject {
  kind: 'HorizontalPodAutoscaler';
  metadata: ObjectMeta;
  spec: {
    scaleTargetRef: { kind: string; name: string };
    minReplicas: number;
    maxReplicas: number;
    metrics: HpaMetricSpec[];
    /** autoscaling/v2 behavior as written (undefined: the legacy path). */
    behavior?: HPABehavior | undefined;
  };
  status: { currentReplicas: number; desiredReplicas: number; lastScaleTime?: Millis | undefined };
}

export interface VpaContainerPolicy {
  containerName: string;
  mode?: 'Auto' | 'Off' | undefined;
  minAllowed?: { cpu?: number | undefined; memory?: number | undefined } | undefined;
  maxAllowed?: { cpu?: number | undefined; memory?: number | undefined } | undefined;
  controlledResources?: Array<'cpu' | 'memory'> | undefined;
}

export interface VerticalPodAutoscalerObject {
  kind: 'VerticalPodAutoscaler';
  metadata: ObjectMeta;
  spec: {
    targetRef: { kind: string; name: string };
    updateMode: 'Off' | 'Initial' | 'Recreate' | 'Auto' | 'InPlaceOrRecreate';
    minReplicas?: number | undefined;
    containerPolicies: VpaContainerPolicy[];
  };
  status: {
    /** Per container: millicores and bytes. */
    recommendation?: Record<string, { target: { cpu?: number | undefined; memory?: number | undefined }; lowerBound: { cpu?: number | undefined; memory?: number | undefined }; upperBound: { cpu?: number | undefined; memory?: number | undefined } }> | undefined;
  };
}

export type ApiObject =
  | PodObject
  | NodeObject
  | DeploymentObject
  | ReplicaSetObject
  | StatefulSetObject
  | DaemonSetObject
  | JobObject
  | ServiceObject
  | EndpointsObject
  | PersistentVolumeClaimObject
  | PersistentVolumeObject
  | PodDisruptionBudgetObject
  | HorizontalPodAutoscalerObject
  | VerticalPodAutoscalerObject;

export type Kind = ApiObject['kind'];
export type ObjectOfKind<K extends Kind> = Extract<ApiObject, { kind: K }>;

export const KINDS: readonly Kind[] = [
  'Node',
  'Pod',
  'Deployment',
  'ReplicaSet',
  'StatefulSet',
  'DaemonSet',
  'Job',
  'Service',
  'Endpoints',
  'PersistentVolumeClaim',
  'PersistentVolume',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'VerticalPodAutoscaler',
];

/** Active pods: not terminating and not finished (what a ReplicaSet counts). */
export function isActive(pod: PodObject): boolean {
  return pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
}

/** The object's key in its kind: namespace/name. */
export function objectKey(meta: { namespace: string; name: string }): string {
  return `${meta.namespace}/${meta.name}`;
}
