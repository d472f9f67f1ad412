// The scenario file schema (DESIGN.md section 6): the one source of truth for validation, for the
// TypeScript types (inferred below) and for `podsim schema` (its JSON Schema). Unknown keys are
// errors everywhere. Workloads are validated per kind by kubernetes-schema.ts.

import { z } from 'zod';
import { count, cpu, distribution, duration, fraction, memory } from './fields.js';
import { manifest } from './kubernetes-schema.js';

const dnsName = z
  .string()
  .min(1)
  .max(63)
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'expected a lower-case name of letters, digits and "-"' });

const controlPlane = z.strictObject({
  nodeLeaseDuration: duration().optional().meta({ description: 'kubelet nodeLeaseDurationSeconds (default 40s); renewals every 0.25 of it' }),
  nodeStatusUpdateFrequency: duration().optional().meta({ description: 'kubelet (default 10s)' }),
  nodeStatusReportFrequency: duration().optional().meta({ description: 'kubelet (default 5m)' }),
  nodeMonitorPeriod: duration().optional().meta({ description: 'node lifecycle controller (default 5s)' }),
  nodeMonitorGracePeriod: duration().optional().meta({ description: 'node lifecycle controller (default 50s; 40s before v1.32)' }),
  nodeStartupGracePeriod: duration().optional().meta({ description: 'node lifecycle controller (default 60s)' }),
  nodeEvictionRate: z.number().min(0).optional().meta({ description: 'nodes per second per zone (default 0.1)' }),
  secondaryNodeEvictionRate: z.number().min(0).optional().meta({ description: 'default 0.01' }),
  unhealthyZoneThreshold: z.number().min(0).max(1).optional().meta({ description: 'default 0.55' }),
  largeClusterSizeThreshold: z.number().int().min(0).optional().meta({ description: 'default 50' }),
  defaultNotReadyTolerationSeconds: z.number().int().min(0).optional().meta({ description: 'default 300' }),
  defaultUnreachableTolerationSeconds: z.number().int().min(0).optional().meta({ description: 'default 300' }),
  scheduler: z
    .strictObject({
      scoringStrategy: z.enum(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio']).optional(),
      percentageOfNodesToScore: z.number().int().min(0).max(100).optional(),
      resources: z
        .array(z.strictObject({ name: z.string().min(1), weight: z.number().int().min(1).max(100) }))
        .min(1)
        .optional()
        .meta({ description: 'resources NodeResourcesFit scores, with weights (default cpu 1, memory 1)' }),
      shape: z
        .array(z.strictObject({ utilization: z.number().int().min(0).max(100), score: z.number().int().min(0).max(10) }))
        .min(1)
        .optional()
        .meta({ description: 'RequestedToCapacityRatio shape (default 0→0, 100→10)' }),
      pluginWeights: z
        .strictObject({
          TaintToleration: z.number().int().min(0).max(100).optional(),
          NodeAffinity: z.number().int().min(0).max(100).optional(),
          NodeResourcesFit: z.number().int().min(0).max(100).optional(),
          PodTopologySpread: z.number().int().min(0).max(100).optional(),
          InterPodAffinity: z.number().int().min(0).max(100).optional(),
          NodeResourcesBalancedAllocation: z.number().int().min(0).max(100).optional(),
          ImageLocality: z.number().int().min(0).max(100).optional(),
        })
        .optional()
        .meta({ description: 'score plugin weights (defaults 3, 2, 1, 2, 2, 1, 1); 0 disables a score' }),
    })
    .optional(),
});

const clusterAutoscaler = z.strictObject({
  scanInterval: duration().optional().meta({ description: '--scan-interval (default 10s)' }),
  scaleDownUnneededTime: duration().optional().meta({ description: '--scale-down-unneeded-time (default 10m)' }),
  scaleDownDelayAfterAdd: duration().optional().meta({ description: '--scale-down-delay-after-add (default 10m)' }),
  scaleDownDelayAfterFailure: duration().optional().meta({ description: '--scale-down-delay-after-failure (default 3m)' }),
  scaleDownUtilizationThreshold: z.number().min(0).max(1).optional().meta({ description: '--scale-down-utilization-threshold (default 0.5)' }),
  maxNodeProvisionTime: duration().optional().meta({ description: '--max-node-provision-time (default 15m)' }),
  expander: z
    .string()
    .regex(/^(least-waste|most-pods|least-nodes|random|priority|price)(,(least-waste|most-pods|least-nodes|random|priority|price))*$/, {
      message: 'expected an expander or a comma-separated chain of least-waste, most-pods, least-nodes, random, priority, price',
    })
    .optional()
    .meta({ description: '--expander: one or a comma-separated chain (default least-waste)' }),
  priorities: z
    .record(z.string().regex(/^\d+$/, { message: 'expected a priority number' }), z.array(z.string().min(1)))
    .optional()
    .meta({ description: 'priority expander: priority → regexes on node pool names' }),
  scaleDownEnabled: z.boolean().optional(),
});

const podStartup = z.strictObject({
  imagePull: distribution().optional(),
  containerStart: distribution().optional(),
});

const nodePool = z.strictObject({
  name: dnsName,
  count: z.number().int().min(0),
  zones: z.array(dnsName).min(1).optional().meta({ description: 'nodes are spread round-robin over these zones' }),
  instanceType: z.string().optional(),
  capacity: z.strictObject({ cpu: cpu(), memory: memory(), pods: count().optional() }),
  reserved: z.strictObject({ cpu: cpu().optional(), memory: memory().optional() }).optional(),
  pricePerHour: z.number().min(0).optional(),
  spot: z.boolean().optional(),
  provisioningTime: distribution().optional(),
  labels: z.record(z.string(), z.string()).optional(),
  taints: z
    .array(
      z.strictObject({
        key: z.string(),
        value: z.string().optional(),
        effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
      }),
    )
    .optional(),
  autoscaling: z.strictObject({ min: z.number().int().min(0), max: z.number().int().min(0) }).optional(),
});

const burst = z.strictObject({
  at: duration(),
  factor: z.number().min(0),
  rampUp: duration().optional(),
  hold: duration(),
  rampDown: duration().optional(),
});

const traffic = z.strictObject({
  service: dnsName,
  rps: z.number().min(0),
  diurnal: z.strictObject({ amplitude: z.number().min(0).max(1), peakAt: duration() }).optional(),
  bursts: z.array(burst).optional(),
  trace: z.string().optional().meta({ description: 'CSV file of time,rps rows, relative to the scenario file' }),
  podCapacityRps: z.number().min(0).optional(),
  cpuPerRequest: cpu().optional().meta({ description: 'CPU used per request/s, e.g. 2m' }),
});

const availability = z.strictObject({
  service: dnsName,
  minReady: z.number().int().min(1).optional(),
  objective: fraction().optional(),
});

const stochasticNodeCrash = z.strictObject({
  type: z.literal('NodeCrash'),
  pools: z.array(dnsName).min(1),
  mtbf: duration().optional(),
  timeBetweenFailures: distribution().optional(),
  repairTime: distribution(),
});

const scheduledNodeCrash = z.strictObject({
  type: z.literal('NodeCrash'),
  node: z.string().min(1),
  at: duration(),
  repairTime: distribution().optional(),
});

const stallDescription = 'how long the kubelet stays out of touch with the API server (a distribution)';

const stochasticKubeletStall = z.strictObject({
  type: z.literal('KubeletStall'),
  pools: z.array(dnsName).min(1),
  mtbf: duration().optional().meta({ description: 'mean time between stalls of each node (exponential)' }),
  timeBetweenFailures: distribution().optional(),
  duration: distribution().meta({ description: stallDescription }),
});

const scheduledKubeletStall = z.strictObject({
  type: z.literal('KubeletStall'),
  node: z.string().min(1),
  at: duration(),
  duration: distribution().meta({ description: stallDescription }),
});

const containerCrash = z.strictObject({
  type: z.literal('ContainerCrash'),
  workload: z.string().min(1).meta({ description: 'name of the Deployment, StatefulSet, DaemonSet or Job whose containers crash' }),
  mtbf: duration().optional().meta({ description: 'mean running time between crashes of each pod (exponential)' }),
  timeBetweenFailures: distribution().optional(),
});

const failure = z.union([scheduledNodeCrash, stochasticNodeCrash, scheduledKubeletStall, stochasticKubeletStall, containerCrash]);

const timeOfDay = () =>
  z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected a time of day such as 07:00 or 19:30' })
    .meta({ description: 'time of day, HH:MM (virtual time 0 is Monday 00:00)' });

const weekday = z.enum(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);

const scheduledChange = z.strictObject({
  at: timeOfDay(),
  days: z.array(weekday).min(1).optional().meta({ description: 'days of the week it applies (default every day)' }),
  pool: dnsName.optional().meta({ description: 'a node pool with autoscaling: set its min and max' }),
  min: z.number().int().min(0).optional(),
  max: z.number().int().min(0).optional(),
  workload: z.string().min(1).optional().meta({ description: 'a Deployment or StatefulSet: set its replicas' }),
  replicas: z.number().int().min(0).optional(),
});

export const scenarioSchema = z.strictObject({
  apiVersion: z.literal('podsim.dev/v1alpha1'),
  kind: z.literal('Scenario'),
  metadata: z.strictObject({
    name: dnsName,
    description: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
  }),
  spec: z.strictObject({
    duration: duration().optional().meta({ description: 'virtual time to simulate (default 24h)' }),
    seed: z.number().int().min(0).optional().meta({ description: 'master seed; --seed overrides (default 1)' }),
    controlPlane: controlPlane.optional(),
    podStartup: podStartup.optional(),
    clusterAutoscaler: clusterAutoscaler.optional().meta({ description: 'cluster autoscaler settings; it runs for pools with autoscaling bounds' }),
    nodePools: z.array(nodePool).min(1),
    workloads: z.array(manifest).optional(),
    manifests: z.array(z.string().min(1)).optional().meta({ description: 'globs of manifest files, relative to this file' }),
    traffic: z.array(traffic).optional(),
    availability: z.array(availability).optional(),
    failures: z.array(failure).optional(),
    scheduledScaling: z.array(scheduledChange).optional().meta({ description: 'changes at times of day / days of the week (time 0 is Monday 00:00)' }),
    pricing: z.strictObject({ currency: z.string().min(1).optional(), downtimeCostPerMinute: z.number().min(0).optional() }).optional(),
    output: z.strictObject({ interval: duration().optional() }).optional(),
  }),
});

export type ScenarioFile = z.output<typeof scenarioSchema>;
export type ScenarioSpec = ScenarioFile['spec'];
export type NodePool = z.output<typeof nodePool>;
export type TrafficSpec = z.output<typeof traffic>;
export type AvailabilitySpec = z.output<typeof availability>;
export type FailureSpec = z.output<typeof failure>;
export type ScheduledNodeCrash = z.output<typeof scheduledNodeCrash>;
export type StochasticNodeCrash = z.output<typeof stochasticNodeCrash>;
export type ContainerCrash = z.output<typeof containerCrash>;
export type ScheduledChangeSpec = z.output<typeof scheduledChange>;
