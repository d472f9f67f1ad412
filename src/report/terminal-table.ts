// The terminal summary: what a person reads at a glance after `podsim run`.

import { formatDuration, SECOND } from '../kernel/index.js';
import type { RunResult } from '../metrics/run-result.js';

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function money(amount: number, currency: string): string {
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

function seconds(s: number): string {
  return formatDuration(Math.round(s) * SECOND);
}

function table(header: string[], rows: string[][], rightAligned: boolean[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    '  ' + cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i] as number) : c.padEnd(widths[i] as number))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)];
}

export function renderTerminalSummary(result: RunResult): string {
  const c = result.cost.currency;
  const lines = [
    `podsim run: ${result.scenario} (seed ${result.seed})`,
    `  simulated ${seconds(result.simulatedSeconds)} in ${number.format(result.wallSeconds)} s wall time, ` +
      `${integer.format(result.events)} events, fingerprint ${result.fingerprint}`,
    '',
    'Density',
    `  nodes ${integer.format(result.density.avgNodes)} on average, ${integer.format(result.density.peakNodes)} at peak; ` +
      `${number.format(result.density.nodeHours)} node-hours`,
    '',
    `Cost: ${money(result.cost.total, c)} (compute ${money(result.cost.compute, c)})`,
    ...table(
      ['pool', 'nodes', 'node-hours', 'price/h', 'cost'],
      result.cost.byPool.map((p) => [p.pool, String(p.nodes), number.format(p.nodeHours), String(p.pricePerHour), money(p.cost, c)]),
      [false, true, true, true, true],
    ),
    '',
    'Failures',
    `  ${result.failures.nodeCrashes} node crash${result.failures.nodeCrashes === 1 ? '' : 'es'}, ` +
      `${result.failures.nodeRepairs} repaired, ${seconds(result.failures.nodeDownSeconds)} node downtime`,
    '',
    'Control plane',
    `  ${integer.format(result.controlPlane.leaseRenewals)} lease renewals`,
  ];
  return `${lines.join('\n')}\n`;
}
