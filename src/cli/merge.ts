// `podsim merge DIR... --out DIR`: join the result stores of sweep shards into exactly the
// runs.csv, aggregate.csv and report.html one machine would have written.

import type { Argv } from 'yargs';
import { mergeSweeps } from '../sweep/run-sweep.js';

interface MergeArguments {
  dirs: string[];
  out: string;
}

export function registerMerge(cli: Argv): Argv {
  return cli.command<MergeArguments>(
    'merge <dirs..>',
    'Join the output directories of sweep shards into one',
    (command) =>
      command
        .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'sweep output directories (one per shard)' })
        .option('out', { type: 'string', demandOption: true, describe: 'output directory for the merged sweep' })
        .example('$0 merge out/shard-0 out/shard-1 --out out/sweeps/replicas-vs-cost', 'merge two shards'),
    async (args) => {
      const summary = await mergeSweeps(args.dirs, args.out);
      process.stdout.write(
        `podsim merge: ${summary.done} runs done, ${summary.failed} failed, ${summary.missing} missing of ${summary.total}\nwrote ${summary.files.join(', ')}\n`,
      );
    },
  );
}
