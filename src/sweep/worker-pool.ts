// Runs sweep tasks on worker threads (default: one per core) or, with one worker, in-process.
// Outcomes are reported as they finish, in whatever order; callers key them, so the order never
// shows in the outputs. A run that throws is an outcome (ok: false), not the end of the sweep; a
// worker thread that dies fails its current run and is replaced.

import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { YOUNG_GENERATION_MB } from '../scenario/heap-tuning.js';
import { executeRun, type RunOutcome, type RunTask } from './worker.js';

export function defaultWorkerCount(): number {
  return availableParallelism();
}

export async function runTasks(tasks: readonly RunTask[], workers: number, onOutcome: (outcome: RunOutcome) => void): Promise<void> {
  if (tasks.length === 0) return;
  if (workers <= 1) {
    for (const task of tasks) {
      onOutcome(executeRun(task));
      // Let progress output and signals through between runs.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return;
  }
  const queue = [...tasks];
  const threads = Math.min(workers, tasks.length);
  await new Promise<void>((resolve, reject) => {
    let live = 0;
    let failed = false;
    const start = (): void => {
      const worker = new Worker(new URL('./worker-entry.js', import.meta.url), {
        workerData: { podsimSweepWorker: true },
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
      });
      live++;
      let current: RunTask | undefined;
      const next = (): void => {
        current = queue.shift();
        if (current) worker.postMessage(current);
        else void worker.terminate();
      };
      worker.on('message', (outcome: RunOutcome) => {
        try {
          onOutcome(outcome);
        } catch (error) {
          failed = true;
          queue.length = 0;
          reject(error);
        }
        next();
      });
      worker.on('error', (error) => {
        if (current) onOutcome({ key: current.key, ok: false, message: `worker thread failed: ${error.message}` });
        current = undefined;
      });
      worker.on('exit', () => {
        live--;
        // A thread that died mid-queue is replaced; one that ran out of work just ends.
        if (!failed && queue.length > 0) start();
        else if (live === 0) resolve();
      });
      next();
    };
    for (let i = 0; i < threads; i++) start();
  });
}
