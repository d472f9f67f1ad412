// Sweep throughput with 1 and 2 workers (issue 5: at least 1.8x with 2 workers on the 2-core
// development machine). Runs a zeus-zap sweep (the catalog HPA's ceiling, one day per run) with 8
// seeds, 24 runs, into temporary directories, three ways:
//   - 1 worker (in-process), then 2 worker threads;
//   - a reference for what two cores give this workload at all: one run of the same scenario
//     (`podsim run`, two days) alone, then two copies at once in two processes, which share
//     nothing. Two copies in the time of one would be 2x.
// If the reference is well below 2x, the cores themselves do not scale (shared caches, memory
// bandwidth, or vCPUs that are hyperthreads on the host) and no pool can do much better.
// Each setup is timed in three interleaved rounds and the median kept. Writes results/sweep.json
// and results/sweep.md. Run it on a quiet machine. `--quick`: 2 seeds, one round.

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
  /** Median over the rounds, and every round's time. */
  seconds: number;
  rounds: number[];
  runsPerSecond: number;
}

// Wall times on a shared 2-core machine wander by tens of percent from minute to minute: each
// setup is measured in every round, the rounds interleaved, and the median kept.
const ROUNDS = process.argv.includes('--quick') ? 1 : 3;

const sweepOnce = async (workers: number): Promise<number> => {
  const out = mkdtempSync(path.join(os.tmpdir(), `podsim-sweep-bench-${workers}-`));
  const started = performance.now();
  await runSweep(loadSweep(file), { out, workers });
  return (performance.now() - started) / 1000;
};

// Two copies of one run in two processes at once, against one alone: the machine's own scaling.
const runCopy = (): Promise<void> =>
  new Promise((resolve, reject) => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'podsim-sweep-bench-copy-'));
    const child = spawn(process.execPath, ['bin/podsim.js', 'run', 'scenarios/zeus-zap.yaml', '--duration', '2d', '--no-report', '--out', out], { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`podsim run exited with ${code}`))));
  });
const copiesAtOnce = async (copies: number): Promise<number> => {
  const started = performance.now();
  await Promise.all(Array.from({ length: copies }, runCopy));
  return (performance.now() - started) / 1000;
};

const runs = 3 * seeds; // three maxReplicas values × the seeds
const setups: Array<{ setup: string; runs: number; measure: () => Promise<number> }> = [
  { setup: '1 worker (in-process)', runs, measure: () => sweepOnce(1) },
  { setup: '2 worker threads', runs, measure: () => sweepOnce(2) },
  { setup: 'reference: one 2-day run alone', runs: 1, measure: () => copiesAtOnce(1) },
  { setup: 'reference: two copies at once, two processes', runs: 2, measure: () => copiesAtOnce(2) },
];
await copiesAtOnce(1); // warm the file cache and tsx's compile cache
const times = setups.map((): number[] => []);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, s] of setups.entries()) {
    const seconds = await s.measure();
    times[i]!.push(Math.round(seconds * 100) / 100);
    console.log(`round ${round + 1}: ${s.setup}: ${s.runs} run(s) in ${seconds.toFixed(2)} s`);
  }
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const rows: Row[] = setups.map((s, i) => {
  const seconds = median(times[i]!);
  return { setup: s.setup, runs: s.runs, seconds, rounds: times[i]!, runsPerSecond: Math.round((s.runs / seconds) * 1000) / 1000 };
});
const [one, two, alone, together] = rows as [Row, Row, Row, Row];
const speedup = Math.round((two.runsPerSecond / one.runsPerSecond) * 100) / 100;
const ceiling = Math.round(((2 * alone.seconds) / together.seconds) * 100) / 100;
const result = {
  benchmark: 'sweep throughput',
  sweep: `zeus-zap, catalog HPA maxReplicas 8/16/30, 1 day per run, ${seeds} seeds`,
  machine: { cpus: os.cpus().length, node: process.version },
  rounds: ROUNDS,
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
    `zeus-zap (catalog HPA maxReplicas 8, 16, 30; 1 day per run) × ${seeds} seeds, ${runs} runs; ${result.machine.cpus} cores, Node ${result.machine.node}.`,
    `Median of ${ROUNDS} interleaved round${ROUNDS === 1 ? '' : 's'} (every round's time in brackets).`,
    '',
    '| setup | seconds | runs/s |',
    '|---|---:|---:|',
    ...rows.map((r) => `| ${r.setup} | ${r.seconds} [${r.rounds.join(', ')}] | ${r.runsPerSecond} |`),
    '',
    `Speed-up with 2 worker threads: ${speedup}x (target ≥ 1.8x: ${result.met ? 'met' : 'missed'}).`,
    `Reference: two copies of one run in two processes take ${together.seconds} s against ${alone.seconds} s for one alone, so two cores give this workload ${ceiling}x on this machine: about what any 2-worker pool can hope for here.`,
    '',
  ].join('\n'),
);
console.log(`speed-up ${speedup}x, machine reference ${ceiling}x; wrote results/sweep.json and results/sweep.md`);
