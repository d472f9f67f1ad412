// Kernel benchmark: the hold model at 1k, 100k and 1M pending events, through the kernel's
// public API and through bare typed-array binary heaps run in the same process: the reference
// (a (time, seq) key and an event id, the minimum an event set must keep) and, for transparency,
// a times-only floor that cannot order ties or name the event it pops.
// Writes results/kernel.json and results/kernel.md. `--quick` shortens each measurement.
//
// Targets (issue 2): kernel ≥ 0.7 × reference at 1k and 100k pending; ≥ 4 M events/s at 1k.

import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { Bench } from 'tinybench';
import { KernelHold, ReferenceHeapHold } from './hold-model.js';

const quick = process.argv.includes('--quick');
const SIZES = [1_000, 100_000, 1_000_000];
const EVENTS_PER_ITERATION = 100_000;

interface Row {
  pending: number;
  kernelEventsPerSecond: number;
  referenceEventsPerSecond: number;
  ratio: number;
  timesOnlyEventsPerSecond: number;
  ratioToTimesOnly: number;
}

async function measure(pending: number): Promise<Row> {
  const kernel = new KernelHold(pending, EVENTS_PER_ITERATION);
  const reference = new ReferenceHeapHold(pending, true);
  const timesOnly = new ReferenceHeapHold(pending, false);
  // Untimed warm-up: let the JIT settle and the event set reach its steady state.
  for (let i = 0; i < (quick ? 3 : 10); i++) {
    kernel.advance();
    reference.advance(EVENTS_PER_ITERATION);
    timesOnly.advance(EVENTS_PER_ITERATION);
  }
  let kernelStart = 0;
  let referenceStart = 0;
  let timesOnlyStart = 0;
  const bench = new Bench({ time: quick ? 300 : 2000, warmup: false, iterations: 5 });
  bench
    .add(`kernel ${pending}`, () => kernel.advance(), {
      beforeAll: () => {
        kernelStart = kernel.sim.eventsExecuted;
      },
    })
    .add(`reference ${pending}`, () => reference.advance(EVENTS_PER_ITERATION), {
      beforeAll: () => {
        referenceStart = reference.events;
      },
    })
    .add(`times-only ${pending}`, () => timesOnly.advance(EVENTS_PER_ITERATION), {
      beforeAll: () => {
        timesOnlyStart = timesOnly.events;
      },
    });
  await bench.run();
  const [kernelTask, referenceTask, timesOnlyTask] = bench.tasks;
  const seconds = (task: typeof kernelTask): number => {
    const result = task?.result as { totalTime?: number } | undefined;
    if (!result?.totalTime) throw new Error(`benchmark task ${task?.name} produced no timing`);
    return result.totalTime / 1000;
  };
  const kernelEventsPerSecond = (kernel.sim.eventsExecuted - kernelStart) / seconds(kernelTask);
  const referenceEventsPerSecond = (reference.events - referenceStart) / seconds(referenceTask);
  const timesOnlyEventsPerSecond = (timesOnly.events - timesOnlyStart) / seconds(timesOnlyTask);
  return {
    pending,
    kernelEventsPerSecond,
    referenceEventsPerSecond,
    ratio: kernelEventsPerSecond / referenceEventsPerSecond,
    timesOnlyEventsPerSecond,
    ratioToTimesOnly: kernelEventsPerSecond / timesOnlyEventsPerSecond,
  };
}

const rows: Row[] = [];
for (const size of SIZES) {
  const row = await measure(size);
  rows.push(row);
  console.log(
    `${String(size).padStart(9)} pending: kernel ${(row.kernelEventsPerSecond / 1e6).toFixed(2)} M ev/s, ` +
      `reference ${(row.referenceEventsPerSecond / 1e6).toFixed(2)} M ev/s, ratio ${row.ratio.toFixed(2)}; ` +
      `times-only floor ${(row.timesOnlyEventsPerSecond / 1e6).toFixed(2)} M ev/s, ratio ${row.ratioToTimesOnly.toFixed(2)}`,
  );
}

const at = (pending: number): Row => rows.find((r) => r.pending === pending) as Row;
const targets = {
  ratioAt1k: { target: 0.7, measured: at(1_000).ratio, met: at(1_000).ratio >= 0.7 },
  ratioAt100k: { target: 0.7, measured: at(100_000).ratio, met: at(100_000).ratio >= 0.7 },
  eventsPerSecondAt1k: { target: 4e6, measured: at(1_000).kernelEventsPerSecond, met: at(1_000).kernelEventsPerSecond >= 4e6 },
};
const machine = { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.arch()}` };

mkdirSync('results', { recursive: true });
writeFileSync(
  'results/kernel.json',
  `${JSON.stringify({ benchmark: 'kernel hold model', quick, eventsPerIteration: EVENTS_PER_ITERATION, machine, rows, targets }, null, 2)}\n`,
);
const table = [
  '# Kernel hold-model benchmark',
  '',
  `Machine: ${machine.cpus} cores, ${machine.cpuModel}, Node ${machine.node}${quick ? ' (quick run)' : ''}.`,
  'Hold model: N events pending, each run schedules one successor (exponential increments, mean 1 s).',
  'Reference: a bare typed-array binary heap keyed by (time, seq) carrying an event id, in the same process.',
  'Times-only floor: the same heap holding bare times (cannot order ties first-in first-out or say which event it popped).',
  '',
  '| pending | kernel (M events/s) | reference (M events/s) | kernel / reference | times-only floor (M events/s) | kernel / floor |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.pending.toLocaleString('en-US')} | ${(r.kernelEventsPerSecond / 1e6).toFixed(2)} | ${(r.referenceEventsPerSecond / 1e6).toFixed(2)} | ${r.ratio.toFixed(2)} | ${(r.timesOnlyEventsPerSecond / 1e6).toFixed(2)} | ${r.ratioToTimesOnly.toFixed(2)} |`,
  ),
  '',
  `Targets: ratio ≥ 0.7 at 1k (${targets.ratioAt1k.met ? 'met' : 'missed'}) and 100k (${targets.ratioAt100k.met ? 'met' : 'missed'}); ` +
    `≥ 4 M events/s at 1k (${targets.eventsPerSecondAt1k.met ? 'met' : 'missed'}).`,
  '',
].join('\n');
writeFileSync('results/kernel.md', table);
console.log('\nwrote results/kernel.json and results/kernel.md');
