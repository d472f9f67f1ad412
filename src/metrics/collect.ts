// Turns a finished world and its recorders into a RunResult. Reads; changes nothing.

import { MINUTE, SECOND, toSeconds, type Millis } from '../kernel/index.js';
import type { World } from '../models/world.js';
import type { ClusterRecorder } from './cluster-recorder.js';
import type { FalseAlarmRecorder } from './false-alarms.js';
import type { NodeDowntimeRecorder } from './node-downtime.js';
import type { RunResult, ServiceResult } from './run-result.js';
import type { ServiceRecorder } from './service-recorder.js';
import type { TimeSeries } from './time-series.js';

export interface RunInfo {
  scenario: string;
  seed: number;
  currency: string;
  downtimeCostPerMinute: number;
  wallSeconds: number;
}

export function collectRunResult(
  world: World,
  recorders: { nodes: NodeDowntimeRecorder; services: ServiceRecorder; cluster: ClusterRecorder; timeSeries: TimeSeries; falseAlarms: FalseAlarmRecorder },
  info: RunInfo,
): RunResult {
  const end: Millis = world.sim.now;
  const services: ServiceResult[] = recorders.services.results(end).map((s) => {
    const availability = s.measuredMillis > 0 ? 1 - s.downMillis / s.measuredMillis : 1;
    const budget = s.objective === undefined ? undefined : (1 - s.objective) * s.measuredMillis;
    return {
      name: s.name,
      minReady: s.minReady,
      availability: round(availability, 9),
      nines: s.downMillis === 0 ? null : round(-Math.log10(1 - availability), 4),
      downtimeSeconds: toSeconds(s.downMillis),
      warmupSeconds: toSeconds(s.warmupMillis),
      incidents: s.incidents,
      requestsOffered: Math.round(s.offered),
      requestsServed: Math.round(s.served),
      // From the rounded figures, so that served + failed = offered exactly.
      requestsFailed: Math.round(s.offered) - Math.round(s.served),
      requestAvailability: s.offered > 0 ? round(s.served / s.offered, 9) : null,
      slo:
        s.objective === undefined || budget === undefined
          ? null
          : {
              objective: s.objective,
              errorBudgetSeconds: round(budget / SECOND, 3),
              errorBudgetUsed: budget > 0 ? round(s.downMillis / budget, 6) : s.downMillis > 0 ? Number.POSITIVE_INFINITY : 0,
              met: availability >= s.objective,
            },
      bursts: s.bursts.map((b) => ({
        atSeconds: toSeconds(b.at),
        catchUpSeconds: b.caughtUpAt === undefined ? null : toSeconds(b.caughtUpAt - b.at),
        requestsFailedDuringCatchUp: Math.round(b.failed),
      })),
    };
  });
  const byPool = recorders.cluster.computeCost(end).map((p) => ({ ...p, nodeHours: round(p.nodeHours, 6), cost: round(p.cost, 6) }));
  const compute = byPool.reduce((sum, p) => sum + p.cost, 0);
  const nodeHours = byPool.reduce((sum, p) => sum + p.nodeHours, 0);
  const downtime = (recorders.services.siteDowntimeMillis / MINUTE) * info.downtimeCostPerMinute;
  const density = recorders.cluster.density(nodeHours, end);
  const apiRequests: Record<string, Record<string, number>> = {};
  let apiWrites = 0;
  for (const [key, count] of [...world.store.requestCounts.entries()].sort()) {
    const [verb, kind] = key.split(' ') as [string, string];
    (apiRequests[verb] ??= {})[kind] = count;
    apiWrites += count;
  }
  return {
    scenario: info.scenario,
    seed: info.seed,
    simulatedSeconds: toSeconds(end),
    events: world.sim.eventsExecuted,
    wallSeconds: info.wallSeconds,
    fingerprint: world.sim.fingerprint,
    services,
    density: Object.fromEntries(Object.entries(density).map(([k, v]) => [k, round(v, 6)])) as RunResult['density'],
    cost: {
      currency: info.currency,
      total: round(compute + downtime, 6),
      compute: round(compute, 6),
      downtime: round(downtime, 6),
      idle: round(Math.max(0, compute - recorders.cluster.allocated), 6),
      byPool,
      byService: recorders.cluster.costByService().map((s) => ({ service: s.service, cost: round(s.cost, 6) })),
    },
    autoscaling: {
      hpa: [...world.hpa.stats.values()].map((h, i) => {
        const samples = recorders.timeSeries.rows.map((r) => r.hpaReplicas[i] ?? 0);
        const initial = h.initialReplicas ?? 0;
        const counts = [initial, ...h.history.map((e) => e.replicas)];
        return {
          name: h.name,
          scaleUps: h.scaleUps,
          scaleDowns: h.scaleDowns,
          minReplicas: percentile(counts, 0),
          maxReplicas: percentile(counts, 1),
          finalReplicas: h.history.length ? (h.history[h.history.length - 1] as { replicas: number }).replicas : initial,
          p50Replicas: percentile(samples, 0.5),
          p95Replicas: percentile(samples, 0.95),
        };
      }),
      nodes: (() => {
        const samples = recorders.timeSeries.rows.map((r) => r.nodes);
        return { p50: percentile(samples, 0.5), p95: percentile(samples, 0.95), max: percentile(samples, 1) };
      })(),
      pendingPods: {
        scheduled: world.scheduler.waits.length,
        meanWaitSeconds: round(world.scheduler.waits.reduce((a, b) => a + b, 0) / Math.max(1, world.scheduler.waits.length) / SECOND, 3),
        p95WaitSeconds: percentile(world.scheduler.waits, 0.95) / SECOND,
        maxWaitSeconds: percentile(world.scheduler.waits, 1) / SECOND,
      },
      vpa: world.store.list('VerticalPodAutoscaler').map((v) => ({
        name: v.metadata.name,
        recommendation: Object.fromEntries(Object.entries(v.status.recommendation ?? {}).map(([c, r]) => [c, { cpu: r.target.cpu ?? null, memory: r.target.memory ?? null }])),
      })),
      vpaEvictions: world.vpa.evictions,
      oomKills: world.vpa.oomKills,
      clusterAutoscaler: world.clusterAutoscaler.enabled ? { ...world.clusterAutoscaler.stats } : null,
    },
    failures: {
      nodeCrashes: world.nodeCrashes.failures,
      nodeRepairs: world.nodeCrashes.recoveries,
      nodeCrashesIgnored: world.nodeCrashes.ignored,
      nodeDownSeconds: toSeconds(recorders.nodes.totalDownMillis(end)),
      kubeletStalls: world.kubeletStalls.failures,
      nodesMarkedUnknownWhileAlive: recorders.falseAlarms.nodesMarkedUnknownWhileAlive,
      evictionsFromLiveNodes: recorders.falseAlarms.evictionsFromLiveNodes,
    },
    controlPlane: {
      leaseRenewals: world.leases.renewals,
      podsMarkedNotReady: world.nodeLifecycle.podsMarkedNotReady,
      noExecuteTaints: world.nodeLifecycle.taintsApplied,
      evictions: world.taintEviction.evictions,
      schedulingAttempts: world.scheduler.attempts,
      podsBound: world.scheduler.bound,
      unschedulableAttempts: world.scheduler.failures,
      containerRestarts: world.kubelets.containerRestarts,
      apiWrites,
      apiRequests,
    },
    unschedulable: [...world.store.pendingPods()]
      .map((pod) => ({ pod: `${pod.metadata.namespace}/${pod.metadata.name}`, reason: pod.status.unschedulableReason ?? 'not yet attempted' }))
      .sort((a, b) => (a.pod < b.pod ? -1 : 1)),
  };
}

/** The nearest-rank percentile (p = 0: the minimum, 1: the maximum; 0 for no samples). No spread of large arrays. */
function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))] as number;
}

/** Rounds to `digits` decimals: stable output without float noise in the last digits. */
function round(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
