// The tables of a sweep, computed from its manifest and result store only (never from the order
// runs finished in), so any worker count, resume or merge of shards gives the same bytes:
// runs.csv, one row per run in expansion order: parameters, seed, every scalar of RunResult
// under a flattened name (services.ui.nines; list items by their name, pool or service, else by
// index; wallSeconds left out, seed once); aggregate.csv, one row per parameter combination:
// runs, failures, and per numeric metric mean, sd, 95% CI (mean ± 1.96·sd/√n), min and max.

import { stringify } from 'csv-stringify/sync';
import { mean, sampleStandardDeviation } from 'simple-statistics';
import type { StoredRun, SweepManifest } from './result-store.js';

type Scalar = string | number | boolean | null;

const SKIPPED = new Set(['wallSeconds', 'seed']);
const ITEM_NAMES = ['name', 'pool', 'service'];

export function flattenResult(value: unknown, prefix = '', out: Array<[string, Scalar]> = []): Array<[string, Scalar]> {
  if (value === null || typeof value !== 'object') {
    out.push([prefix, value === undefined ? null : (value as Scalar)]);
    return out;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const label = ITEM_NAMES.map((k) => (item !== null && typeof item === 'object' ? (item as Record<string, unknown>)[k] : undefined)).find((v) => typeof v === 'string');
      flattenResult(item, join(prefix, typeof label === 'string' ? label : String(i)), out);
    });
    return out;
  }
  for (const [key, inner] of Object.entries(value)) {
    if (prefix === '' && SKIPPED.has(key)) continue;
    flattenResult(inner, join(prefix, key), out);
  }
  return out;
}

function join(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

export interface SweepTables {
  runsCsv: string;
  aggregateCsv: string;
  done: number;
  failed: number;
  missing: number;
}

export interface Statistics {
  mean: number;
  /** Undefined with fewer than two runs, as are the CI bounds. */
  sd: number | undefined;
  ci95Low: number | undefined;
  ci95High: number | undefined;
  min: number;
  max: number;
}

export interface CombinationSummary {
  parameters: Record<string, unknown>;
  runs: number;
  failed: number;
  /** Per numeric metric; undefined when no finished run of the combination has it. */
  statistics: Map<string, Statistics | undefined>;
}

export interface SweepSummaryData {
  parameters: readonly string[];
  /** Every metric of the finished runs, in first-seen order, and the numeric ones among them. */
  columns: string[];
  numeric: string[];
  rows: Array<{ spec: StoredRunSpec; run: StoredRun | undefined; metrics: Map<string, Scalar> | undefined }>;
  combinations: CombinationSummary[];
}

type StoredRunSpec = SweepManifest['runs'][number];

/** The runs in expansion order with their flattened metrics, and per combination the statistics of each numeric metric. */
export function summarizeSweep(manifest: SweepManifest, stored: ReadonlyMap<string, StoredRun>): SweepSummaryData {
  const rows = manifest.runs.map((spec) => {
    const run = stored.get(spec.key);
    return { spec, run, metrics: run && 'result' in run ? new Map(flattenResult(run.result)) : undefined };
  });
  const columns: string[] = [];
  const known = new Set<string>();
  for (const row of rows) {
    for (const column of row.metrics?.keys() ?? []) {
      if (!known.has(column)) {
        known.add(column);
        columns.push(column);
      }
    }
  }
  const numeric = columns.filter((c) => rows.every((row) => {
    const value = row.metrics?.get(c);
    return value === undefined || value === null || typeof value === 'number';
  }));
  const groups = new Map<number, typeof rows>();
  for (const row of rows) {
    const group = groups.get(row.spec.combination) ?? [];
    group.push(row);
    groups.set(row.spec.combination, group);
  }
  const combinations = [...groups.values()].map((group): CombinationSummary => {
    const ok = group.filter((row) => row.metrics);
    return {
      parameters: (group[0] as (typeof rows)[number]).spec.parameters,
      runs: ok.length,
      failed: group.filter((row) => row.run && 'error' in row.run).length,
      statistics: new Map(numeric.map((c) => [c, statisticsOf(ok.map((row) => row.metrics?.get(c)).filter((v): v is number => typeof v === 'number'))])),
    };
  });
  return { parameters: manifest.parameters, columns, numeric, rows, combinations };
}

function statisticsOf(values: number[]): Statistics | undefined {
  if (values.length === 0) return undefined;
  const m = mean(values);
  const min = values.reduce((a, b) => Math.min(a, b));
  const max = values.reduce((a, b) => Math.max(a, b));
  // Equal values have no spread: say 0, not the float noise of the formula (2.8e-14).
  const sd = values.length < 2 ? undefined : min === max ? 0 : sampleStandardDeviation(values);
  const half = sd === undefined ? undefined : (1.96 * sd) / Math.sqrt(values.length);
  return {
    mean: m,
    sd,
    ci95Low: half === undefined ? undefined : m - half,
    ci95High: half === undefined ? undefined : m + half,
    min,
    max,
  };
}

/** A parameter value as a table cell: strings bare, anything else as JSON. */
export function parameterCell(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function buildTables(summary: SweepSummaryData): SweepTables {
  const { rows, columns, numeric, parameters } = summary;

  const runsTable: string[][] = [[...parameters, 'seed', ...columns, 'error']];
  for (const row of rows) {
    if (!row.run) continue;
    runsTable.push([
      ...parameters.map((p) => parameterCell(row.spec.parameters[p])),
      String(row.spec.seed),
      ...columns.map((c) => cell(row.metrics?.get(c))),
      'error' in row.run ? row.run.error : '',
    ]);
  }

  const statistics = ['mean', 'sd', 'ci95Low', 'ci95High', 'min', 'max'] as const;
  const aggregateTable: string[][] = [[...parameters, 'runs', 'failed', ...numeric.flatMap((c) => statistics.map((s) => `${c}.${s}`))]];
  for (const combination of summary.combinations) {
    const cells = numeric.flatMap((c) => {
      const stats = combination.statistics.get(c);
      return statistics.map((s) => cell(stats?.[s]));
    });
    aggregateTable.push([...parameters.map((p) => parameterCell(combination.parameters[p])), String(combination.runs), String(combination.failed), ...cells]);
  }

  const done = rows.filter((row) => row.metrics).length;
  const failed = rows.filter((row) => row.run && 'error' in row.run).length;
  return {
    runsCsv: stringify(runsTable),
    aggregateCsv: stringify(aggregateTable),
    done,
    failed,
    missing: rows.length - done - failed,
  };
}

function cell(value: Scalar | undefined): string {
  if (value === undefined || value === null) return '';
  return String(value);
}
