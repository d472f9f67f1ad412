// Writes a run's output files so that a directory never looks complete when it is not: each
// file is written to a temporary name and renamed into place, and summary.json, which marks a
// finished run, goes last.

import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeOutputFiles(directory: string, files: ReadonlyArray<readonly [name: string, content: string]>): string[] {
  mkdirSync(directory, { recursive: true });
  // A stale summary.json from an earlier run must not vouch for half-written new files.
  rmSync(path.join(directory, 'summary.json'), { force: true });
  const ordered = [...files].sort(([a], [b]) => Number(a === 'summary.json') - Number(b === 'summary.json'));
  const written: string[] = [];
  for (const [name, content] of ordered) {
    const target = path.join(directory, name);
    const temporary = `${target}.partial-${process.pid}`;
    writeFileSync(temporary, content);
    renameSync(temporary, target);
    written.push(target);
  }
  return written;
}
