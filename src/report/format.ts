// Number formats shared by the terminal summary and the HTML reports.

import { formatDuration, SECOND } from '../kernel/index.js';

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
