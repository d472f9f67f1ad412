// Runs one scenario: build the world, run the kernel to the scenario's duration, sampling the
// recorders at every output interval (between events, so sampling adds no events and never
// changes the run), and collect the result. Wall time is measured here, outside the
// deterministic kernel and models. Hooks let tests attach observers without changing the run.

import { performance } from 'node:perf_hooks';
import { RandomStreams, Simulation, type Millis } from '../kernel/index.js';
import { ClusterRecorder } from '../metrics/cluster-recorder.js';
import { collectRunResult } from '../metrics/collect.js';
import { FalseAlarmRecorder } from '../metrics/false-alarms.js';
import { NodeDowntimeRecorder } from '../metrics/node-downtime.js';
import type { RunResult } from '../metrics/run-result.js';
import { ServiceRecorder } from '../metrics/service-recorder.js';
import { TimeSeries } from '../metrics/time-series.js';
import { World } from '../models/world.js';
import { clusterConfig } from './build.js';
import type { Scenario } from './load.js';

export interface RunOutput {
  result: RunResult;
  timeSeries: TimeSeries;
  /** Each Service's measured down intervals (milliseconds of virtual time), for reports. */
  outages: Array<{ service: string; start: Millis; end: Millis }>;
  world: World;
}

export interface RunHooks {
  /** Called with the run's streams before the world is built. */
  beforeBuild?(streams: RandomStreams): void;
  /** Called with the built world before it starts: attach read-only observers here. */
  observe?(world: World): void;
  /** Called after every single event (the run is then stepped event by event; same order). */
  afterEvent?(world: World): void;
  /** Called after each output interval, once the clock reads the interval's end. */
  afterInterval?(world: World): void;
}

export function runScenario(scenario: Scenario, hooks: RunHooks = {}): RunOutput {
  const started = performance.now();
  const sim = new Simulation();
  const streams = new RandomStreams(scenario.seed);
  hooks.beforeBuild?.(streams);
  const config = clusterConfig(scenario);
  const nodes = new NodeDowntimeRecorder(sim);
  const world = new World(sim, streams, config, { nodeCrash: [nodes] });
  const serviceNames = config.objects.filter((o) => o.kind === 'Service').map((o) => o.metadata.name);
  const specs = serviceNames.map((name) => {
    const availability = scenario.availability.find((a) => a.service === name);
    return {
      name,
      minReady: availability?.minReady ?? 1,
      objective: availability?.objective,
      traffic: config.traffic.find((t) => t.service === name),
    };
  });
  const services = new ServiceRecorder(specs, () => sim.now);
  world.services.addListener(services);
  const falseAlarms = new FalseAlarmRecorder(world.store, world.kubelets);
  const cluster = new ClusterRecorder(world.store, world.cloud.nodes, world.podUsage, serviceNames.map((name) => ({ name, namespace: 'default' })));
  const hpaNames = config.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').map((o) => o.metadata.name);
  const timeSeries = new TimeSeries(serviceNames, scenario.outputInterval, hpaNames);
  hooks.observe?.(world);
  world.start();
  for (let t = scenario.outputInterval; ; t += scenario.outputInterval) {
    const until = Math.min(t, scenario.duration);
    if (hooks.afterEvent) {
      for (let next = sim.peekTime(); next !== undefined && next <= until; next = sim.peekTime()) {
        sim.step();
        hooks.afterEvent(world);
      }
    }
    sim.run(until);
    hooks.afterInterval?.(world);
    const sample = cluster.sample(until);
    const perService = services.sample(until);
    const replicas = hpaNames.map((name) => world.hpa.targetReplicas(name) ?? 0);
    timeSeries.add(sample, perService, cluster.computeCost(until).reduce((sum, p) => sum + p.cost, 0), replicas);
    if (until >= scenario.duration) break;
  }
  const wallSeconds = (performance.now() - started) / 1000;
  const result = collectRunResult(world, { nodes, services, cluster, timeSeries, falseAlarms }, {
    scenario: scenario.name,
    seed: scenario.seed,
    currency: scenario.pricing.currency,
    downtimeCostPerMinute: scenario.pricing.downtimeCostPerMinute,
    wallSeconds: Math.round(wallSeconds * 1000) / 1000,
  });
  return { result, timeSeries, outages: services.outages(sim.now), world };
}
