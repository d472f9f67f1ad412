// Scale benchmark (not a test): the generated scenario of scale-scenario.ts through the real
// loading and run path. Records wall time, events, events per second and peak RSS to
// results/scale.json and results/scale.md. Target (issue 3): at most 20 s and 4 GB on the 2-core
// development machine. `--quick` runs a tenth of the size; `--nodes N --deployments D
// --replicas R` set the shape.
// Each run is a fresh process (`--runs N`, default 5; 3 with --quick), one after another, and the
// record is the run with the median total: the development machine's wall times swing by 10–60%
// from one minute to the next, so one run says little; every run is listed with its start time
// and the time the same process took just before for a fixed reference workload (the hold
// model's bare typed-array heap, 2 million events at 100,000 pending), which shows the window.
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
import { ReferenceHeapHold } from './hold-model.js';
import { FULL_SCALE, scaleScenarioYaml, type ScaleShape } from './scale-scenario.js';

type LoadModule = typeof import('../src/scenario/load.js');
type RunModule = typeof import('../src/scenario/run.js');

/** What one run measures (printed by a child process as one JSON line). */
interface RunRecord {
  startedAt: string;
  /** Seconds of the reference workload run just before, in the same process. */
  referenceSeconds: number;
  loadSeconds: number;
  runSeconds: number;
  totalSeconds: number;
  events: number;
  peakRssMB: number;
  leaseRenewals: number;
  podsBound: number;
  pending: number;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUILD = path.join(ROOT, 'node_modules', '.cache', 'podsim-scale-bench'); // inside node_modules: its imports of packages resolve
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const useTsx = args.includes('--tsx');
const child = option('child'); // the scenario file a child process runs

if (child !== undefined) {
  console.log(JSON.stringify(await measure(child)));
} else {
  await main();
}

async function main(): Promise<void> {
  const quick = args.includes('--quick');
  const base: ScaleShape = quick ? { nodes: 500, deployments: 100, replicas: 150, services: true } : FULL_SCALE;
  const shape: ScaleShape = {
    nodes: Number(option('nodes') ?? base.nodes),
    deployments: Number(option('deployments') ?? base.deployments),
    replicas: Number(option('replicas') ?? base.replicas),
    services: !args.includes('--no-services'),
  };
  const runs = Number(option('runs') ?? (quick ? 3 : 5));
  if (!useTsx) build();
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podsim-scale-')), 'scale.yaml');
  writeFileSync(file, scaleScenarioYaml(shape));

  const measured: RunRecord[] = [];
  for (let i = 0; i < runs; i++) {
    const script = fileURLToPath(import.meta.url);
    const result = spawnSync(process.execPath, [...process.execArgv, script, '--child', file, ...(useTsx ? ['--tsx'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    if (result.status !== 0) throw new Error(`run ${i + 1} failed (exit code ${result.status ?? result.signal})`);
    const run = JSON.parse(result.stdout.trim().split('\n').pop() as string) as RunRecord;
    console.error(`run ${i + 1}/${runs}: ${run.totalSeconds} s, ${run.peakRssMB} MB`);
    measured.push(run);
  }
  const byTotal = [...measured].sort((a, b) => a.totalSeconds - b.totalSeconds);
  const median = byTotal[Math.floor((byTotal.length - 1) / 2)] as RunRecord;
  const pods = shape.deployments * shape.replicas;
  const peakRssMB = Math.max(...measured.map((r) => r.peakRssMB));
  const record = {
    benchmark: 'scale: one virtual day',
    shape: { ...shape, pods },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version },
    code: useTsx ? 'sources through tsx' : 'tsc build (tsconfig.build.json)',
    nodeFlags: process.execArgv.filter((flag) => flag.startsWith('--') && !flag.startsWith('--import')),
    runs: measured.length,
    statistic: `the run with the median total of ${measured.length} fresh processes (lower median for an even count)`,
    loadSeconds: median.loadSeconds,
    runSeconds: median.runSeconds,
    totalSeconds: median.totalSeconds,
    minTotalSeconds: (byTotal[0] as RunRecord).totalSeconds,
    maxTotalSeconds: (byTotal[byTotal.length - 1] as RunRecord).totalSeconds,
    events: median.events,
    eventsPerSecond: Math.round(median.events / median.runSeconds),
    peakRssMB,
    leaseRenewals: median.leaseRenewals,
    podsBound: median.podsBound,
    pending: median.pending,
    targets: { seconds: 20, rssMB: 4096, met: median.totalSeconds <= 20 && peakRssMB <= 4096 },
    allRuns: measured,
  };
  console.log(JSON.stringify(record, null, 2));
  if (args.includes('--no-write')) return;
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
      `Written by \`npm run bench:scale${quick ? ' -- --quick' : ''}\`: ${record.statistic}; peak RSS is the largest of them.`,
      '',
      '| load (s) | run (s) | total (s) | events | events/s | peak RSS (MB) | target ≤ 20 s, ≤ 4 GB |',
      '|---:|---:|---:|---:|---:|---:|---|',
      `| ${record.loadSeconds} | ${record.runSeconds} | ${record.totalSeconds} | ${record.events.toLocaleString('en-US')} | ${record.eventsPerSecond.toLocaleString('en-US')} | ${record.peakRssMB} | ${record.targets.met ? 'met' : 'missed'} |`,
      '',
      'Every run, in order:',
      '',
      '| started (UTC) | reference (s) | load (s) | run (s) | total (s) | peak RSS (MB) |',
      '|---|---:|---:|---:|---:|---:|',
      ...measured.map((r) => `| ${r.startedAt} | ${r.referenceSeconds} | ${r.loadSeconds} | ${r.runSeconds} | ${r.totalSeconds} | ${r.peakRssMB} |`),
      '',
      'reference: the seconds the same process took, just before the run, for a fixed workload (the',
      "kernel benchmark's bare typed-array heap, 2 million events at 100,000 pending): a larger value",
      'marks a window in which this VM runs everything slower.',
      '',
    ].join('\n'),
  );
}

/** One run of the scenario file in this process. */
async function measure(file: string): Promise<RunRecord> {
  const startedAt = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const referenceSeconds = referenceWorkload();
  const { loadScenario, runScenario } = useTsx ? await sourceModules() : await compiledModules();
  const loadStart = performance.now();
  const scenario = loadScenario(file);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const { result } = runScenario(scenario);
  return {
    startedAt,
    referenceSeconds,
    loadSeconds: round(loadSeconds),
    runSeconds: result.wallSeconds,
    totalSeconds: round(loadSeconds + result.wallSeconds),
    events: result.events,
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    leaseRenewals: result.controlPlane.leaseRenewals,
    podsBound: result.controlPlane.podsBound,
    pending: result.unschedulable.length,
  };
}

/** Seconds for a fixed CPU and cache workload (after a warm-up): the machine's speed right now. */
function referenceWorkload(): number {
  const hold = new ReferenceHeapHold(100_000, true);
  hold.advance(200_000);
  const start = performance.now();
  hold.advance(2_000_000);
  return round((performance.now() - start) / 1000);
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** Compiles the sources with the project's tsc build into BUILD, fresh. */
function build(): void {
  rmSync(BUILD, { recursive: true, force: true });
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', path.join(ROOT, 'tsconfig.build.json'), '--outDir', BUILD, '--declaration', 'false', '--sourceMap', 'false'], { stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`the tsc build failed (exit code ${result.status ?? result.signal})`);
}

async function sourceModules(): Promise<LoadModule & RunModule> {
  return { ...(await import('../src/scenario/load.js')), ...(await import('../src/scenario/run.js')) };
}

async function compiledModules(): Promise<LoadModule & RunModule> {
  const load = (await import(pathToFileURL(path.join(BUILD, 'scenario', 'load.js')).href)) as LoadModule;
  const run = (await import(pathToFileURL(path.join(BUILD, 'scenario', 'run.js')).href)) as RunModule;
  return { ...load, ...run };
}
