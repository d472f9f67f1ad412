// Determinism: the same scenario and seed give the identical RunResult (wall time aside) and the
// identical time series; changing only the seed changes the event sequence (fingerprint); and a
// random stream that has nothing to do with the model (created, and drawn from, before and during
// the run) changes nothing, because every stream's numbers depend only on the master seed and the
// stream's name. Also: the instrumented runner the analytic tests use gives exactly what
// runScenario gives.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-result.js';
import { loadScenario, type Scenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';
import { bundledScenario, runInstrumented } from '../models/analytic-fixtures.js';

const SCENARIOS: Array<[string, string]> = [
  ['single-node-failure.yaml', '2h'],
  ['bin-packing.yaml', '2h'],
  ['zeus-zap.yaml', '12h'],
];

const withoutWallTime = (result: RunResult): RunResult => ({ ...result, wallSeconds: 0 });

function load(file: string, duration: string, seed?: number): Scenario {
  return loadScenario(bundledScenario(file), { duration, ...(seed === undefined ? {} : { seed }) });
}

describe('determinism', () => {
  for (const [file, duration] of SCENARIOS) {
    describe(`${file} (${duration})`, () => {
      it('the same scenario and seed give an identical result and time series', () => {
        const a = runScenario(load(file, duration));
        const b = runScenario(load(file, duration));
        expect(withoutWallTime(b.result)).toEqual(withoutWallTime(a.result));
        expect(b.timeSeries.rows).toEqual(a.timeSeries.rows);
        expect(a.timeSeries.rows.length).toBeGreaterThan(10);
        expect(a.result.events).toBeGreaterThan(1000);
      });

      it('changing only the seed changes the fingerprint', () => {
        const one = runScenario(load(file, duration, 1)).result;
        const two = runScenario(load(file, duration, 2)).result;
        expect(two.fingerprint).not.toBe(one.fingerprint);
        expect(two.seed).toBe(2);
      });

      it('an unrelated random stream, drawn from before and during the run, changes nothing', () => {
        const scenario = load(file, duration);
        const plain = runInstrumented(scenario);
        let draws = 0;
        const disturbed = runInstrumented(scenario, {
          beforeBuild: (streams) => {
            const unrelated = streams.get('unrelated');
            for (let i = 0; i < 1000; i++) unrelated.next();
            draws += 1000;
          },
          afterInterval: ({ world }) => {
            world.streams.get('unrelated').next();
            world.streams.get(`unrelated/${draws++}`).int(10);
          },
        });
        expect(draws).toBeGreaterThan(1000);
        expect(disturbed.result.fingerprint).toBe(plain.result.fingerprint);
        expect(withoutWallTime(disturbed.result)).toEqual(withoutWallTime(plain.result));
        expect(disturbed.timeSeries.rows).toEqual(plain.timeSeries.rows);
      });

      it('the instrumented runner of the analytic tests gives exactly what runScenario gives', () => {
        const scenario = load(file, duration);
        const official = runScenario(scenario);
        const stepped = runInstrumented(scenario, { afterEvent: () => {} });
        expect(withoutWallTime(stepped.result)).toEqual(withoutWallTime(official.result));
        expect(stepped.timeSeries.rows).toEqual(official.timeSeries.rows);
      });
    });
  }
});
