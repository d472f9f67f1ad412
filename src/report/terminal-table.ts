// The terminal summary: what a person reads at a glance after `podsim run`.

import type { RunResult } from '../metrics/run-result.js';
import { duration, formatMebibytes, formatMillicores, integer, money, number, percent, UPTIME_HEADER, uptimeRow } from './format.js';

function table(header: string[], rows: string[][], rightAligned: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    `  ${cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderTerminalSummary(result: RunResult): string {
  const c = result.cost.currency;
  const d = result.density;
  const cp = result.controlPlane;
  const lines = [
    `podsim run: ${result.scenario} (seed ${result.seed})`,
    `  simulated ${duration(result.simulatedSeconds)} in ${number.format(result.wallSeconds)} s wall time, ` +
      `${integer.format(result.events)} events, fingerprint ${result.fingerprint}`,
    '',
    ...(result.services.length === 0 ? [] : ['Uptime']),
    ...(result.services.length === 0 ? [] : table(
      UPTIME_HEADER,
      result.services.map(uptimeRow),
      [false, true, true, true, true, true, true, false, true],
    )),
    ...result.services.flatMap((s) =>
      s.bursts.map(
        (b) =>
          `  ${s.name}: burst at ${duration(b.atSeconds)} ` +
          (b.catchUpSeconds === null ? 'never caught up' : `caught up after ${duration(b.catchUpSeconds)}`) +
          `, ${integer.format(b.requestsFailedDuringCatchUp)} requests failed meanwhile`,
      ),
    ),
    '',
    'Density',
    `  nodes ${number.format(d.avgNodes)} on average, ${number.format(d.avgNodesInUse)} of them with workload pods, ${d.peakNodes} at peak; ${number.format(d.nodeHours)} node-hours ` +
      `(${number.format(d.nodeHoursOverLowerBound)}x a perfect bin packing); ${number.format(d.avgPodsPerNode)} pods per node`,
    `  requested: CPU ${percent(d.cpuRequestedRatio, 1)}, memory ${percent(d.memoryRequestedRatio, 1)} of allocatable; ` +
      `used: CPU ${percent(d.cpuUsedRatio, 1)}, memory ${percent(d.memoryUsedRatio, 1)}`,
    '',
    `Cost: ${money(result.cost.total, c)} = compute ${money(result.cost.compute, c)} + downtime ${money(result.cost.downtime, c)}; ` +
      `idle compute ${money(result.cost.idle, c)}`,
    ...table(
      ['pool', 'nodes', 'node-hours', 'price/h', 'cost'],
      result.cost.byPool.map((p) => [p.pool, String(p.nodes), number.format(p.nodeHours), String(p.pricePerHour), money(p.cost, c)]),
      [false, true, true, true, true],
    ),
    ...(result.cost.byService.length > 0
      ? ['', ...table(['service', 'cost'], result.cost.byService.map((s) => [s.service, money(s.cost, c)]), [false, true])]
      : []),
    ...(result.autoscaling.hpa.length > 0
      ? [
          '',
          'Autoscaling (HorizontalPodAutoscalers)',
          ...table(
            ['hpa', 'scale-ups', 'scale-downs', 'replicas min', 'max', 'at end'],
            result.autoscaling.hpa.map((h) => [h.name, String(h.scaleUps), String(h.scaleDowns), String(h.minReplicas), String(h.maxReplicas), String(h.finalReplicas)]),
            [false, true, true, true, true, true],
          ),
        ]
      : []),
    ...(result.autoscaling.vpa.length > 0
      ? [
          '',
          `VerticalPodAutoscalers (${result.autoscaling.vpaEvictions} pods updated, ${result.autoscaling.oomKills} OOM kills):`,
          ...result.autoscaling.vpa.flatMap((v) =>
            Object.entries(v.recommendation).map(
              ([container, r]) => `  ${v.name}/${container}: recommends ${r.cpu === null ? '-' : formatMillicores(r.cpu)} CPU, ${r.memory === null ? '-' : formatMebibytes(r.memory)} memory`,
            ),
          ),
        ]
      : []),
    ...(result.autoscaling.clusterAutoscaler
      ? [
          '',
          `Cluster autoscaler: ${result.autoscaling.clusterAutoscaler.scaleUps} scale-ups, ${result.autoscaling.clusterAutoscaler.nodesAdded} nodes added, ` +
            `${result.autoscaling.clusterAutoscaler.nodesRemoved} removed, ${result.autoscaling.clusterAutoscaler.failedProvisions} failed provisions`,
        ]
      : []),
    '',
    'Failures and control plane',
    `  ${result.failures.nodeCrashes} node crash${result.failures.nodeCrashes === 1 ? '' : 'es'} (${duration(result.failures.nodeDownSeconds)} node downtime); ` +
      `${cp.evictions} pods evicted; ${cp.containerRestarts} container restarts`,
    `  ${integer.format(cp.leaseRenewals)} lease renewals, ${integer.format(cp.schedulingAttempts)} scheduling attempts ` +
      `(${integer.format(cp.unschedulableAttempts)} unschedulable), ${integer.format(cp.apiWrites)} API writes`,
    ...(result.unschedulable.length > 0
      ? ['', `Pending at the end (${result.unschedulable.length}):`, ...result.unschedulable.slice(0, 5).map((u) => `  ${u.pod}: ${u.reason}`)]
      : []),
  ];
  return `${lines.join('\n')}\n`;
}
