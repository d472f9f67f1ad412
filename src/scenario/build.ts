// Translates a validated Scenario into the models' ClusterConfig (podsim units throughout).

import { exponential, MINUTE } from '../kernel/index.js';
import type { ClusterConfig, ContainerCrashConfig, NodeCrashConfig } from '../models/config.js';
import type { Scenario } from './load.js';
import { objectsFromManifests } from './objects-from-manifests.js';

export function clusterConfig(scenario: Scenario): ClusterConfig {
  return {
    controlPlane: scenario.controlPlane,
    podStartup: scenario.podStartup,
    nodePools: scenario.nodePools,
    objects: objectsFromManifests(scenario.workloads),
    clusterAutoscaler: Object.fromEntries(Object.entries(scenario.clusterAutoscaler).filter(([, v]) => v !== undefined)) as ClusterConfig['clusterAutoscaler'],
    traffic: scenario.traffic.map((t) => ({
      service: t.service,
      namespace: 'default',
      rps: t.rps,
      diurnal: t.diurnal,
      bursts: (t.bursts ?? []).map((b) => ({ at: b.at, factor: b.factor, rampUp: b.rampUp ?? 0, hold: b.hold, rampDown: b.rampDown ?? 0 })),
      trace: scenario.traces.get(t.service),
      podCapacityRps: t.podCapacityRps,
      cpuPerRequest: t.cpuPerRequest ?? 0,
    })),
    nodeCrashes: scenario.failures.flatMap((failure): NodeCrashConfig[] => {
      if (failure.type !== 'NodeCrash') return [];
      if ('node' in failure) return [{ kind: 'scheduled', node: failure.node, at: failure.at, repairTime: failure.repairTime }];
      const timeBetweenFailures = failure.timeBetweenFailures ?? exponential(failure.mtbf as number, 'duration');
      return [{ kind: 'stochastic', pools: failure.pools, timeBetweenFailures, repairTime: failure.repairTime }];
    }),
    kubeletStalls: scenario.failures.flatMap((failure): NodeCrashConfig[] => {
      if (failure.type !== 'KubeletStall') return [];
      if ('node' in failure) return [{ kind: 'scheduled', node: failure.node, at: failure.at, repairTime: failure.duration }];
      const timeBetweenFailures = failure.timeBetweenFailures ?? exponential(failure.mtbf as number, 'duration');
      return [{ kind: 'stochastic', pools: failure.pools, timeBetweenFailures, repairTime: failure.duration }];
    }),
    scheduledScaling: scenario.scheduledScaling.map((change) => {
      const [hours, minutes] = change.at.split(':').map(Number) as [number, number];
      const workload = change.workload === undefined ? undefined : scenario.workloads.find((w) => w.metadata.name === change.workload);
      return {
        timeOfDay: (hours * 60 + minutes) * MINUTE,
        days: (change.days ?? []).map((d) => WEEKDAYS.indexOf(d)),
        pool: change.pool === undefined ? undefined : { name: change.pool, min: change.min ?? 0, max: change.max ?? 0 },
        workload:
          workload && (workload.kind === 'Deployment' || workload.kind === 'StatefulSet')
            ? { kind: workload.kind, namespace: workload.metadata.namespace ?? 'default', name: workload.metadata.name, replicas: change.replicas ?? 0 }
            : undefined,
      };
    }),
    containerCrashes: scenario.failures.flatMap((failure): ContainerCrashConfig[] => {
      if (failure.type !== 'ContainerCrash') return [];
      const workload = scenario.workloads.find((w) => w.metadata.name === failure.workload && 'template' in w.spec);
      if (!workload || !('template' in workload.spec)) return [];
      const selector = 'selector' in workload.spec && workload.spec.selector ? workload.spec.selector : { matchLabels: workload.spec.template.metadata?.labels ?? {} };
      const timeBetweenFailures = failure.timeBetweenFailures ?? exponential(failure.mtbf as number, 'duration');
      return [{ namespace: workload.metadata.namespace ?? 'default', selector, timeBetweenFailures }];
    }),
  };
}

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
