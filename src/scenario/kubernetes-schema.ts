// Schemas of the Kubernetes manifests a scenario may contain, as `kubectl apply` takes them.
// The fields podsim models are typed; fields of the real API that podsim accepts but ignores are
// listed as `ignored` so that real manifests load unchanged while a misspelt key is still an
// error. API references: Kubernetes v1.35 API (core/v1, apps/v1, batch/v1, policy/v1,
// autoscaling/v2, autoscaling.k8s.io/v1 for the VPA).

import { z } from 'zod';
import { cpu, intOrPercent } from './fields.js';
import { milliValue, QUANTITY_FORMS, QuantityError, value as quantityValue } from './quantity.js';

const ignored = z.unknown().optional().meta({ description: 'Accepted for compatibility; not modelled by podsim.' });
const labels = z.record(z.string(), z.string());
const name = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { message: 'expected a DNS-1123 name: lower-case letters, digits, "-" and "."' });

export const objectMeta = z.strictObject({
  name,
  namespace: z.string().optional(),
  labels: labels.optional(),
  annotations: labels.optional(),
  generateName: ignored,
  uid: ignored,
  resourceVersion: ignored,
  generation: ignored,
  creationTimestamp: ignored,
  ownerReferences: ignored,
  finalizers: ignored,
  managedFields: ignored,
});

/** A ResourceList: cpu in millicores; memory, pods and extended resources in whole units. */
export const resourceList = z.record(z.string(), z.union([z.string(), z.number()])).transform((list, ctx) => {
  const out: Record<string, number> = {};
  for (const [resource, raw] of Object.entries(list)) {
    try {
      const amount = resource === 'cpu' ? milliValue(raw) : quantityValue(raw);
      if (amount < 0) throw new Error('it is negative');
      out[resource] = amount;
    } catch (error) {
      ctx.addIssue({
        code: 'custom',
        path: [resource],
        message: `expected ${QUANTITY_FORMS} for ${resource}, found ${JSON.stringify(raw)} (${error instanceof QuantityError ? error.reason : (error as Error).message})`,
      });
    }
  }
  return out;
});

export const labelSelectorRequirement = z.strictObject({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
  values: z.array(z.string()).optional(),
});

export const labelSelector = z.strictObject({
  matchLabels: labels.optional(),
  matchExpressions: z.array(labelSelectorRequirement).optional(),
});

const nodeSelectorRequirement = z.strictObject({
  key: z.string(),
  operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']),
  values: z.array(z.string()).optional(),
});
const nodeSelectorTerm = z.strictObject({
  matchExpressions: z.array(nodeSelectorRequirement).optional(),
  matchFields: z.array(nodeSelectorRequirement).optional(),
});

const podAffinityTerm = z.strictObject({
  labelSelector: labelSelector.optional(),
  topologyKey: z.string().min(1),
  namespaces: z.array(z.string()).optional(),
  namespaceSelector: labelSelector.optional(),
  matchLabelKeys: z.array(z.string()).optional(),
  mismatchLabelKeys: z.array(z.string()).optional(),
});
const weightedPodAffinityTerm = z.strictObject({
  weight: z.number().int().min(1).max(100),
  podAffinityTerm,
});
const podAffinity = z.strictObject({
  requiredDuringSchedulingIgnoredDuringExecution: z.array(podAffinityTerm).optional(),
  preferredDuringSchedulingIgnoredDuringExecution: z.array(weightedPodAffinityTerm).optional(),
});

export const affinity = z.strictObject({
  nodeAffinity: z
    .strictObject({
      requiredDuringSchedulingIgnoredDuringExecution: z.strictObject({ nodeSelectorTerms: z.array(nodeSelectorTerm) }).optional(),
      preferredDuringSchedulingIgnoredDuringExecution: z
        .array(z.strictObject({ weight: z.number().int().min(1).max(100), preference: nodeSelectorTerm }))
        .optional(),
    })
    .optional(),
  podAffinity: podAffinity.optional(),
  podAntiAffinity: podAffinity.optional(),
});

export const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Exists', 'Equal']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute', '']).optional(),
  tolerationSeconds: z.number().int().optional(),
});

export const topologySpreadConstraint = z.strictObject({
  maxSkew: z.number().int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: labelSelector.optional(),
  minDomains: z.number().int().min(1).optional(),
  nodeAffinityPolicy: z.enum(['Honor', 'Ignore']).optional(),
  nodeTaintsPolicy: z.enum(['Honor', 'Ignore']).optional(),
  matchLabelKeys: z.array(z.string()).optional(),
});

export const probe = z.strictObject({
  initialDelaySeconds: z.number().int().min(0).optional(),
  periodSeconds: z.number().int().min(1).optional(),
  timeoutSeconds: z.number().int().min(1).optional(),
  successThreshold: z.number().int().min(1).optional(),
  failureThreshold: z.number().int().min(1).optional(),
  terminationGracePeriodSeconds: z.number().int().min(0).optional(),
  exec: ignored,
  httpGet: ignored,
  tcpSocket: ignored,
  grpc: ignored,
});

export const container = z.strictObject({
  name,
  image: z.string().min(1),
  resources: z
    .strictObject({ requests: resourceList.optional(), limits: resourceList.optional(), claims: ignored })
    .optional(),
  readinessProbe: probe.optional(),
  livenessProbe: probe.optional(),
  startupProbe: probe.optional(),
  restartPolicy: z.enum(['Always']).optional(),
  imagePullPolicy: z.enum(['Always', 'IfNotPresent', 'Never']).optional(),
  args: ignored,
  command: ignored,
  env: ignored,
  envFrom: ignored,
  lifecycle: ignored,
  ports: ignored,
  resizePolicy: ignored,
  securityContext: ignored,
  stdin: ignored,
  stdinOnce: ignored,
  terminationMessagePath: ignored,
  terminationMessagePolicy: ignored,
  tty: ignored,
  volumeDevices: ignored,
  volumeMounts: ignored,
  workingDir: ignored,
});

export const podSpec = z.strictObject({
  containers: z.array(container).min(1),
  initContainers: z.array(container).optional(),
  nodeName: z.string().optional(),
  nodeSelector: labels.optional(),
  affinity: affinity.optional(),
  tolerations: z.array(toleration).optional(),
  topologySpreadConstraints: z.array(topologySpreadConstraint).optional(),
  priority: z.number().int().optional(),
  priorityClassName: z.string().optional(),
  terminationGracePeriodSeconds: z.number().int().min(0).optional(),
  restartPolicy: z.enum(['Always', 'OnFailure', 'Never']).optional(),
  schedulerName: z.string().optional(),
  overhead: resourceList.optional(),
  volumes: ignored,
  activeDeadlineSeconds: ignored,
  automountServiceAccountToken: ignored,
  dnsConfig: ignored,
  dnsPolicy: ignored,
  enableServiceLinks: ignored,
  ephemeralContainers: ignored,
  hostAliases: ignored,
  hostIPC: ignored,
  hostNetwork: ignored,
  hostPID: ignored,
  hostUsers: ignored,
  hostname: ignored,
  imagePullSecrets: ignored,
  os: ignored,
  preemptionPolicy: ignored,
  readinessGates: ignored,
  resourceClaims: ignored,
  resources: ignored,
  runtimeClassName: ignored,
  schedulingGates: ignored,
  securityContext: ignored,
  serviceAccount: ignored,
  serviceAccountName: ignored,
  setHostnameAsFQDN: ignored,
  shareProcessNamespace: ignored,
  subdomain: ignored,
});

export const podTemplate = z.strictObject({
  metadata: z.strictObject({ labels: labels.optional(), annotations: labels.optional(), name: ignored }).optional(),
  spec: podSpec,
});

const header = <K extends string, V extends string>(apiVersion: V, kind: K) => ({
  apiVersion: z.literal(apiVersion),
  kind: z.literal(kind),
  metadata: objectMeta,
  status: ignored,
});

export const deployment = z.strictObject({
  ...header('apps/v1', 'Deployment'),
  spec: z.strictObject({
    replicas: z.number().int().min(0).optional(),
    selector: labelSelector,
    template: podTemplate,
    strategy: z
      .strictObject({
        type: z.enum(['RollingUpdate', 'Recreate']).optional(),
        rollingUpdate: z.strictObject({ maxSurge: intOrPercent().optional(), maxUnavailable: intOrPercent().optional() }).optional(),
      })
      .optional(),
    minReadySeconds: z.number().int().min(0).optional(),
    revisionHistoryLimit: z.number().int().min(0).optional(),
    progressDeadlineSeconds: z.number().int().min(1).optional(),
    paused: z.boolean().optional(),
  }),
});

const persistentVolumeClaimTemplate = z.strictObject({
  apiVersion: ignored,
  kind: ignored,
  metadata: z.strictObject({ name, labels: labels.optional(), annotations: labels.optional() }),
  spec: z.strictObject({
    accessModes: z.array(z.string()).optional(),
    storageClassName: z.string().optional(),
    resources: z.strictObject({ requests: resourceList.optional(), limits: resourceList.optional() }).optional(),
    volumeMode: ignored,
    selector: ignored,
    dataSource: ignored,
    dataSourceRef: ignored,
    volumeName: ignored,
    volumeAttributesClassName: ignored,
  }),
});

export const statefulSet = z.strictObject({
  ...header('apps/v1', 'StatefulSet'),
  spec: z.strictObject({
    replicas: z.number().int().min(0).optional(),
    selector: labelSelector,
    template: podTemplate,
    serviceName: z.string().optional(),
    podManagementPolicy: z.enum(['OrderedReady', 'Parallel']).optional(),
    updateStrategy: ignored,
    volumeClaimTemplates: z.array(persistentVolumeClaimTemplate).optional(),
    minReadySeconds: z.number().int().min(0).optional(),
    revisionHistoryLimit: z.number().int().min(0).optional(),
    persistentVolumeClaimRetentionPolicy: ignored,
    ordinals: ignored,
  }),
});

export const daemonSet = z.strictObject({
  ...header('apps/v1', 'DaemonSet'),
  spec: z.strictObject({
    selector: labelSelector,
    template: podTemplate,
    updateStrategy: ignored,
    minReadySeconds: z.number().int().min(0).optional(),
    revisionHistoryLimit: z.number().int().min(0).optional(),
  }),
});

export const job = z.strictObject({
  ...header('batch/v1', 'Job'),
  spec: z.strictObject({
    completions: z.number().int().min(0).optional(),
    parallelism: z.number().int().min(0).optional(),
    backoffLimit: z.number().int().min(0).optional(),
    activeDeadlineSeconds: z.number().int().min(1).optional(),
    ttlSecondsAfterFinished: z.number().int().min(0).optional(),
    completionMode: z.enum(['NonIndexed', 'Indexed']).optional(),
    template: podTemplate,
    selector: labelSelector.optional(),
    manualSelector: ignored,
    suspend: z.boolean().optional(),
    podFailurePolicy: ignored,
    podReplacementPolicy: ignored,
    backoffLimitPerIndex: ignored,
    maxFailedIndexes: ignored,
    successPolicy: ignored,
    managedBy: ignored,
  }),
});

export const service = z.strictObject({
  ...header('v1', 'Service'),
  spec: z.strictObject({
    selector: labels.optional(),
    type: z.enum(['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']).optional(),
    ports: z
      .array(
        z.strictObject({
          port: z.number().int().min(1).max(65535),
          targetPort: z.union([z.number().int(), z.string()]).optional(),
          protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
          name: z.string().optional(),
          nodePort: z.number().int().optional(),
          appProtocol: ignored,
        }),
      )
      .optional(),
    clusterIP: ignored,
    clusterIPs: ignored,
    externalIPs: ignored,
    externalName: ignored,
    externalTrafficPolicy: ignored,
    internalTrafficPolicy: ignored,
    healthCheckNodePort: ignored,
    ipFamilies: ignored,
    ipFamilyPolicy: ignored,
    loadBalancerClass: ignored,
    loadBalancerIP: ignored,
    loadBalancerSourceRanges: ignored,
    publishNotReadyAddresses: z.boolean().optional(),
    sessionAffinity: ignored,
    sessionAffinityConfig: ignored,
    trafficDistribution: ignored,
    allocateLoadBalancerNodePorts: ignored,
  }),
});

export const podDisruptionBudget = z.strictObject({
  ...header('policy/v1', 'PodDisruptionBudget'),
  spec: z.strictObject({
    selector: labelSelector,
    minAvailable: intOrPercent().optional(),
    maxUnavailable: intOrPercent().optional(),
    unhealthyPodEvictionPolicy: z.enum(['IfHealthyBudget', 'AlwaysAllow']).optional(),
  }),
});

const crossVersionObjectReference = z.strictObject({
  apiVersion: z.string().optional(),
  kind: z.string(),
  name,
});
const metricTarget = z.strictObject({
  type: z.enum(['Utilization', 'Value', 'AverageValue']),
  averageUtilization: z.number().int().min(1).optional(),
  value: z.union([z.string(), z.number()]).optional(),
  averageValue: z.union([z.string(), z.number()]).optional(),
});
const metricIdentifier = z.strictObject({ name: z.string(), selector: labelSelector.optional() });
const hpaScalingRules = z.strictObject({
  stabilizationWindowSeconds: z.number().int().min(0).max(3600).optional(),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']).optional(),
  policies: z
    .array(z.strictObject({ type: z.enum(['Pods', 'Percent']), value: z.number().int().min(1), periodSeconds: z.number().int().min(1).max(1800) }))
    .optional(),
  tolerance: z.union([z.string(), z.number()]).optional(),
});

export const horizontalPodAutoscaler = z.strictObject({
  ...header('autoscaling/v2', 'HorizontalPodAutoscaler'),
  spec: z.strictObject({
    scaleTargetRef: crossVersionObjectReference,
    minReplicas: z.number().int().min(0).optional(),
    maxReplicas: z.number().int().min(1),
    metrics: z
      .array(
        z.strictObject({
          type: z.enum(['Resource', 'ContainerResource', 'Pods', 'Object', 'External']),
          resource: z.strictObject({ name: z.string(), target: metricTarget }).optional(),
          containerResource: z.strictObject({ name: z.string(), container: z.string(), target: metricTarget }).optional(),
          pods: z.strictObject({ metric: metricIdentifier, target: metricTarget }).optional(),
          object: z.strictObject({ describedObject: crossVersionObjectReference, metric: metricIdentifier, target: metricTarget }).optional(),
          external: z.strictObject({ metric: metricIdentifier, target: metricTarget }).optional(),
        }),
      )
      .optional(),
    behavior: z.strictObject({ scaleUp: hpaScalingRules.optional(), scaleDown: hpaScalingRules.optional() }).optional(),
  }),
});

const containerResourcePolicy = z.strictObject({
  containerName: z.string(),
  mode: z.enum(['Auto', 'Off']).optional(),
  minAllowed: z.strictObject({ cpu: cpu().optional(), memory: z.union([z.string(), z.number()]).optional() }).optional(),
  maxAllowed: z.strictObject({ cpu: cpu().optional(), memory: z.union([z.string(), z.number()]).optional() }).optional(),
  controlledResources: z.array(z.enum(['cpu', 'memory'])).optional(),
  controlledValues: z.enum(['RequestsAndLimits', 'RequestsOnly']).optional(),
});

export const verticalPodAutoscaler = z.strictObject({
  ...header('autoscaling.k8s.io/v1', 'VerticalPodAutoscaler'),
  spec: z.strictObject({
    targetRef: crossVersionObjectReference,
    updatePolicy: z
      .strictObject({
        updateMode: z.enum(['Off', 'Initial', 'Recreate', 'Auto', 'InPlaceOrRecreate']).optional(),
        minReplicas: z.number().int().min(1).optional(),
        evictionRequirements: ignored,
      })
      .optional(),
    resourcePolicy: z.strictObject({ containerPolicies: z.array(containerResourcePolicy).optional() }).optional(),
    recommenders: ignored,
  }),
});

/** Every manifest kind podsim reads, by kind. */
export const MANIFEST_SCHEMAS = {
  Deployment: deployment,
  StatefulSet: statefulSet,
  DaemonSet: daemonSet,
  Job: job,
  Service: service,
  PodDisruptionBudget: podDisruptionBudget,
  HorizontalPodAutoscaler: horizontalPodAutoscaler,
  VerticalPodAutoscaler: verticalPodAutoscaler,
} as const;

export type ManifestKind = keyof typeof MANIFEST_SCHEMAS;
export type Manifest = z.output<(typeof MANIFEST_SCHEMAS)[ManifestKind]>;
export type Deployment = z.output<typeof deployment>;
export type StatefulSet = z.output<typeof statefulSet>;
export type DaemonSet = z.output<typeof daemonSet>;
export type Job = z.output<typeof job>;
export type Service = z.output<typeof service>;
export type PodDisruptionBudget = z.output<typeof podDisruptionBudget>;
export type HorizontalPodAutoscaler = z.output<typeof horizontalPodAutoscaler>;
export type VerticalPodAutoscaler = z.output<typeof verticalPodAutoscaler>;
export type PodSpec = z.output<typeof podSpec>;
export type Container = z.output<typeof container>;

/** A manifest of any supported kind: one schema, selected by `kind`. */
export const manifest = z.discriminatedUnion('kind', [
  deployment,
  statefulSet,
  daemonSet,
  job,
  service,
  podDisruptionBudget,
  horizontalPodAutoscaler,
  verticalPodAutoscaler,
]);
