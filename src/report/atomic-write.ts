// Writes files so that none is ever seen half-written: each goes to a temporary name first and is
// renamed into place, in the order given.

import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeFilesAtomically(directory: string, files: ReadonlyArray<readonly [name: string, content: string]>): string[] {
  mkdirSync(directory, { recursive: true });
  return files.map(([name, content]) => {
    const target = path.join(directory, name);
    const temporary = `${target}.partial-${process.pid}`;
    writeFileSync(temporary, content);
    renameSync(temporary, target);
    return target;
  });
}
