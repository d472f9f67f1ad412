// Sweep throughput with 1 and 2 workers (issue 5: at least 1.8x with 2 workers on the 2-core
// development machine). Runs the replicas-vs-cost sweep on zeus-zap (one day per run) with 8
// seeds, 24 runs, so that steady-state throughput dominates each worker's start-up (a worker
// thread loads and compiles the TypeScript sources, about 0.5–2 s), into temporary directories;
// writes results/sweep.json and results/sweep.md.

import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadSweep } from '../src/sweep/load-sweep.js';
import { runSweep } from '../src/sweep/run-sweep.js';

const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podsim-sweep-bench-')), 'sweep.yaml');
writeFileSync(
  file,
  [
    'apiVersion: podsim.dev/v1alpha1',
    'kind: Sweep',
    'metadata: { name: sweep-bench }',
    'spec:',
    `  scenario: ${path.resolve('scenarios/zeus-zap.yaml')}`,
    '  seeds: 8',
    '  parameters:',
    '    - { path: "spec.workloads[name=catalog].spec.replicas", values: [2, 3, 5] }',
    '    - { path: spec.duration, values: [1d] }',
    '',
  ].join('\n'),
);
const rows: Array<{ workers: number; runs: number; seconds: number; runsPerSecond: number }> = [];
for (const workers of [1, 2]) {
  const out = mkdtempSync(path.join(os.tmpdir(), `podsim-sweep-bench-${workers}-`));
  const started = performance.now();
  const summary = await runSweep(loadSweep(file), { out, workers });
  const seconds = (performance.now() - started) / 1000;
  rows.push({ workers, runs: summary.total, seconds: Math.round(seconds * 100) / 100, runsPerSecond: Math.round((summary.total / seconds) * 1000) / 1000 });
  console.log(`${workers} worker(s): ${summary.total} runs in ${seconds.toFixed(2)} s`);
}
const speedup = (rows[1] as { runsPerSecond: number }).runsPerSecond / (rows[0] as { runsPerSecond: number }).runsPerSecond;
const record = { benchmark: 'sweep throughput', sweep: 'replicas-vs-cost on zeus-zap, 1 day per run, 8 seeds', machine: { cpus: os.cpus().length, node: process.version }, rows, speedup: Math.round(speedup * 100) / 100, target: 1.8, met: speedup >= 1.8 };
mkdirSync('results', { recursive: true });
writeFileSync('results/sweep.json', `${JSON.stringify(record, null, 2)}\n`);
writeFileSync(
  'results/sweep.md',
  [
    '# Sweep throughput',
    '',
    `replicas-vs-cost on zeus-zap (1 day per run) × 8 seeds, ${rows[0]?.runs} runs; ${record.machine.cpus} cores, Node ${record.machine.node}.`,
    '',
    '| workers | seconds | runs/s |',
    '|---:|---:|---:|',
    ...rows.map((r) => `| ${r.workers} | ${r.seconds} | ${r.runsPerSecond} |`),
    '',
    `Speed-up with 2 workers: ${record.speedup}x (target ≥ 1.8x: ${record.met ? 'met' : 'missed'}).`,
    '',
  ].join('\n'),
);
console.log(`speed-up ${record.speedup}x; wrote results/sweep.json and results/sweep.md`);
