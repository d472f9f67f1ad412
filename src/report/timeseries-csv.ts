// timeseries.csv: one row per output interval: time (s), nodes, pods running and pending, per
// Service its ready endpoints, how many of them really serve, offered and served requests/s
// over the interval, each HorizontalPodAutoscaler's target replicas, and compute cost so far.

import type { TimeSeries } from '../metrics/time-series.js';

export function renderTimeSeriesCsv(series: TimeSeries): string {
  const header = ['time_s', 'nodes', 'pods_running', 'pods_pending'];
  for (const name of series.services) header.push(`${name}_ready_endpoints`, `${name}_serving`, `${name}_offered_rps`, `${name}_served_rps`);
  for (const name of series.hpas) header.push(`${name}_hpa_replicas`);
  header.push('compute_cost');
  const lines = [header.join(',')];
  for (const row of series.rows) {
    const cells: Array<string | number> = [row.time, row.nodes, row.podsRunning, row.podsPending];
    for (const s of row.services) cells.push(s.endpoints, s.serving, fixed(s.offeredRps), fixed(s.servedRps));
    cells.push(...row.hpaReplicas);
    cells.push(fixed(row.computeCost, 6));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

function fixed(x: number, digits = 3): string {
  return Number(x.toFixed(digits)).toString();
}
