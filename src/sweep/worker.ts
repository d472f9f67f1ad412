// One sweep run: load the base scenario with the run's --set values and seed, simulate it. Used
// in-process (one worker) and by worker-entry.js on a worker thread.

import { parentPort, workerData } from 'node:worker_threads';
import type { RunResult } from '../metrics/run-result.js';
import { loadScenario } from '../scenario/load.js';
import { runScenario } from '../scenario/run.js';

export interface RunTask {
  key: string;
  scenario: string;
  sets: string[];
  seed: number;
}

export type RunOutcome = { key: string; ok: true; result: RunResult } | { key: string; ok: false; message: string };

export function executeRun(task: RunTask): RunOutcome {
  try {
    const scenario = loadScenario(task.scenario, { sets: task.sets, seed: task.seed });
    const { result } = runScenario(scenario);
    return { key: task.key, ok: true, result };
  } catch (error) {
    return { key: task.key, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

// Only on a thread the pool started (a test runner may run this module on a worker thread too).
if (parentPort && (workerData as { podsimSweepWorker?: boolean } | null)?.podsimSweepWorker) {
  const port = parentPort;
  port.on('message', (task: RunTask) => port.postMessage(executeRun(task)));
}
