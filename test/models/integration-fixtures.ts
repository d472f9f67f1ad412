// Builders for hand-made workload objects (with the defaults objects-from-manifests applies) and
// small helpers for the scheduler and controller integration tests.
import { SECOND, type Distribution, type Millis, type Simulation } from '../../src/kernel/index.js';
import type {
  Affinity,
  ContainerSpec,
  DaemonSetObject,
  DeploymentObject,
  JobObject,
  NodeObject,
  ObjectMeta,
  PodDisruptionBudgetObject,
  PodObject,
  PodTemplate,
  ReplicaSetObject,
  ServiceObject,
  StatefulSetObject,
  TopologySpreadConstraint,
  VolumeClaimTemplate,
} from '../../src/models/api/objects.js';
import type { Labels } from '../../src/models/api/selectors.js';
import type { Toleration } from '../../src/models/api/taints.js';
import type { NodePoolConfig } from '../../src/models/config.js';
import type { World } from '../../src/models/world.js';
import { container } from './world-fixtures.js';

export function meta(name: string, labels: Record<string, string> = {}): ObjectMeta {
  return { name, namespace: 'default', uid: 0, labels: { ...labels }, annotations: {}, resourceVersion: 0, generation: 1, creationTimestamp: 0 };
}

export interface TemplateOptions {
  containers?: ContainerSpec[];
  nodeSelector?: Labels;
  affinity?: Affinity;
  tolerations?: Toleration[];
  topologySpreadConstraints?: TopologySpreadConstraint[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  runDuration?: Distribution;
  terminationGracePeriod?: Millis;
  priority?: number;
}

export function template(labels: Record<string, string>, options: TemplateOptions = {}): PodTemplate {
  return {
    labels: { ...labels },
    annotations: {},
    spec: {
      containers: options.containers ?? [container()],
      initContainers: [],
      nodeSelector: options.nodeSelector,
      affinity: options.affinity,
      tolerations: options.tolerations ?? [],
      topologySpreadConstraints: options.topologySpreadConstraints ?? [],
      priority: options.priority ?? 0,
      terminationGracePeriod: options.terminationGracePeriod ?? 30 * SECOND,
      restartPolicy: options.restartPolicy ?? 'Always',
      volumeClaims: [],
      runDuration: options.runDuration,
      baseUsage: { cpu: 0, memory: 0 },
    },
  };
}

export function deployment(
  name: string,
  replicas: number,
  tmpl: PodTemplate = template({ app: name }),
  options: { type?: 'RollingUpdate' | 'Recreate'; maxSurge?: number | string; maxUnavailable?: number | string; revisionHistoryLimit?: number; minReadySeconds?: number } = {},
): DeploymentObject {
  return {
    kind: 'Deployment',
    metadata: meta(name),
    spec: {
      replicas,
      selector: { matchLabels: { ...tmpl.labels } },
      template: tmpl,
      strategy: { type: options.type ?? 'RollingUpdate', maxSurge: options.maxSurge ?? '25%', maxUnavailable: options.maxUnavailable ?? '25%' },
      minReadySeconds: options.minReadySeconds ?? 0,
      revisionHistoryLimit: options.revisionHistoryLimit ?? 10,
      paused: false,
    },
    status: { replicas: 0, updatedReplicas: 0, readyReplicas: 0, availableReplicas: 0, revision: 0 },
  };
}

/** A ReplicaSet made by hand (no Deployment); its pods get pod-template-hash "manual". */
export function replicaSet(name: string, replicas: number, tmpl: PodTemplate = template({ app: name })): ReplicaSetObject {
  return {
    kind: 'ReplicaSet',
    metadata: meta(name, tmpl.labels),
    spec: { replicas, selector: { matchLabels: { ...tmpl.labels } }, template: tmpl, minReadySeconds: 0, revision: 1, templateHash: 'manual' },
    status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
  };
}

export function statefulSet(
  name: string,
  replicas: number,
  tmpl: PodTemplate = template({ app: name }),
  options: { podManagementPolicy?: 'OrderedReady' | 'Parallel'; claims?: VolumeClaimTemplate[] } = {},
): StatefulSetObject {
  return {
    kind: 'StatefulSet',
    metadata: meta(name),
    spec: {
      replicas,
      selector: { matchLabels: { ...tmpl.labels } },
      template: tmpl,
      serviceName: name,
      podManagementPolicy: options.podManagementPolicy ?? 'OrderedReady',
      volumeClaimTemplates: options.claims ?? [],
      minReadySeconds: 0,
    },
    status: { replicas: 0, readyReplicas: 0, currentReplicas: 0 },
  };
}

export function daemonSet(name: string, tmpl: PodTemplate = template({ app: name })): DaemonSetObject {
  return {
    kind: 'DaemonSet',
    metadata: meta(name),
    spec: { selector: { matchLabels: { ...tmpl.labels } }, template: tmpl },
    status: { desiredNumberScheduled: 0, currentNumberScheduled: 0, numberReady: 0 },
  };
}

export function job(name: string, tmpl: PodTemplate, options: { completions?: number; parallelism?: number; backoffLimit?: number; activeDeadline?: Millis } = {}): JobObject {
  return {
    kind: 'Job',
    metadata: meta(name),
    spec: {
      completions: options.completions ?? 1,
      parallelism: options.parallelism ?? 1,
      backoffLimit: options.backoffLimit ?? 6,
      activeDeadline: options.activeDeadline,
      template: tmpl,
      selector: { matchLabels: { ...tmpl.labels } },
    },
    status: { active: 0, succeeded: 0, failed: 0 },
  };
}

export function service(name: string, selector: Record<string, string>, publishNotReadyAddresses = false): ServiceObject {
  return { kind: 'Service', metadata: meta(name), spec: { selector, type: 'ClusterIP', publishNotReadyAddresses } };
}

export function pdb(name: string, selector: Record<string, string>, budget: { minAvailable?: number | string; maxUnavailable?: number | string }): PodDisruptionBudgetObject {
  return {
    kind: 'PodDisruptionBudget',
    metadata: meta(name),
    spec: { selector: { matchLabels: selector }, minAvailable: budget.minAvailable, maxUnavailable: budget.maxUnavailable, unhealthyPodEvictionPolicy: 'IfHealthyBudget' },
    status: { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, disruptionsAllowed: 0 },
  };
}

// ---- looking at the world ---------------------------------------------------------------------

/** Pods owned (controller reference) by the object, by name. */
export function ownedPods(world: World, owner: { metadata: ObjectMeta }): PodObject[] {
  return [...world.store.podsOwnedBy(owner.metadata.uid)].sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1));
}

/** Not terminating and not finished. */
export function isLive(pod: PodObject): boolean {
  return pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
}

/** Pods whose labels include all of `labels`, by name. */
export function podsLabelled(world: World, labels: Record<string, string>): PodObject[] {
  return world.store.list('Pod').filter((p) => Object.entries(labels).every(([k, v]) => p.metadata.labels[k] === v));
}

export function node(world: World, name: string): NodeObject {
  const found = world.store.get('Node', '', name);
  if (!found) throw new Error(`no node ${name}`);
  return found;
}

/** How many of the pods are bound to each node (nodes without pods omitted). */
export function countByNode(pods: readonly PodObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pod of pods) if (pod.spec.nodeName !== undefined) counts[pod.spec.nodeName] = (counts[pod.spec.nodeName] ?? 0) + 1;
  return counts;
}

/** How many of the pods are bound to a node of each zone. */
export function countByZone(world: World, pods: readonly PodObject[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const pod of pods) {
    if (pod.spec.nodeName === undefined) continue;
    const zone = node(world, pod.spec.nodeName).cloud.zone;
    counts[zone] = (counts[zone] ?? 0) + 1;
  }
  return counts;
}

/** A node that joins the running cluster: the cloud creates it and its kubelet starts and posts Ready. */
export function joinNode(world: World, pool: NodePoolConfig): NodeObject {
  const created = world.cloud.createNode(pool);
  world.kubelets.restart(created.cloud.index);
  return created;
}

export function crash(world: World, nodeName: string): void {
  world.kubelets.stop(node(world, nodeName).cloud.index);
}

export function repair(world: World, nodeName: string): void {
  world.kubelets.restart(node(world, nodeName).cloud.index);
}

/** Runs every event due at the current time (and those they schedule for it). */
export function settle(sim: Simulation): void {
  sim.run(sim.now);
}

/** Runs event by event until `limit`, calling `check` after each event. */
export function runChecking(sim: Simulation, limit: Millis, check: () => void): void {
  for (;;) {
    const next = sim.peekTime();
    if (next === undefined || next > limit) break;
    sim.step();
    check();
  }
  sim.run(limit);
}

/**
 * Crashes the node now and returns when the control plane reacts, with Kubernetes' defaults
 * (see node-failure-timeline.test.ts): Ready=Unknown on the first 5 s monitor tick more than
 * 50 s after the last lease renewal was seen, the NoExecute taint on the next 100 ms pass, and
 * the eviction of pods with the default 300 s toleration.
 */
export function crashNow(world: World, nodeName: string): { unknownAt: Millis; taintedAt: Millis; evictedAt: Millis } {
  const index = node(world, nodeName).cloud.index;
  const lastRenew = world.leases.renewTime(index);
  world.kubelets.stop(index);
  const seen = Math.ceil(lastRenew / (5 * SECOND)) * 5 * SECOND;
  const unknownAt = seen + 55 * SECOND;
  const taintedAt = unknownAt + 100;
  return { unknownAt, taintedAt, evictedAt: taintedAt + 300 * SECOND };
}
