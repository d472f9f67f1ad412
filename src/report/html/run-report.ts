// report.html of `podsim run`: the summary tables and four charts (availability timeline with
// incidents, ready endpoints and nodes, offered against served traffic, cost so far) on one
// self-contained page. Everything on it comes from the run's deterministic outputs (no wall
// time), so the same scenario and seed give the same bytes.

import { toSeconds, type Millis } from '../../kernel/index.js';
import type { RunResult } from '../../metrics/run-result.js';
import type { TimeSeries } from '../../metrics/time-series.js';
import { duration, integer, money, number, percent, UPTIME_HEADER, uptimeRow } from '../format.js';
import { escapeHtml, figure, page, table, type Section } from './page.js';
import { availabilityChart, costChart, MAX_POINTS, replicasChart, timeUnit, trafficChart } from './run-charts.js';
import { renderChart, type ChartSpec, type WarningSink } from './vega-svg.js';

/** Incidents listed one by one; more are summarised in a line. */
const INCIDENT_ROWS = 200;

export interface RunReportInput {
  result: RunResult;
  timeSeries: TimeSeries;
  outages: ReadonlyArray<{ service: string; start: Millis; end: Millis }>;
}

export async function renderRunReport({ result, timeSeries, outages }: RunReportInput, onWarning?: WarningSink): Promise<string> {
  const unit = timeUnit(result.simulatedSeconds);
  const rows = timeSeries.rows;
  const thinned = rows.length > MAX_POINTS ? ` Each point merges ${Math.ceil(rows.length / MAX_POINTS)} output intervals.` : '';
  const outagesInSeconds = outages.map((o) => ({ service: o.service, startSeconds: toSeconds(o.start), endSeconds: toSeconds(o.end) }));
  const charts: Array<[ChartSpec | undefined, string]> = [
    [
      result.services.length === 0
        ? undefined
        : availabilityChart(result.services.map((s) => ({ name: s.name, warmupSeconds: s.warmupSeconds })), outagesInSeconds, result.simulatedSeconds, unit),
      'Each lane is a Service. It is up while at least its minimum of endpoints serve; the cold start before it is first up is warm-up, not downtime.',
    ],
    [replicasChart(rows, { services: timeSeries.services, hpas: timeSeries.hpas }, result.simulatedSeconds, unit), `At the end of each output interval.${thinned ? `${thinned} Endpoints show the fewest, nodes and replicas the most.` : ''}`],
    [trafficChart(rows, timeSeries.services, result.simulatedSeconds, unit), `Mean rates over each output interval.${thinned}`],
    [costChart(rows, result.cost.currency, result.simulatedSeconds, unit), `Node-hours × hourly price, summed over pools.${thinned}`],
  ];
  const figures: string[] = [];
  for (const [spec, caption] of charts) {
    if (spec) figures.push(figure(await renderChart(spec, `c${figures.length + 1}-`, onWarning), caption));
  }
  const sections: Section[] = [
    { title: 'Uptime', body: servicesTable(result) },
    { title: 'Charts', body: figures.join('\n') },
    { title: 'Incidents', body: incidentsTable(outagesInSeconds) },
    { title: 'Density', body: densityTable(result) },
    { title: 'Cost', body: costTables(result) },
    { title: 'Autoscaling, failures and control plane', body: operationsTable(result) },
  ];
  const lead =
    `Seed ${result.seed}; ${duration(result.simulatedSeconds)} of virtual time, ${integer.format(result.events)} events; ` +
    `fingerprint ${result.fingerprint}. Written by podsim run.`;
  return page(`podsim run: ${result.scenario}`, lead, sections);
}

function servicesTable(result: RunResult): string {
  if (result.services.length === 0) return '<p>The scenario has no Services.</p>';
  return table(UPTIME_HEADER, result.services.map(uptimeRow));
}

function clock(seconds: number): string {
  const days = Math.floor(seconds / 86400);
  const rest = seconds - days * 86400;
  const hh = String(Math.floor(rest / 3600)).padStart(2, '0');
  const mm = String(Math.floor((rest % 3600) / 60)).padStart(2, '0');
  const ss = (rest % 60).toFixed(3).padStart(6, '0');
  return `day ${days} ${hh}:${mm}:${ss}`;
}

function incidentsTable(outages: ReadonlyArray<{ service: string; startSeconds: number; endSeconds: number }>): string {
  if (outages.length === 0) return '<p>No Service went down after its warm-up.</p>';
  const sorted = [...outages].sort((a, b) => a.startSeconds - b.startSeconds || (a.service < b.service ? -1 : 1));
  const shown = sorted.slice(0, INCIDENT_ROWS);
  const more = sorted.length - shown.length;
  return (
    table(['service', 'down from (day 0 is the start)', 'until', 'for'], shown.map((o) => [o.service, clock(o.startSeconds), clock(o.endSeconds), duration(o.endSeconds - o.startSeconds)]), 3) +
    (more > 0 ? `<p>…and ${more} more (${sorted.length} in all).</p>` : '')
  );
}

function densityTable(result: RunResult): string {
  const d = result.density;
  return table(
    ['measure', 'value'],
    [
      ['nodes, time-averaged', number.format(d.avgNodes)],
      ['nodes at peak', String(d.peakNodes)],
      ['nodes running workload pods, averaged / at peak', `${number.format(d.avgNodesInUse)} / ${d.peakNodesInUse}`],
      ['node-hours', number.format(d.nodeHours)],
      ['node-hours over a perfect bin packing', `${number.format(d.nodeHoursOverLowerBound)}x`],
      ['pods per node', number.format(d.avgPodsPerNode)],
      ['CPU requested / used, of allocatable', `${percent(d.cpuRequestedRatio, 1)} / ${percent(d.cpuUsedRatio, 1)}`],
      ['memory requested / used, of allocatable', `${percent(d.memoryRequestedRatio, 1)} / ${percent(d.memoryUsedRatio, 1)}`],
    ],
  );
}

function costTables(result: RunResult): string {
  const c = result.cost.currency;
  const totals = `<p>Total ${escapeHtml(money(result.cost.total, c))} = compute ${escapeHtml(money(result.cost.compute, c))} + downtime ${escapeHtml(money(result.cost.downtime, c))}; idle compute ${escapeHtml(money(result.cost.idle, c))}.</p>`;
  const pools = table(['pool', 'nodes', 'node-hours', 'price per hour', 'cost'], result.cost.byPool.map((p) => [p.pool, String(p.nodes), number.format(p.nodeHours), String(p.pricePerHour), money(p.cost, c)]));
  const services = result.cost.byService.length > 0 ? table(['service', 'cost (share of requests)'], result.cost.byService.map((s) => [s.service, money(s.cost, c)])) : '';
  return totals + pools + services;
}

function operationsTable(result: RunResult): string {
  const a = result.autoscaling;
  const cp = result.controlPlane;
  const rows: string[][] = [
    ['node crashes (node downtime)', `${result.failures.nodeCrashes} (${duration(result.failures.nodeDownSeconds)})`],
    ['pods evicted', String(cp.evictions)],
    ['container restarts', String(cp.containerRestarts)],
    ['lease renewals', integer.format(cp.leaseRenewals)],
    ['scheduling attempts (unschedulable)', `${integer.format(cp.schedulingAttempts)} (${integer.format(cp.unschedulableAttempts)})`],
    ['pod scheduling wait: mean / p95 / max', `${duration(a.pendingPods.meanWaitSeconds)} / ${duration(a.pendingPods.p95WaitSeconds)} / ${duration(a.pendingPods.maxWaitSeconds)}`],
    ['API writes', integer.format(cp.apiWrites)],
    ...a.hpa.map((h) => [`HPA ${h.name}: scale-ups / downs, replicas min–max`, `${h.scaleUps} / ${h.scaleDowns}, ${h.minReplicas}–${h.maxReplicas}`]),
    ...(a.clusterAutoscaler
      ? [['cluster autoscaler: scale-ups, nodes added / removed', `${a.clusterAutoscaler.scaleUps}, ${a.clusterAutoscaler.nodesAdded} / ${a.clusterAutoscaler.nodesRemoved}`]]
      : []),
    ...(a.vpa.length > 0 ? [['VPA: pods updated, OOM kills', `${a.vpaEvictions}, ${a.oomKills}`]] : []),
  ];
  return table(['measure', 'value'], rows);
}
