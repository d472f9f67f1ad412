// `podsim run SCENARIO`: simulate one scenario, print a summary, write timeseries.csv,
// report.html and, last, summary.json.

import path from 'node:path';
import type { Argv } from 'yargs';
import { renderRunReport } from '../report/html/run-report.js';
import { renderSummaryJson } from '../report/summary-json.js';
import { renderTerminalSummary } from '../report/terminal-table.js';
import { renderTimeSeriesCsv } from '../report/timeseries-csv.js';
import { InputError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/run.js';
import { writeOutputFiles } from './output-files.js';

interface RunArguments {
  scenario: string;
  seed?: number;
  duration?: string;
  set?: string[];
  out?: string;
  json?: boolean;
  report?: boolean;
}

export function registerRun(cli: Argv): Argv {
  return cli.command<RunArguments>(
    'run <scenario>',
    'Simulate a scenario file and report nines, density and cost',
    (command) =>
      command
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
        .option('seed', { type: 'number', describe: 'master seed (overrides spec.seed)' })
        .option('duration', { type: 'string', describe: 'virtual time to simulate, e.g. 2h or 7d (overrides spec.duration)' })
        .option('set', { type: 'string', array: true, describe: 'override a scenario value: PATH=VALUE (repeatable)' })
        .option('out', { type: 'string', describe: 'output directory (default out/<scenario name>)' })
        .option('json', { type: 'boolean', default: false, describe: 'print summary.json to stdout instead of the table' })
        .option('report', { type: 'boolean', default: true, describe: 'write report.html (charts and tables; --no-report skips it)' })
        .example('$0 run scenarios/default.yaml', 'run the bundled default scenario')
        .example('$0 run scenarios/default.yaml --seed 7 --duration 2h --set spec.nodePools[name=general].count=5', 'override the seed, the duration and a pool size'),
    async (args) => {
      if (args.seed !== undefined && (!Number.isSafeInteger(args.seed) || args.seed < 0)) {
        throw new InputError('--seed', undefined, '', `expected a non-negative integer, found ${String(args.seed)}`);
      }
      const scenario = loadScenario(args.scenario, { seed: args.seed, duration: args.duration, sets: args.set ?? [] });
      const { result, timeSeries, outages } = runScenario(scenario);
      const directory = args.out ?? path.join('out', scenario.name);
      const summary = renderSummaryJson(result);
      const report = args.report ? [['report.html', await renderRunReport({ result, timeSeries, outages })] as const] : [];
      writeOutputFiles(directory, [['timeseries.csv', renderTimeSeriesCsv(timeSeries)], ...report, ['summary.json', summary]]);
      const also = args.report ? ', timeseries.csv and report.html' : ' and timeseries.csv';
      if (args.json) process.stdout.write(summary);
      else process.stdout.write(`${renderTerminalSummary(result)}\nwrote ${path.join(directory, 'summary.json')}${also}\n`);
    },
  );
}
