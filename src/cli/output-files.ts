// Writes a run's output files so that a directory never looks complete when it is not: each
// file is written to a temporary name and renamed into place, and summary.json, which marks a
// finished run, goes last.

import { rmSync } from 'node:fs';
import path from 'node:path';
import { writeFilesAtomically } from '../report/atomic-write.js';

export function writeOutputFiles(directory: string, files: ReadonlyArray<readonly [name: string, content: string]>): string[] {
  // A stale summary.json from an earlier run must not vouch for half-written new files.
  rmSync(path.join(directory, 'summary.json'), { force: true });
  const ordered = [...files].sort(([a], [b]) => Number(a === 'summary.json') - Number(b === 'summary.json'));
  return writeFilesAtomically(directory, ordered);
}
