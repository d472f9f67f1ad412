// `podsim bench [--quick] [--only NAME...]`: runs the benchmarks under benchmarks/ (kernel hold
// model, scale, sweep throughput), each in its own process so that one's heap and JIT state do
// not colour the next; each writes its results under results/. Wall-clock figures: run them on a
// quiet machine.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Argv } from 'yargs';
import { InputError } from '../scenario/errors.js';
import { SEMI_SPACE_FLAGS } from '../scenario/heap-tuning.js';

const BENCHMARKS = ['kernel', 'scale', 'sweep'] as const;

interface BenchArguments {
  quick?: boolean;
  only?: string[];
}

export function registerBench(cli: Argv): Argv {
  return cli.command<BenchArguments>(
    'bench',
    'Run the benchmarks (kernel, scale, sweep) and write their results under results/',
    (command) =>
      command
        .option('quick', { type: 'boolean', default: false, describe: 'shorter runs: kernel measurements, a tenth of the scale scenario, 2 sweep seeds' })
        .option('only', { type: 'string', array: true, describe: `run only these: ${BENCHMARKS.join(', ')}` })
        .example('$0 bench --quick', 'all three, quickly')
        .example('$0 bench --only scale', 'the 5,000-node, 150,000-pod day'),
    (args) => {
      const chosen = args.only ?? [...BENCHMARKS];
      for (const name of chosen) {
        if (!(BENCHMARKS as readonly string[]).includes(name)) throw new InputError('--only', undefined, '', `no benchmark named "${name}" (there are: ${BENCHMARKS.join(', ')})`);
      }
      const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
      for (const name of chosen) {
        const script = path.join(root, 'benchmarks', `${name}.bench.ts`);
        if (!existsSync(script)) throw new InputError(script, undefined, '', 'benchmark script not found: podsim bench runs from a checkout of the repository');
        process.stdout.write(`podsim bench: ${name}\n`);
        const flags = name === 'kernel' ? [] : SEMI_SPACE_FLAGS; // the kernel bench measures the event set alone
        const run = spawnSync(process.execPath, [...flags, '--import', 'tsx', script, ...(args.quick ? ['--quick'] : [])], { cwd: root, stdio: 'inherit' });
        if (run.status !== 0) {
          process.exitCode = 1;
          process.stderr.write(`podsim bench: ${name} failed (exit code ${run.status ?? run.signal})\n`);
        }
      }
    },
  );
}
