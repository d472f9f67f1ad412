// `podsim schema`: the JSON Schema of scenario files, for editors. Put
// `# yaml-language-server: $schema=<path to the printed file>` at the top of a scenario.

import type { Argv } from 'yargs';
import { z } from 'zod';
import { scenarioSchema } from '../scenario/schema.js';

export function scenarioJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(scenarioSchema, { io: 'input', unrepresentable: 'any', reused: 'ref' }),
    $id: 'https://podsim.dev/schemas/scenario-v1alpha1.json',
    title: 'podsim scenario (podsim.dev/v1alpha1, kind Scenario)',
  };
}

export function registerSchema(cli: Argv): Argv {
  return cli.command(
    'schema',
    'Print the JSON Schema of scenario files (for editor completion)',
    (command) =>
      command.example('$0 schema > podsim.schema.json', 'then start a scenario with: # yaml-language-server: $schema=./podsim.schema.json'),
    () => {
      process.stdout.write(`${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`);
    },
  );
}
