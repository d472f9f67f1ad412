// Turns validated manifests into the models' API objects, applying the API server's defaults as
// it would on `kubectl apply` (K pkg/apis/*/v1/defaults.go, via defaults.ts): replicas 1,
// RollingUpdate 25%/25%, restartPolicy Always, terminationGracePeriodSeconds 30, probe period
// 10 s, requests defaulted from limits when only limits are given, namespace "default".

import { parseDistribution, SECOND } from '../kernel/index.js';
import type { ApiObject, ContainerSpec, HpaMetricSpec, ObjectMeta, PodTemplate } from '../models/api/objects.js';
import type { HPAScalingRules } from '../models/autoscaling/hpa/behavior.js';
import { KUBERNETES_DEFAULTS as K } from './defaults.js';
import type { Container, Manifest } from './kubernetes-schema.js';
import { cpuMillis, memoryBytes, milliValue } from './quantity.js';

/** A Job pod's run time: a duration or distribution, e.g. "lognormal(median=5m,p95=20m)". */
export const RUN_DURATION_ANNOTATION = 'podsim.dev/run-duration';
/** What a pod uses with no traffic, as quantities: CPU (e.g. "50m") and memory (e.g. "200Mi"). */
export const CPU_USAGE_ANNOTATION = 'podsim.dev/cpu-usage';
export const MEMORY_USAGE_ANNOTATION = 'podsim.dev/memory-usage';

type PodTemplateManifest = Extract<Manifest, { kind: 'Deployment' }>['spec']['template'];

function meta(manifest: Manifest): ObjectMeta {
  return {
    name: manifest.metadata.name,
    namespace: manifest.metadata.namespace ?? 'default',
    uid: 0,
    labels: { ...(manifest.metadata.labels ?? {}) },
    annotations: { ...(manifest.metadata.annotations ?? {}) },
    resourceVersion: 0,
    generation: 1,
    creationTimestamp: 0,
  };
}

function container(c: Container): ContainerSpec {
  const limits = c.resources?.limits ?? {};
  // API defaulting: a resource with a limit and no request gets the limit as its request.
  const requests = { ...limits, ...(c.resources?.requests ?? {}) };
  const probe = c.readinessProbe;
  return {
    name: c.name,
    image: c.image,
    requests,
    limits: { ...limits },
    readinessProbe: probe && {
      initialDelay: (probe.initialDelaySeconds ?? 0) * SECOND,
      period: (probe.periodSeconds ?? K.probePeriodSeconds) * SECOND,
      failureThreshold: probe.failureThreshold ?? K.probeFailureThreshold,
      successThreshold: probe.successThreshold ?? 1,
    },
  };
}

function template(t: PodTemplateManifest, restartDefault: 'Always' | 'Never', volumeClaims: string[] = []): PodTemplate {
  const spec = t.spec;
  const annotations = { ...(t.metadata?.annotations ?? {}) };
  const runDuration = annotations[RUN_DURATION_ANNOTATION];
  return {
    labels: { ...(t.metadata?.labels ?? {}) },
    annotations,
    spec: {
      containers: spec.containers.map(container),
      initContainers: (spec.initContainers ?? []).map(container),
      nodeSelector: spec.nodeSelector,
      affinity: spec.affinity,
      tolerations: (spec.tolerations ?? []).map((t) => ({ ...t })),
      topologySpreadConstraints: spec.topologySpreadConstraints ?? [],
      priority: spec.priority ?? 0,
      terminationGracePeriod: (spec.terminationGracePeriodSeconds ?? K.terminationGracePeriodSeconds) * SECOND,
      restartPolicy: spec.restartPolicy ?? restartDefault,
      volumeClaims,
      overhead: spec.overhead,
      runDuration: runDuration === undefined ? undefined : parseDistribution(runDuration, 'duration'),
      baseUsage: {
        cpu: annotations[CPU_USAGE_ANNOTATION] === undefined ? 0 : cpuMillis(annotations[CPU_USAGE_ANNOTATION]),
        memory: annotations[MEMORY_USAGE_ANNOTATION] === undefined ? 0 : memoryBytes(annotations[MEMORY_USAGE_ANNOTATION]),
      },
    },
  };
}

type HpaManifest = Extract<Manifest, { kind: 'HorizontalPodAutoscaler' }>;
type HpaMetricManifest = NonNullable<HpaManifest['spec']['metrics']>[number];
type HpaRulesManifest = NonNullable<NonNullable<HpaManifest['spec']['behavior']>['scaleUp']>;

function milli(value: string | number | undefined): number | undefined {
  return value === undefined ? undefined : milliValue(value);
}

function hpaMetric(metric: HpaMetricManifest): HpaMetricSpec {
  const source = metric.resource ?? metric.containerResource ?? metric.pods ?? metric.object ?? metric.external;
  const name = metric.resource?.name ?? metric.containerResource?.name ?? metric.pods?.metric.name ?? metric.object?.metric.name ?? metric.external?.metric.name ?? '';
  const target = source?.target ?? { type: 'Utilization' as const };
  return {
    type: metric.type,
    name,
    target: {
      type: target.type,
      averageUtilization: target.averageUtilization,
      valueMilli: milli(target.value),
      averageValueMilli: milli(target.averageValue),
    },
    describedObject: metric.object ? { kind: metric.object.describedObject.kind, name: metric.object.describedObject.name } : undefined,
  };
}

function scalingRules(rules: HpaRulesManifest): HPAScalingRules {
  return {
    stabilizationWindowSeconds: rules.stabilizationWindowSeconds,
    selectPolicy: rules.selectPolicy,
    policies: rules.policies,
    tolerance: rules.tolerance === undefined ? undefined : milliValue(rules.tolerance) / 1000,
  };
}

/** The API objects of the manifests podsim simulates, in manifest order. */
export function objectsFromManifests(manifests: readonly Manifest[]): ApiObject[] {
  const objects: ApiObject[] = [];
  for (const m of manifests) {
    switch (m.kind) {
      case 'Deployment':
        objects.push({
          kind: 'Deployment',
          metadata: meta(m),
          spec: {
            replicas: m.spec.replicas ?? K.replicas,
            selector: m.spec.selector,
            template: template(m.spec.template, 'Always'),
            strategy: {
              type: m.spec.strategy?.type ?? 'RollingUpdate',
              maxSurge: m.spec.strategy?.rollingUpdate?.maxSurge ?? K.maxSurge,
              maxUnavailable: m.spec.strategy?.rollingUpdate?.maxUnavailable ?? K.maxUnavailable,
            },
            minReadySeconds: m.spec.minReadySeconds ?? 0,
            revisionHistoryLimit: m.spec.revisionHistoryLimit ?? K.revisionHistoryLimit,
            paused: m.spec.paused ?? false,
          },
          status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, revision: 0 },
        });
        break;
      case 'StatefulSet': {
        const claims = (m.spec.volumeClaimTemplates ?? []).map((c) => ({
          name: c.metadata.name,
          storage: c.spec.resources?.requests?.storage ?? 0,
          storageClassName: c.spec.storageClassName,
        }));
        objects.push({
          kind: 'StatefulSet',
          metadata: meta(m),
          spec: {
            replicas: m.spec.replicas ?? K.replicas,
            selector: m.spec.selector,
            template: template(m.spec.template, 'Always'),
            serviceName: m.spec.serviceName ?? '',
            podManagementPolicy: m.spec.podManagementPolicy ?? 'OrderedReady',
            volumeClaimTemplates: claims,
            minReadySeconds: m.spec.minReadySeconds ?? 0,
          },
          status: { replicas: 0, readyReplicas: 0, currentReplicas: 0 },
        });
        break;
      }
      case 'DaemonSet':
        objects.push({
          kind: 'DaemonSet',
          metadata: meta(m),
          spec: { selector: m.spec.selector, template: template(m.spec.template, 'Always') },
          status: { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberReady: 0 },
        });
        break;
      case 'Job': {
        const podTemplate = template(m.spec.template, 'Never');
        objects.push({
          kind: 'Job',
          metadata: meta(m),
          spec: {
            completions: m.spec.completions ?? K.jobCompletions,
            parallelism: m.spec.parallelism ?? K.jobParallelism,
            backoffLimit: m.spec.backoffLimit ?? K.jobBackoffLimit,
            activeDeadline: m.spec.activeDeadlineSeconds === undefined ? undefined : m.spec.activeDeadlineSeconds * SECOND,
            template: podTemplate,
            selector: m.spec.selector ?? { matchLabels: podTemplate.labels },
          },
          status: { active: 0, succeeded: 0, failed: 0 },
        });
        break;
      }
      case 'Service':
        objects.push({
          kind: 'Service',
          metadata: meta(m),
          spec: { selector: m.spec.selector, type: m.spec.type ?? 'ClusterIP', publishNotReadyAddresses: m.spec.publishNotReadyAddresses ?? false },
        });
        break;
      case 'PodDisruptionBudget':
        objects.push({
          kind: 'PodDisruptionBudget',
          metadata: meta(m),
          spec: {
            selector: m.spec.selector,
            minAvailable: m.spec.minAvailable,
            maxUnavailable: m.spec.maxUnavailable,
            unhealthyPodEvictionPolicy: m.spec.unhealthyPodEvictionPolicy ?? 'IfHealthyBudget',
          },
          status: { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 },
        });
        break;
      case 'HorizontalPodAutoscaler':
        objects.push({
          kind: 'HorizontalPodAutoscaler',
          metadata: meta(m),
          spec: {
            scaleTargetRef: { kind: m.spec.scaleTargetRef.kind, name: m.spec.scaleTargetRef.name },
            minReplicas: m.spec.minReplicas ?? 1,
            maxReplicas: m.spec.maxReplicas,
            // autoscaling/v2 default: 80% average CPU utilization.
            metrics: m.spec.metrics?.length ? m.spec.metrics.map(hpaMetric) : [{ type: 'Resource', name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } }],
            behavior: m.spec.behavior && {
              scaleUp: m.spec.behavior.scaleUp && scalingRules(m.spec.behavior.scaleUp),
              scaleDown: m.spec.behavior.scaleDown && scalingRules(m.spec.behavior.scaleDown),
            },
          },
          status: { currentReplicas: 0, desiredReplicas: 0 },
        });
        break;
      case 'VerticalPodAutoscaler':
        objects.push({
          kind: 'VerticalPodAutoscaler',
          metadata: meta(m),
          spec: {
            targetRef: { kind: m.spec.targetRef.kind, name: m.spec.targetRef.name },
            // autoscaling.k8s.io/v1: an unset updateMode means Recreate (GetUpdateMode).
            updateMode: m.spec.updatePolicy?.updateMode ?? 'Recreate',
            minReplicas: m.spec.updatePolicy?.minReplicas,
            containerPolicies: (m.spec.resourcePolicy?.containerPolicies ?? []).map((p) => ({
              containerName: p.containerName,
              mode: p.mode,
              minAllowed: p.minAllowed && { cpu: p.minAllowed.cpu, memory: p.minAllowed.memory === undefined ? undefined : memoryBytes(p.minAllowed.memory) },
              maxAllowed: p.maxAllowed && { cpu: p.maxAllowed.cpu, memory: p.maxAllowed.memory === undefined ? undefined : memoryBytes(p.maxAllowed.memory) },
              controlledResources: p.controlledResources,
            })),
          },
          status: {},
        });
        break;
    }
  }
  return objects;
}
