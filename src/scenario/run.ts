// Runs one scenario: build the world, run the kernel to the scenario's duration, collect the
// result. Wall time is measured here, outside the deterministic kernel and models.

import { performance } from 'node:perf_hooks';
import { RandomStreams, Simulation } from '../kernel/index.js';
import { collectRunResult } from '../metrics/collect.js';
import { NodeDowntimeRecorder } from '../metrics/node-downtime.js';
import type { RunResult } from '../metrics/run-result.js';
import { World } from '../models/world.js';
import { clusterConfig } from './build.js';
import type { Scenario } from './load.js';

export function runScenario(scenario: Scenario): RunResult {
  const started = performance.now();
  const sim = new Simulation();
  const streams = new RandomStreams(scenario.seed);
  const downtime = new NodeDowntimeRecorder(sim);
  const world = new World(sim, streams, clusterConfig(scenario), { nodeCrash: [downtime] });
  world.start();
  sim.run(scenario.duration);
  const wallSeconds = (performance.now() - started) / 1000;
  return collectRunResult(world, downtime, {
    scenario: scenario.name,
    seed: scenario.seed,
    currency: scenario.pricing.currency,
    wallSeconds: Math.round(wallSeconds * 1000) / 1000,
  });
}
