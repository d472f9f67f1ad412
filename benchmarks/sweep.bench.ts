// Sweep throughput with 1 and 2 workers (issue 5: at least 1.8x with 2 workers on the 2-core
// development machine). Runs a zeus-zap sweep (the catalog HPA's ceiling, one day per run) with 8
// seeds, 24 runs, into temporary directories, three ways:
//   - 1 worker (in-process), then 2 worker threads;
//   - a reference for two parallel jobs on this machine: the same sweep as two shards in two
//     separate processes at once (`podsim sweep --shard I/2 --workers 1`), which share nothing
//     (each pays its own start-up and sweep validation, as a worker thread pays its start-up).
// If the reference is well below 2x, the cores themselves do not scale (shared caches, memory
// bandwidth, or vCPUs that are hyperthreads on the host) and no pool can do much better.
// Writes results/sweep.json and results/sweep.md. Run it on a quiet machine. `--quick` runs 2
// seeds instead of 8.

import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSweep } from '../src/sweep/load-sweep.js';
import { runSweep } from '../src/sweep/run-sweep.js';

const seeds = process.argv.includes('--quick') ? 2 : 8;
const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podsim-sweep-bench-')), 'sweep.yaml');
writeFileSync(
  file,
  [
    'apiVersion: podsim.dev/v1alpha1',
    'kind: Sweep',
    'metadata: { name: sweep-bench }',
    'spec:',
    `  scenario: ${path.resolve('scenarios/zeus-zap.yaml')}`,
    `  seeds: ${seeds}`,
    '  parameters:',
    '    - { path: "spec.workloads[kind=HorizontalPodAutoscaler,name=catalog].spec.maxReplicas", values: [8, 16, 30] }',
    '    - { path: spec.duration, values: [1d] }',
    '',
  ].join('\n'),
);

interface Row {
  setup: string;
  runs: number;
  seconds: number;
  runsPerSecond: number;
}

const rows: Row[] = [];
const record = (setup: string, runs: number, seconds: number): void => {
  rows.push({ setup, runs, seconds: Math.round(seconds * 100) / 100, runsPerSecond: Math.round((runs / seconds) * 1000) / 1000 });
  console.log(`${setup}: ${runs} runs in ${seconds.toFixed(2)} s`);
};

for (const workers of [1, 2]) {
  const out = mkdtempSync(path.join(os.tmpdir(), `podsim-sweep-bench-${workers}-`));
  const started = performance.now();
  const summary = await runSweep(loadSweep(file), { out, workers });
  record(workers === 1 ? '1 worker (in-process)' : '2 worker threads', summary.total, (performance.now() - started) / 1000);
}

// Two shards in two processes at once: what two independent jobs get from this machine.
const runShard = (index: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const out = mkdtempSync(path.join(os.tmpdir(), `podsim-sweep-bench-shard-${index}-`));
    const child = spawn(process.execPath, ['bin/podsim.js', 'sweep', file, '--shard', `${index}/2`, '--workers', '1', '--out', out], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`shard ${index} exited with ${code}`))));
  });
const shardsStarted = performance.now();
await Promise.all([runShard(0), runShard(1)]);
record('2 processes, one shard each (reference)', rows[0]?.runs ?? 0, (performance.now() - shardsStarted) / 1000);

const rate = (setup: string) => rows.find((r) => r.setup.startsWith(setup))?.runsPerSecond ?? 0;
const speedup = Math.round((rate('2 worker') / rate('1 worker')) * 100) / 100;
const ceiling = Math.round((rate('2 processes') / rate('1 worker')) * 100) / 100;
const result = {
  benchmark: 'sweep throughput',
  sweep: `zeus-zap, catalog HPA maxReplicas 8/16/30, 1 day per run, ${seeds} seeds`,
  machine: { cpus: os.cpus().length, node: process.version, loadBefore: os.loadavg()[0] },
  rows,
  speedup,
  ceiling,
  target: 1.8,
  met: speedup >= 1.8,
};
mkdirSync('results', { recursive: true });
writeFileSync('results/sweep.json', `${JSON.stringify(result, null, 2)}\n`);
writeFileSync(
  'results/sweep.md',
  [
    '# Sweep throughput',
    '',
    `zeus-zap (catalog HPA maxReplicas 8, 16, 30; 1 day per run) × ${seeds} seeds, ${rows[0]?.runs} runs; ${result.machine.cpus} cores, Node ${result.machine.node}.`,
    '',
    '| setup | seconds | runs/s |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.setup} | ${r.seconds} | ${r.runsPerSecond} |`),
    '',
    `Speed-up with 2 worker threads: ${speedup}x (target ≥ 1.8x: ${result.met ? 'met' : 'missed'}).`,
    `Two independent processes (one shard each, start-up included) reach ${ceiling}x on this machine: about what any 2-worker pool can hope for here.`,
    '',
  ].join('\n'),
);
console.log(`speed-up ${speedup}x, two processes ${ceiling}x; wrote results/sweep.json and results/sweep.md`);
