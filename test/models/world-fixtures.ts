// Small hand-built worlds for model tests.
import { constant, RandomStreams, SECOND, Simulation, type Millis } from '../../src/kernel/index.js';
import type { ContainerSpec, PodObject } from '../../src/models/api/objects.js';
import type { ClusterConfig, ControlPlaneSettings, NodePoolConfig } from '../../src/models/config.js';
import { World } from '../../src/models/world.js';
import { resolveControlPlane } from '../../src/scenario/defaults.js';

/** Kubernetes' defaults, as a scenario that sets nothing gets them. */
export const CONTROL_PLANE: ControlPlaneSettings = resolveControlPlane(undefined);

export function pool(name: string, count: number, zones = ['zone-a'], overrides: Partial<NodePoolConfig> = {}): NodePoolConfig {
  const resources = { cpu: 4000, memory: 16 * 2 ** 30, pods: 110 };
  return {
    name,
    count,
    zones,
    instanceType: 'test',
    capacity: resources,
    allocatable: resources,
    pricePerHour: 0.1,
    spot: false,
    provisioningTime: constant(60 * SECOND, 'duration'),
    labels: {},
    taints: [],
    ...overrides,
  };
}

export function makeWorld(config: Partial<ClusterConfig> & { nodePools: NodePoolConfig[] }, seed = 1): { sim: Simulation; world: World } {
  const sim = new Simulation();
  const world = new World(sim, new RandomStreams(seed), {
    controlPlane: CONTROL_PLANE,
    podStartup: { imagePull: constant(5 * SECOND, 'duration'), containerStart: constant(1 * SECOND, 'duration') },
    objects: [],
    nodeCrashes: [],
    kubeletStalls: [],
    containerCrashes: [],
    traffic: [],
    scheduledScaling: [],
    ...config,
  });
  return { sim, world };
}

export function container(name = 'app', requests: Record<string, number> = { cpu: 100, memory: 2 ** 27 }): ContainerSpec {
  return { name, image: `${name}:1`, requests, limits: {} };
}

export function barePod(name: string, nodeName?: string, containers: ContainerSpec[] = [container()]): PodObject {
  return {
    kind: 'Pod',
    metadata: { name, namespace: 'default', uid: 0, labels: { app: name }, annotations: {}, resourceVersion: 0, generation: 1, creationTimestamp: 0 },
    spec: {
      nodeName,
      containers,
      initContainers: [],
      tolerations: [],
      topologySpreadConstraints: [],
      priority: 0,
      terminationGracePeriod: 30 * SECOND,
      restartPolicy: 'Always',
      volumeClaims: [],
      baseUsage: { cpu: 0, memory: 0 },
    },
    status: { phase: 'Pending', scheduled: nodeName !== undefined, ready: false, readyTransition: 0, everReady: false, restartCount: 0 },
  };
}

/** Runs the simulation until `predicate` holds, checking after every event; returns the time. */
export function runUntil(sim: Simulation, predicate: () => boolean, limit: Millis): Millis {
  while (!predicate()) {
    const next = sim.peekTime();
    if (next === undefined || next > limit) throw new Error(`condition not reached by ${limit} ms (now ${sim.now})`);
    sim.step();
  }
  return sim.now;
}
