// `podsim validate SCENARIO...`: check scenario files without running them.

import type { Argv } from 'yargs';
import { InputError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';

export function registerValidate(cli: Argv): Argv {
  return cli.command<{ scenarios: string[] }>(
    'validate <scenarios..>',
    'Check scenario files without running them',
    (command) =>
      command
        .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario YAML files' })
        .example('$0 validate scenarios/*.yaml', 'check every bundled scenario'),
    (args) => {
      const problems: InputError[] = [];
      for (const file of args.scenarios) {
        try {
          const scenario = loadScenario(file);
          process.stdout.write(`${file}: ok (${scenario.name}: ${scenario.nodePools.length} node pools, ${scenario.workloads.length} manifests)\n`);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          problems.push(error);
          process.stderr.write(`${error.message}\n`);
        }
      }
      if (problems.length > 0) {
        // Each problem was printed above; a summary line only helps when several files were checked.
        if (args.scenarios.length > 1) process.stderr.write(`${problems.length} of ${args.scenarios.length} files are invalid\n`);
        process.exitCode = 2;
      }
    },
  );
}
