// Runs a sweep into an output directory, resumably and optionally as one shard of many, and
// merges shard directories into what one machine would have written.

import { existsSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../scenario/errors.js';
import { renderSweepReport } from './report/sweep-report.js';
import { writeFilesAtomically } from '../report/atomic-write.js';
import { buildTables, summarizeSweep, type SweepTables } from './aggregate.js';
import { expandSweep, type RunSpec } from './expand.js';
import type { Sweep } from './load-sweep.js';
import { manifestOf, readManifest, ResultStore, STORE_FILE, writeManifest, type StoredRun, type SweepManifest } from './result-store.js';
import { runTasks } from './worker-pool.js';

export interface Shard {
  index: number;
  count: number;
}

export interface SweepOptions {
  out: string;
  workers: number;
  shard?: Shard;
  resume?: boolean;
  /** Called after every finished run. */
  onProgress?(progress: { done: number; failed: number; total: number; run: StoredRun }): void;
}

export interface SweepSummary extends SweepTables {
  /** Runs of this shard (all runs without --shard). */
  total: number;
  /** Runs skipped because the store already had them. */
  resumed: number;
  files: string[];
}

/** Parses "I/N" (I from 0). */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new InputError('--shard', undefined, '', `expected I/N with 0 ≤ I < N (e.g. 0/4), found "${text}"`);
  }
  return { index, count };
}

export function shardRuns(runs: readonly RunSpec[], shard: Shard | undefined): RunSpec[] {
  return shard ? runs.filter((run) => run.index % shard.count === shard.index) : [...runs];
}

export async function runSweep(sweep: Sweep, options: SweepOptions): Promise<SweepSummary> {
  const all = expandSweep(sweep);
  const mine = shardRuns(all, options.shard);
  const manifest = manifestOf(sweep.name, sweep.scenario, sweep.parameters.map((p) => p.path), all);
  const store = new ResultStore(options.out);
  if (store.exists() && !options.resume) {
    throw new InputError(options.out, undefined, '', `already holds a sweep's results (${STORE_FILE}); pass --resume to continue it, or choose another --out`);
  }
  if (store.exists() && existsSync(path.join(options.out, 'sweep.json'))) {
    const before = readManifest(options.out);
    if (!sameRuns(before, manifest)) {
      throw new InputError(options.out, undefined, '', `holds the results of a different sweep (other runs: the sweep file or its scenario changed); choose another --out`);
    }
  }
  writeManifest(options.out, manifest);
  store.repairTail();
  const stored = store.read();
  const todo = mine.filter((run) => !isDone(stored.get(run.key)));
  const resumed = mine.length - todo.length;
  const byKey = new Map(todo.map((run) => [run.key, run]));

  let done = mine.filter((run) => { const s = stored.get(run.key); return s !== undefined && 'result' in s; }).length;
  let failed = 0;
  await runTasks(
    todo.map((run) => ({ key: run.key, scenario: sweep.scenario, sets: run.sets, seed: run.seed })),
    options.workers,
    (outcome) => {
      const spec = byKey.get(outcome.key) as RunSpec;
      const run: StoredRun = outcome.ok
        ? { key: spec.key, parameters: spec.parameters, seed: spec.seed, result: outcome.result }
        : { key: spec.key, parameters: spec.parameters, seed: spec.seed, error: outcome.message };
      store.append(run);
      stored.set(run.key, run);
      if (outcome.ok) done++;
      else failed++;
      options.onProgress?.({ done, failed, total: mine.length, run });
    },
  );
  const { tables, files } = await writeSweepOutputs(options.out, manifest, store.read());
  return { ...tables, total: mine.length, resumed, files: [path.join(options.out, 'sweep.json'), store.file, ...files] };
}

/** Joins the stores of shard directories (of one sweep) into `out`. */
export async function mergeSweeps(directories: readonly string[], out: string): Promise<SweepSummary> {
  if (directories.length === 0) throw new InputError('merge', undefined, '', 'name at least one sweep output directory');
  const manifests = directories.map(readManifest);
  const manifest = manifests[0] as SweepManifest;
  manifests.forEach((other, i) => {
    if (!sameRuns(manifest, other)) {
      throw new InputError(directories[i] as string, undefined, '', `is a shard of a different sweep than ${directories[0]} (its runs differ)`);
    }
  });
  const merged = new Map<string, StoredRun>();
  for (const directory of directories) {
    for (const [key, run] of new ResultStore(directory).read()) {
      const before = merged.get(key);
      if (!before || 'error' in before) merged.set(key, run);
    }
  }
  const target = new ResultStore(out);
  if (target.exists() && !directories.map((d) => path.resolve(d)).includes(path.resolve(out))) {
    throw new InputError(out, undefined, '', `already holds a sweep's results (${STORE_FILE}); choose another --out`);
  }
  writeManifest(out, manifest);
  // The merged store in expansion order, written whole and renamed into place.
  const lines = manifest.runs.flatMap((spec) => {
    const run = merged.get(spec.key);
    return run ? [`${JSON.stringify(run)}\n`] : [];
  });
  const temporary = `${target.file}.partial-${process.pid}`;
  writeFileSync(temporary, lines.join(''));
  renameSync(temporary, target.file);
  const { tables, files } = await writeSweepOutputs(out, manifest, merged);
  return { ...tables, total: manifest.runs.length, resumed: 0, files: [path.join(out, 'sweep.json'), target.file, ...files] };
}

/** runs.csv, aggregate.csv and report.html of the runs in `stored`. */
async function writeSweepOutputs(out: string, manifest: SweepManifest, stored: ReadonlyMap<string, StoredRun>): Promise<{ tables: SweepTables; files: string[] }> {
  const summary = summarizeSweep(manifest, stored);
  const tables = buildTables(summary);
  const report = await renderSweepReport(manifest, summary);
  const files = writeFilesAtomically(out, [
    ['runs.csv', tables.runsCsv],
    ['aggregate.csv', tables.aggregateCsv],
    ['report.html', report],
  ]);
  return { tables, files };
}

function isDone(run: StoredRun | undefined): boolean {
  return run !== undefined && 'result' in run;
}

function sameRuns(a: SweepManifest, b: SweepManifest): boolean {
  return a.runs.length === b.runs.length && a.runs.every((run, i) => run.key === b.runs[i]?.key);
}
