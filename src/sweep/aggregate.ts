// The tables of a sweep, computed from its manifest and result store only (never from the order
// runs finished in), so any worker count, resume or merge of shards gives the same bytes:
// runs.csv, one row per run in expansion order: parameters, seed, every scalar of RunResult
// under a flattened name (services.ui.nines; list items by their name, pool or service, else by
// index; wallSeconds left out, seed once); aggregate.csv, one row per parameter combination:
// runs, failures, and per numeric metric mean, sd, 95% CI (mean ± 1.96·sd/√n), min and max.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
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

export function buildTables(manifest: SweepManifest, stored: ReadonlyMap<string, StoredRun>): SweepTables {
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
  const parameterCell = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

  const runsTable: string[][] = [[...manifest.parameters, 'seed', ...columns, 'error']];
  for (const row of rows) {
    if (!row.run) continue;
    runsTable.push([
      ...manifest.parameters.map((p) => parameterCell(row.spec.parameters[p])),
      String(row.spec.seed),
      ...columns.map((c) => cell(row.metrics?.get(c))),
      'error' in row.run ? row.run.error : '',
    ]);
  }

  const numeric = columns.filter((c) => rows.every((row) => {
    const value = row.metrics?.get(c);
    return value === undefined || value === null || typeof value === 'number';
  }));
  const statistics = ['mean', 'sd', 'ci95Low', 'ci95High', 'min', 'max'];
  const aggregateTable: string[][] = [[...manifest.parameters, 'runs', 'failed', ...numeric.flatMap((c) => statistics.map((s) => `${c}.${s}`))]];
  const combinations = new Map<number, typeof rows>();
  for (const row of rows) {
    const group = combinations.get(row.spec.combination) ?? [];
    group.push(row);
    combinations.set(row.spec.combination, group);
  }
  for (const group of combinations.values()) {
    const first = group[0] as (typeof rows)[number];
    const ok = group.filter((row) => row.metrics);
    const failed = group.filter((row) => row.run && 'error' in row.run).length;
    const cells = numeric.flatMap((c) => {
      const values = ok.map((row) => row.metrics?.get(c)).filter((v): v is number => typeof v === 'number');
      if (values.length === 0) return statistics.map(() => '');
      const m = mean(values);
      const sd = values.length >= 2 ? sampleStandardDeviation(values) : undefined;
      const half = sd === undefined ? undefined : (1.96 * sd) / Math.sqrt(values.length);
      return [m, sd, half === undefined ? undefined : m - half, half === undefined ? undefined : m + half, values.reduce((a, b) => Math.min(a, b)), values.reduce((a, b) => Math.max(a, b))].map(cell);
    });
    aggregateTable.push([...manifest.parameters.map((p) => parameterCell(first.spec.parameters[p])), String(ok.length), String(failed), ...cells]);
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

/** Writes runs.csv and aggregate.csv under temporary names and renames them into place. */
export function writeTables(directory: string, tables: SweepTables): string[] {
  mkdirSync(directory, { recursive: true });
  return ([['runs.csv', tables.runsCsv], ['aggregate.csv', tables.aggregateCsv]] as const).map(([name, content]) => {
    const target = path.join(directory, name);
    const temporary = `${target}.partial-${process.pid}`;
    writeFileSync(temporary, content);
    renameSync(temporary, target);
    return target;
  });
}
