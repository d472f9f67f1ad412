// `podsim sweep SWEEP`: run every parameter combination × seed of a sweep file on worker
// threads, into a resumable result store, and write runs.csv and aggregate.csv; or, with
// --emit-job, print the Kubernetes Indexed Job that runs it in shards on a cluster.

import path from 'node:path';
import type { Argv } from 'yargs';
import { InputError } from '../scenario/errors.js';
import { loadSweep } from '../sweep/load-sweep.js';
import { parseShard, runSweep } from '../sweep/run-sweep.js';
import { indexedJobManifest } from '../sweep/indexed-job.js';
import { defaultWorkerCount } from '../sweep/worker-pool.js';
import { ProgressWriter } from './progress.js';

interface SweepArguments {
  sweep: string;
  workers?: number;
  shard?: string;
  out?: string;
  resume?: boolean;
  emitJob?: boolean;
  shards?: number;
  image?: string;
  resultsClaim?: string;
}

export function registerSweep(cli: Argv): Argv {
  return cli.command<SweepArguments>(
    'sweep <sweep>',
    'Run a sweep file: parameter combinations × seeds, with aggregates and confidence intervals',
    (command) =>
      command
        .positional('sweep', { type: 'string', demandOption: true, describe: 'sweep YAML file (kind: Sweep)' })
        .option('workers', { type: 'number', describe: 'worker threads (default: one per core; 1 runs in-process)' })
        .option('shard', { type: 'string', describe: 'run only shard I of N (I from 0): the runs whose index ≡ I mod N' })
        .option('out', { type: 'string', describe: 'output directory (default out/sweeps/<sweep name>)' })
        .option('resume', { type: 'boolean', default: false, describe: 'continue an interrupted sweep in --out, skipping finished runs' })
        .option('emit-job', { type: 'boolean', default: false, describe: 'print a Kubernetes Indexed Job (and the Dockerfile it expects) that runs the sweep in shards, instead of running it' })
        .option('shards', { type: 'number', default: 4, describe: 'with --emit-job: number of shards (Job completions)' })
        .option('image', { type: 'string', default: 'podsim:latest', describe: 'with --emit-job: the container image' })
        .option('results-claim', { type: 'string', default: 'podsim-results', describe: 'with --emit-job: a ReadWriteMany PersistentVolumeClaim for the shard outputs' })
        .example('$0 sweep scenarios/sweeps/grace-period.yaml', 'run a bundled sweep')
        .example('$0 sweep scenarios/sweeps/replicas-vs-cost.yaml --shard 0/4 --out out/shard-0', 'run the first of four shards')
        .example('$0 sweep scenarios/sweeps/replicas-vs-cost.yaml --emit-job --shards 8 --image registry.example/podsim:1', 'print an Indexed Job for a cluster'),
    async (args) => {
      const workers = args.workers ?? defaultWorkerCount();
      if (!Number.isSafeInteger(workers) || workers < 1) {
        throw new InputError('--workers', undefined, '', `expected a positive integer, found ${String(args.workers)}`);
      }
      const shard = args.shard === undefined ? undefined : parseShard(args.shard);
      const sweep = loadSweep(args.sweep);
      if (args.emitJob) {
        const shards = args.shards ?? 4;
        if (!Number.isSafeInteger(shards) || shards < 1) throw new InputError('--shards', undefined, '', `expected a positive integer, found ${String(args.shards)}`);
        process.stdout.write(
          indexedJobManifest({ name: sweep.name, sweepFile: args.sweep, shards, image: args.image ?? 'podsim:latest', resultsClaim: args.resultsClaim ?? 'podsim-results', workers: Math.min(workers, 2) }),
        );
        return;
      }
      const out = args.out ?? path.join('out', 'sweeps', sweep.name);
      const started = process.hrtime.bigint();
      const progress = new ProgressWriter(process.stderr);
      const summary = await runSweep(sweep, {
        out,
        workers,
        shard,
        resume: args.resume,
        onProgress: ({ done, failed, total, run }) => progress.update({ done, failed, total }, 'error' in run ? `run ${run.key} failed: ${run.error}` : undefined),
      }).finally(() => progress.finish());
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const shardNote = shard ? ` (shard ${shard.index}/${shard.count})` : '';
      process.stdout.write(
        `podsim sweep: ${sweep.name}${shardNote}: ${summary.done} runs done, ${summary.failed} failed, ${summary.total} in all` +
          `${summary.resumed > 0 ? `, ${summary.resumed} already in the store` : ''}; ${seconds.toFixed(1)} s on ${workers} worker${workers === 1 ? '' : 's'}\n` +
          `wrote ${summary.files.join(', ')}\n`,
      );
      if (summary.failed > 0) process.exitCode = 1;
    },
  );
}
