// The result store of a sweep directory: DIR/sweep.json (the expansion: which runs, in which
// order) and DIR/runs.jsonl (one JSON line per finished run, appended with a single write, so a
// crash leaves at most a torn last line, which reading ignores).

import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { RunResult } from '../metrics/run-result.js';
import { InputError } from '../scenario/errors.js';
import type { RunSpec } from './expand.js';

export const STORE_FILE = 'runs.jsonl';
export const MANIFEST_FILE = 'sweep.json';

export type StoredRun =
  | { key: string; parameters: Record<string, unknown>; seed: number; result: RunResult }
  | { key: string; parameters: Record<string, unknown>; seed: number; error: string };

/** What a sweep directory says about its sweep; shards of one sweep have equal manifests. */
export interface SweepManifest {
  name: string;
  scenario: string;
  parameters: string[];
  runs: Array<{ key: string; combination: number; parameters: Record<string, unknown>; seed: number }>;
}

export function manifestOf(name: string, scenario: string, parameters: string[], runs: readonly RunSpec[]): SweepManifest {
  return { name, scenario, parameters, runs: runs.map(({ key, combination, parameters: p, seed }) => ({ key, combination, parameters: p, seed })) };
}

export function writeManifest(directory: string, manifest: SweepManifest): void {
  mkdirSync(directory, { recursive: true });
  const target = path.join(directory, MANIFEST_FILE);
  const temporary = `${target}.partial-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  renameSync(temporary, target);
}

export function readManifest(directory: string): SweepManifest {
  const file = path.join(directory, MANIFEST_FILE);
  if (!existsSync(file)) throw new InputError(directory, undefined, '', `not a sweep output directory (no ${MANIFEST_FILE})`);
  return JSON.parse(readFileSync(file, 'utf8')) as SweepManifest;
}

export class ResultStore {
  readonly file: string;

  constructor(readonly directory: string) {
    this.file = path.join(directory, STORE_FILE);
  }

  exists(): boolean {
    return existsSync(this.file);
  }

  /**
   * Finished runs by key. A torn last line (an interrupted append) is ignored; a run recorded
   * as failed and later as done counts as done.
   */
  read(): Map<string, StoredRun> {
    const runs = new Map<string, StoredRun>();
    if (!this.exists()) return runs;
    const lines = readFileSync(this.file, 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (line.trim() === '') return;
      let run: StoredRun;
      try {
        run = JSON.parse(line) as StoredRun;
      } catch {
        if (i >= lines.length - 2) return; // the torn last line
        throw new InputError(this.file, { line: i + 1, column: 1 }, '', 'not a JSON line; the result store is damaged');
      }
      const before = runs.get(run.key);
      if (!before || 'error' in before) runs.set(run.key, run);
    });
    return runs;
  }

  append(run: StoredRun): void {
    mkdirSync(this.directory, { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(run)}\n`);
  }

  /** Cuts a torn last line (an interrupted append) off, so that the next append starts a line. */
  repairTail(): void {
    if (!this.exists()) return;
    const bytes = readFileSync(this.file);
    if (bytes.length > 0 && bytes[bytes.length - 1] !== 0x0a) truncateSync(this.file, bytes.lastIndexOf(0x0a) + 1);
  }
}
