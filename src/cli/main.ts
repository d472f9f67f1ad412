// The podsim command line. Exit codes: 0 success, 2 invalid input (one paragraph on stderr, no
// stack trace), 1 internal error.

import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { InputError } from '../scenario/errors.js';
import { registerBench } from './bench.js';
import { registerMerge } from './merge.js';
import { registerRun } from './run.js';
import { registerSchema } from './schema.js';
import { registerSweep } from './sweep.js';
import { registerValidate } from './validate.js';

export const EXIT_OK = 0;
export const EXIT_INTERNAL = 1;
export const EXIT_INVALID_INPUT = 2;

export async function main(argv: string[]): Promise<number> {
  let exitCode = EXIT_OK;
  const cli = yargs(argv)
    .scriptName('podsim')
    .usage('$0 <command> [options]\n\nA deterministic discrete-event simulator of a Kubernetes cluster.')
    .strict()
    .demandCommand(1, 'Name a command: run, validate, schema, sweep, merge or bench.')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((message, error) => {
      if (error) throw error;
      process.stderr.write(`podsim: ${message}\nRun "podsim --help" for usage.\n`);
      exitCode = EXIT_INVALID_INPUT;
    });
  registerRun(cli);
  registerValidate(cli);
  registerSchema(cli);
  registerSweep(cli);
  registerMerge(cli);
  registerBench(cli);
  try {
    await cli.parseAsync();
  } catch (error) {
    if (error instanceof InputError) {
      process.stderr.write(`${error.message}\n`);
      return EXIT_INVALID_INPUT;
    }
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`podsim: internal error: ${message}\n`);
    if (process.env.PODSIM_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    else process.stderr.write('(set PODSIM_DEBUG=1 to see the stack trace; please report this as a bug)\n');
    return EXIT_INTERNAL;
  }
  // A command may set process.exitCode itself (validate, after reporting every file).
  return exitCode !== EXIT_OK ? exitCode : typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, '/').split('/').pop() ?? '');
if (invokedDirectly) {
  process.exitCode = await main(hideBin(process.argv));
}
