// Number formats shared by the terminal summary and the HTML reports.

import { formatDuration, SECOND } from '../kernel/index.js';
import type { ServiceResult } from '../metrics/run-result.js';

export const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
export const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function money(amount: number, currency: string): string {
  return `${currency} ${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** Seconds as a Go-style duration (1h2m3s), or milliseconds below a second. */
export function duration(s: number): string {
  return s < 1 ? `${Math.round(s * 1000)}ms` : formatDuration(Math.round(s) * SECOND);
}

export function percent(x: number | null, digits = 4): string {
  return x === null ? '-' : `${(x * 100).toFixed(digits)}%`;
}

export function formatMillicores(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

export function formatMebibytes(bytes: number): string {
  return `${Math.round(bytes / 2 ** 20)}Mi`;
}

/** The uptime table both the terminal summary and report.html show: header and one row per Service. */
export const UPTIME_HEADER = ['service', 'min ready', 'availability', 'nines', 'downtime', 'incidents', 'requests ok', 'SLO', 'budget used'];

export function uptimeRow(s: ServiceResult): string[] {
  return [
    s.name,
    String(s.minReady),
    percent(s.availability),
    s.nines === null ? 'no downtime' : s.nines.toFixed(2),
    duration(s.downtimeSeconds),
    String(s.incidents),
    percent(s.requestAvailability),
    s.slo ? `${percent(s.slo.objective, 2)} ${s.slo.met ? 'met' : 'MISSED'}` : '-',
    s.slo ? percent(s.slo.errorBudgetUsed, 1) : '-',
  ];
}
