// Helpers for the analytic and invariant tests (test/analytic): scenarios from text, and an
// instrumented run: src/scenario/run.ts itself (through its hooks, so the same events,
// fingerprint and RunResult) plus read-only observers: node crash/repair intervals, each pod's
// serving intervals, each Service's state changes, and hooks after every event and sample.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Millis, RandomStreams, Simulation } from '../../src/kernel/index.js';
import type { RunResult } from '../../src/metrics/run-result.js';
import type { TimeSeries } from '../../src/metrics/time-series.js';
import type { PodObject } from '../../src/models/api/objects.js';
import type { NodeCrashListener } from '../../src/models/faults/node-crash.js';
import type { ServingListener } from '../../src/models/kubelet.js';
import type { ServiceState, ServiceStateListener } from '../../src/models/traffic.js';
import type { World } from '../../src/models/world.js';
import { loadScenario, type LoadOptions, type Scenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';

/** Writes the scenario text (YAML or JSON) to a temporary file, loads it and removes the file. */
export function scenarioFromText(name: string, text: string, options: LoadOptions = {}): Scenario {
  const dir = mkdtempSync(path.join(tmpdir(), 'podsim-analytic-'));
  try {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, text);
    return loadScenario(file, options);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Absolute path of a bundled scenario file (scenarios/<name>). */
export function bundledScenario(name: string): string {
  return new URL(`../../scenarios/${name}`, import.meta.url).pathname;
}

/** A closed or still open interval of virtual time. */
export interface Interval {
  from: Millis;
  to: Millis | undefined;
  /** For serving intervals: the node the pod ran on. */
  node?: string | undefined;
}

/** Crash and repair times of each node (by node index). */
export class NodeHistory implements NodeCrashListener {
  readonly down = new Map<number, Interval[]>();
  constructor(private readonly sim: Simulation) {}
  nodeCrashed(node: number): void {
    const list = this.down.get(node) ?? [];
    list.push({ from: this.sim.now, to: undefined });
    this.down.set(node, list);
  }
  nodeRepaired(node: number): void {
    const last = this.down.get(node)?.at(-1);
    if (last && last.to === undefined) last.to = this.sim.now;
  }
}

/**
 * Which pod objects really serve now, and each pod name's serving intervals (any object of that
 * name; `node` is where the interval began). `maxSameName` is the most objects of one name ever
 * serving at once (a StatefulSet identity must never exceed 1).
 */
export class ServingHistory implements ServingListener {
  readonly serving = new Set<PodObject>();
  readonly intervals = new Map<string, Interval[]>();
  maxSameName = 0;
  private readonly count = new Map<string, number>();
  constructor(private readonly sim: Simulation) {}
  servingChanged(pod: PodObject, serving: boolean): void {
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    if (serving === this.serving.has(pod)) return;
    const list = this.intervals.get(key) ?? [];
    this.intervals.set(key, list);
    const before = this.count.get(key) ?? 0;
    if (serving) {
      this.serving.add(pod);
      if (before === 0) list.push({ from: this.sim.now, to: undefined, node: pod.spec.nodeName });
      this.count.set(key, before + 1);
      this.maxSameName = Math.max(this.maxSameName, before + 1);
    } else {
      this.serving.delete(pod);
      if (before === 1) (list.at(-1) as Interval).to = this.sim.now;
      this.count.set(key, before - 1);
    }
  }
}

/** Every state change of every Service, in order. */
export class ServiceHistory implements ServiceStateListener {
  readonly changes = new Map<string, Array<{ time: Millis; state: ServiceState }>>();
  constructor(private readonly sim: Simulation) {}
  serviceStateChanged(service: string, state: ServiceState): void {
    const list = this.changes.get(service) ?? [];
    list.push({ time: this.sim.now, state: { ...state } });
    this.changes.set(service, list);
  }

  /** Intervals during which fewer than `minReady` endpoints of the Service really served, from its first up on. */
  downIntervals(service: string, minReady: number, end: Millis): Interval[] {
    const out: Interval[] = [];
    let measuring = false;
    let downSince: Millis | undefined;
    for (const { time, state } of this.changes.get(service) ?? []) {
      const up = state.serving >= minReady;
      if (up) measuring = true;
      if (!measuring) continue;
      if (!up && downSince === undefined) downSince = time;
      if (up && downSince !== undefined) {
        if (time > downSince) out.push({ from: downSince, to: time });
        downSince = undefined;
      }
    }
    if (downSince !== undefined && end > downSince) out.push({ from: downSince, to: undefined });
    return out;
  }
}

export interface RunContext {
  sim: Simulation;
  world: World;
  serving: ServingHistory;
}

export interface RunHooks {
  /** Called with the run's streams before the world is built (e.g. to draw from an unrelated stream). */
  beforeBuild?(streams: RandomStreams): void;
  /** Called after every single event (the run is then stepped event by event). */
  afterEvent?(context: RunContext): void;
  /** Called after each output interval, once the clock reads the interval's end. */
  afterInterval?(context: RunContext): void;
}

export interface InstrumentedRun extends RunContext {
  result: RunResult;
  timeSeries: TimeSeries;
  nodes: NodeHistory;
  services: ServiceHistory;
}

/** Runs the scenario through runScenario (src/scenario/run.ts) with read-only observers attached. */
export function runInstrumented(scenario: Scenario, hooks: RunHooks = {}): InstrumentedRun {
  let context: RunContext | undefined;
  let nodes: NodeHistory | undefined;
  let services: ServiceHistory | undefined;
  const output = runScenario(scenario, {
    beforeBuild: hooks.beforeBuild,
    observe: (world) => {
      const sim = world.sim;
      nodes = new NodeHistory(sim);
      world.nodeCrashes.addListener(nodes);
      services = new ServiceHistory(sim);
      world.services.addListener(services);
      const serving = new ServingHistory(sim);
      world.kubelets.addServingListener(serving);
      context = { sim, world, serving };
    },
    afterEvent: hooks.afterEvent && (() => hooks.afterEvent?.(context as RunContext)),
    afterInterval: hooks.afterInterval && (() => hooks.afterInterval?.(context as RunContext)),
  });
  return { ...(context as RunContext), result: output.result, timeSeries: output.timeSeries, nodes: nodes as NodeHistory, services: services as ServiceHistory };
}

/** Total length of intervals, open ones closed at `end`. */
export function totalLength(intervals: readonly Interval[], end: Millis): number {
  return intervals.reduce((sum, i) => sum + (i.to ?? end) - i.from, 0);
}

/**
 * Time during which at least `k` of the given interval lists are "on" at once (a sweep over the
 * interval ends), within [start, end].
 */
export function timeAtLeast(lists: ReadonlyArray<readonly Interval[]>, k: number, start: Millis, end: Millis): number {
  const edges: Array<[Millis, number]> = [];
  for (const list of lists) {
    for (const i of list) {
      const from = Math.max(i.from, start);
      const to = Math.min(i.to ?? end, end);
      if (to <= from) continue;
      edges.push([from, 1], [to, -1]);
    }
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let on = 0;
  let since = start;
  let total = 0;
  for (const [time, delta] of edges) {
    if (on >= k) total += time - since;
    since = time;
    on += delta;
  }
  return total;
}

/** Mean and standard error of the mean. */
export function meanAndStandardError(values: readonly number[]): { mean: number; se: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return { mean, sd: Math.sqrt(variance), se: Math.sqrt(variance / n) };
}

/** Sorted, overlapping or touching intervals merged into one; open intervals stay open. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && (last.to === undefined || i.from <= last.to)) {
      last.to = last.to === undefined || i.to === undefined ? undefined : Math.max(last.to, i.to);
    } else {
      out.push({ ...i });
    }
  }
  return out;
}
