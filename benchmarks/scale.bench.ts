// Scale benchmark (not a test): the generated scenario of scale-scenario.ts through the real
// loading and run path. Records wall time, events, events per second and peak RSS to
// results/scale.json and results/scale.md. Target (issue 3): at most 20 s and 4 GB on the 2-core
// development machine. `--quick` runs a tenth of the size; `--nodes N --deployments D
// --replicas R` set the shape.
// It runs the sources compiled by the project's own tsc build (tsconfig.build.json, into
// node_modules/.cache, fresh each time, so never stale), as `npm run build` would: tsx, which
// runs the sources directly, transpiles with esbuild's keepNames, which wraps every function it
// creates in a naming call, and that cost 5–8% at this scale. `--tsx` runs the sources through
// tsx instead.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FULL_SCALE, scaleScenarioYaml, type ScaleShape } from './scale-scenario.js';

type LoadModule = typeof import('../src/scenario/load.js');
type RunModule = typeof import('../src/scenario/run.js');

const args = process.argv.slice(2);
const option = (name: string): number | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : undefined;
};
const quick = args.includes('--quick');
const base: ScaleShape = quick ? { nodes: 500, deployments: 100, replicas: 150, services: true } : FULL_SCALE;
const shape: ScaleShape = {
  nodes: option('nodes') ?? base.nodes,
  deployments: option('deployments') ?? base.deployments,
  replicas: option('replicas') ?? base.replicas,
  services: !args.includes('--no-services'),
};

const useTsx = args.includes('--tsx');
const { loadScenario, runScenario } = useTsx ? await sourceModules() : await compiledModules();

const dir = mkdtempSync(path.join(os.tmpdir(), 'podsim-scale-'));
const file = path.join(dir, 'scale.yaml');
writeFileSync(file, scaleScenarioYaml(shape));

const loadStart = performance.now();
const scenario = loadScenario(file);
const loadSeconds = (performance.now() - loadStart) / 1000;
const { result } = runScenario(scenario);
const peakRssMB = process.resourceUsage().maxRSS / 1024;
const totalSeconds = loadSeconds + result.wallSeconds;
const pods = shape.deployments * shape.replicas;

const record = {
  benchmark: 'scale: one virtual day',
  shape: { ...shape, pods },
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version },
  code: useTsx ? 'sources through tsx' : 'tsc build (tsconfig.build.json)',
  nodeFlags: process.execArgv.filter((flag) => flag.startsWith('--') && !flag.startsWith('--import')),
  loadSeconds: round(loadSeconds),
  runSeconds: result.wallSeconds,
  totalSeconds: round(totalSeconds),
  events: result.events,
  eventsPerSecond: Math.round(result.events / result.wallSeconds),
  peakRssMB: Math.round(peakRssMB),
  leaseRenewals: result.controlPlane.leaseRenewals,
  podsBound: result.controlPlane.podsBound,
  pending: result.unschedulable.length,
  targets: { seconds: 20, rssMB: 4096, met: totalSeconds <= 20 && peakRssMB <= 4096 },
};
console.log(JSON.stringify(record, null, 2));
if (!args.includes('--no-write')) {
  mkdirSync('results', { recursive: true });
  const name = quick ? 'scale-quick' : 'scale';
  writeFileSync(`results/${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
  writeFileSync(
    `results/${name}.md`,
    [
      `# Scale benchmark${quick ? ' (quick)' : ''}`,
      '',
      `${shape.nodes} nodes, ${pods} pods (${shape.deployments} Deployments × ${shape.replicas}${shape.services ? ', a Service each' : ''}), one virtual day, every lease renewal an event.`,
      `Machine: ${record.machine.cpus} cores, ${record.machine.cpuModel}, Node ${record.machine.node}; ${record.code}; node ${record.nodeFlags.join(' ')}.`,
      '',
      '| load (s) | run (s) | total (s) | events | events/s | peak RSS (MB) | target ≤ 20 s, ≤ 4 GB |',
      '|---:|---:|---:|---:|---:|---:|---|',
      `| ${record.loadSeconds} | ${record.runSeconds} | ${record.totalSeconds} | ${record.events.toLocaleString('en-US')} | ${record.eventsPerSecond.toLocaleString('en-US')} | ${record.peakRssMB} | ${record.targets.met ? 'met' : 'missed'} |`,
      '',
    ].join('\n'),
  );
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

async function sourceModules(): Promise<LoadModule & RunModule> {
  return { ...(await import('../src/scenario/load.js')), ...(await import('../src/scenario/run.js')) };
}

async function compiledModules(): Promise<LoadModule & RunModule> {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  // Inside node_modules, so that the build's imports of packages resolve as the sources' do.
  const out = path.join(root, 'node_modules', '.cache', 'podsim-scale-bench');
  rmSync(out, { recursive: true, force: true });
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', out, '--declaration', 'false', '--sourceMap', 'false'], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`the tsc build failed (exit code ${build.status ?? build.signal})`);
  const load = (await import(pathToFileURL(path.join(out, 'scenario', 'load.js')).href)) as LoadModule;
  const run = (await import(pathToFileURL(path.join(out, 'scenario', 'run.js')).href)) as RunModule;
  return { ...load, ...run };
}
