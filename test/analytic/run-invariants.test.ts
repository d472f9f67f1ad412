// Invariants checked throughout runs, after every single event: the bundled scenarios (shortened
// with the duration option, plus a zeus-zap variant that moves its scheduled crash and burst
// into the window) and small random valid scenarios generated with fast-check (random pools,
// workloads, requests, Services, traffic and failures).
//
// After every event:
//   (a) virtual time never goes back (and no pending event is due before now);
//   (b) on every node, the requests of the pods bound to it that have not finished (Terminating
//       ones included: they hold their resources until they are gone, as in the scheduler's
//       cache) fit its allocatable cpu, memory and pod count;
//   (c) no two pods of one StatefulSet identity exist: at most one pod object per (set, ordinal)
//       in the store, and at most one pod object per identity really serving;
//   (d) every pod bound to a node refers to a node that exists.
// At the end, for every Service: requestsServed + requestsFailed === requestsOffered and
// availability within [0, 1]; and cost.total === cost.compute + cost.downtime (within 1e-6).
import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/metrics/run-result.js';
import type { PodObject } from '../../src/models/api/objects.js';
import { loadScenario, type LoadOptions } from '../../src/scenario/load.js';
import { bundledScenario, runInstrumented, scenarioFromText, type RunContext } from '../models/analytic-fixtures.js';

/** A pod's effective request as upstream computes it: Σ containers, at least each init container, plus overhead. */
function podRequest(pod: PodObject, resource: string): number {
  let sum = 0;
  for (const c of pod.spec.containers) sum += c.requests[resource] ?? 0;
  for (const c of pod.spec.initContainers) sum = Math.max(sum, c.requests[resource] ?? 0);
  return sum + (pod.spec.overhead?.[resource] ?? 0);
}

const finished = (pod: PodObject): boolean => pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';

/** Checks the invariants after every event; records the first violations (expect per event would be slow). */
class InvariantChecker {
  readonly violations: string[] = [];
  events = 0;
  /** The highest fraction of any allocatable resource requested on any node at any time. */
  fullest = 0;
  private lastTime = 0;

  private fail(context: RunContext, message: string): void {
    if (this.violations.length < 10) this.violations.push(`t=${context.sim.now} ms: ${message}`);
  }

  readonly afterEvent = (context: RunContext): void => {
    const { sim, world, serving } = context;
    const store = world.store;
    this.events++;
    // (a)
    if (sim.now < this.lastTime) this.fail(context, `time went back from ${this.lastTime}`);
    this.lastTime = sim.now;
    const next = sim.peekTime();
    if (next !== undefined && next < sim.now) this.fail(context, `an event is pending at ${next}, before now`);
    // (b)
    for (const node of world.cloud.nodes) {
      const name = node.metadata.name;
      if (store.get('Node', '', name) !== node) continue;
      let cpu = 0;
      let memory = 0;
      let pods = 0;
      for (const pod of store.podsOnNode(name)) {
        if (finished(pod)) continue;
        cpu += podRequest(pod, 'cpu');
        memory += podRequest(pod, 'memory');
        pods++;
      }
      const alloc = node.status.allocatable;
      this.fullest = Math.max(this.fullest, cpu / alloc.cpu, memory / alloc.memory, pods / alloc.pods);
      if (cpu > alloc.cpu) this.fail(context, `node ${name}: ${cpu}m cpu requested > ${alloc.cpu}m allocatable`);
      if (memory > alloc.memory) this.fail(context, `node ${name}: ${memory} B memory requested > ${alloc.memory} B allocatable`);
      if (pods > alloc.pods) this.fail(context, `node ${name}: ${pods} pods > ${alloc.pods} allowed`);
    }
    // (c) and (d)
    const identities = new Set<string>();
    for (const pod of store.list('Pod')) {
      const owner = pod.metadata.ownerReference;
      if (owner?.kind === 'StatefulSet') {
        const identity = `${pod.metadata.namespace}/${owner.uid}/${pod.metadata.labels['apps.kubernetes.io/pod-index'] ?? pod.metadata.name}`;
        if (identities.has(identity)) this.fail(context, `two pods of StatefulSet identity ${identity}`);
        identities.add(identity);
      }
      const nodeName = pod.spec.nodeName;
      if (nodeName !== undefined && store.get('Node', '', nodeName) === undefined) this.fail(context, `pod ${pod.metadata.name} is bound to ${nodeName}, which does not exist`);
    }
    if (serving.maxSameName > 1) this.fail(context, `${serving.maxSameName} pods of one name serve at once`);
  };
}

/** The end-of-run checks. */
function checkResult(result: RunResult): void {
  for (const s of result.services) {
    expect(s.requestsServed + s.requestsFailed, `service ${s.name}: served + failed`).toBe(s.requestsOffered);
    expect(s.availability).toBeGreaterThanOrEqual(0);
    expect(s.availability).toBeLessThanOrEqual(1);
    expect(s.requestsServed).toBeLessThanOrEqual(s.requestsOffered);
  }
  expect(Math.abs(result.cost.total - (result.cost.compute + result.cost.downtime))).toBeLessThanOrEqual(1e-6);
}

function runChecked(scenario: ReturnType<typeof loadScenario>): { result: RunResult; checker: InvariantChecker } {
  const checker = new InvariantChecker();
  const { result } = runInstrumented(scenario, { afterEvent: checker.afterEvent });
  expect(checker.violations).toEqual([]);
  expect(checker.events).toBe(result.events);
  return { result, checker };
}

describe('invariants throughout the bundled scenarios (shortened)', () => {
  const files = readdirSync(new URL('../../scenarios/', import.meta.url)).filter((f) => f.endsWith('.yaml')).sort();
  const options: Record<string, LoadOptions> = { 'zeus-zap.yaml': { duration: '1d' }, 'bin-packing.yaml': { duration: '3h' }, 'single-node-failure.yaml': { duration: '2h' } };

  it('finds the bundled scenarios', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of files) {
    it(file, () => {
      const { result } = runChecked(loadScenario(bundledScenario(file), options[file] ?? { duration: '2h' }));
      checkResult(result);
    });
  }

  it('zeus-zap.yaml with its db crash and its burst moved into an 8 h window', () => {
    const scenario = loadScenario(bundledScenario('zeus-zap.yaml'), {
      duration: '8h',
      sets: ['spec.failures[1].at=2h', 'spec.traffic[0].bursts[0].at=4h', 'spec.traffic[1].bursts[0].at=4h', 'spec.traffic[2].bursts[0].at=4h', 'spec.failures[0].mtbf=12h'],
    });
    const { result } = runChecked(scenario);
    expect(result.failures.nodeCrashes).toBeGreaterThanOrEqual(1);
    checkResult(result);
  });
});

// ---- random valid scenarios ---------------------------------------------------------------

const ZONES = ['zone-a', 'zone-b', 'zone-c'];

const poolArb = fc.record({
  count: fc.integer({ min: 1, max: 3 }),
  zones: fc.integer({ min: 1, max: 3 }),
  cpuMillis: fc.integer({ min: 1000, max: 8000 }),
  memoryGi: fc.integer({ min: 1, max: 16 }),
  pods: fc.integer({ min: 2, max: 12 }),
  reservedCpu: fc.integer({ min: 0, max: 500 }),
  reservedMemMi: fc.integer({ min: 0, max: 512 }),
  price: fc.double({ min: 0, max: 1, noNaN: true }),
});

const workloadArb = fc.record({
  kind: fc.constantFrom('Deployment', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job'),
  replicas: fc.integer({ min: 0, max: 6 }),
  cpuMillis: fc.integer({ min: 0, max: 2500 }),
  memoryMi: fc.integer({ min: 0, max: 4096 }),
  initCpuMillis: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined }),
  probeDelay: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  antiAffinity: fc.boolean(),
  spreadZones: fc.option(fc.constantFrom('DoNotSchedule', 'ScheduleAnyway'), { nil: undefined }),
  parallel: fc.boolean(),
  volume: fc.boolean(),
  service: fc.boolean(),
  rps: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  diurnal: fc.boolean(),
  podCapacityRps: fc.option(fc.integer({ min: 5, max: 300 }), { nil: undefined }),
  minReady: fc.integer({ min: 1, max: 3 }),
  objective: fc.boolean(),
  containerCrashMinutes: fc.option(fc.integer({ min: 5, max: 120 }), { nil: undefined }),
  runMinutes: fc.integer({ min: 1, max: 60 }),
});

const scenarioArb = fc.record({
  pools: fc.array(poolArb, { minLength: 1, maxLength: 3 }),
  workloads: fc.array(workloadArb, { minLength: 1, maxLength: 4 }),
  durationMinutes: fc.integer({ min: 30, max: 180 }),
  toleration: fc.constantFrom(0, 30, 120, 300),
  nodeMtbfMinutes: fc.option(fc.integer({ min: 20, max: 300 }), { nil: undefined }),
  repairMinutes: fc.integer({ min: 1, max: 60 }),
  scheduledCrash: fc.option(fc.record({ pool: fc.nat(), node: fc.nat(), atMinutes: fc.integer({ min: 0, max: 120 }), repairMinutes: fc.option(fc.integer({ min: 1, max: 90 }), { nil: undefined }) }), { nil: undefined }),
  downtimeCostPerMinute: fc.integer({ min: 0, max: 6000 }),
  outputMinutes: fc.integer({ min: 1, max: 30 }),
});

type GeneratedScenario = typeof scenarioArb extends fc.Arbitrary<infer T> ? T : never;

/** The scenario document (plain JSON, which is YAML) for generated parameters. */
function scenarioDocument(g: GeneratedScenario, name: string): unknown {
  const pools = g.pools.map((p, i) => ({
    name: `p${i}`,
    count: p.count,
    zones: ZONES.slice(0, p.zones),
    capacity: { cpu: `${p.cpuMillis}m`, memory: `${p.memoryGi}Gi`, pods: p.pods },
    reserved: { cpu: `${p.reservedCpu}m`, memory: `${p.reservedMemMi}Mi` },
    pricePerHour: p.price,
  }));
  const workloads: unknown[] = [];
  const traffic: unknown[] = [];
  const availability: unknown[] = [];
  const failures: unknown[] = [];
  g.workloads.forEach((w, i) => {
    const name = `w${i}`;
    const labels = { app: name };
    const container = {
      name: 'app',
      image: `example/${name}:1`,
      resources: { requests: { ...(w.cpuMillis > 0 ? { cpu: `${w.cpuMillis}m` } : {}), ...(w.memoryMi > 0 ? { memory: `${w.memoryMi}Mi` } : {}) } },
      ...(w.probeDelay === undefined ? {} : { readinessProbe: { httpGet: { path: '/', port: 80 }, initialDelaySeconds: w.probeDelay } }),
    };
    const podSpec = {
      containers: [container],
      ...(w.initCpuMillis === undefined ? {} : { initContainers: [{ name: 'init', image: 'example/init:1', resources: { requests: { cpu: `${w.initCpuMillis}m` } } }] }),
      ...(w.antiAffinity && w.kind !== 'DaemonSet'
        ? { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: labels }, topologyKey: 'kubernetes.io/hostname' }] } } }
        : {}),
      ...(w.spreadZones && w.kind !== 'DaemonSet'
        ? { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: w.spreadZones, labelSelector: { matchLabels: labels } }] }
        : {}),
    };
    const template = { metadata: { labels, annotations: { 'podsim.dev/cpu-usage': '10m', 'podsim.dev/run-duration': `exp(${w.runMinutes}m)` } }, spec: podSpec };
    const metadata = { name };
    switch (w.kind) {
      case 'Deployment':
        workloads.push({ apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: w.replicas, selector: { matchLabels: labels }, template } });
        break;
      case 'StatefulSet':
        workloads.push({
          apiVersion: 'apps/v1',
          kind: 'StatefulSet',
          metadata,
          spec: {
            serviceName: name,
            replicas: w.replicas,
            podManagementPolicy: w.parallel ? 'Parallel' : 'OrderedReady',
            selector: { matchLabels: labels },
            template,
            ...(w.volume ? { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } : {}),
          },
        });
        break;
      case 'DaemonSet':
        workloads.push({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata, spec: { selector: { matchLabels: labels }, template } });
        break;
      case 'Job':
        workloads.push({
          apiVersion: 'batch/v1',
          kind: 'Job',
          metadata,
          spec: { completions: Math.max(1, w.replicas), parallelism: 1 + (w.replicas % 3), backoffLimit: 3, template: { ...template, spec: { ...podSpec, restartPolicy: 'Never' } } },
        });
        break;
    }
    if (w.service && w.kind !== 'Job') {
      workloads.push({ apiVersion: 'v1', kind: 'Service', metadata, spec: { selector: labels, ports: [{ port: 80 }] } });
      if (w.rps !== undefined) {
        traffic.push({
          service: name,
          rps: w.rps,
          ...(w.diurnal ? { diurnal: { amplitude: 0.5, peakAt: '1h' } } : {}),
          ...(w.podCapacityRps === undefined ? {} : { podCapacityRps: w.podCapacityRps }),
          cpuPerRequest: '1m',
        });
      }
      availability.push({ service: name, minReady: w.minReady, ...(w.objective ? { objective: '99.9%' } : {}) });
    }
    if (w.containerCrashMinutes !== undefined && w.kind !== 'Job') failures.push({ type: 'ContainerCrash', workload: name, mtbf: `${w.containerCrashMinutes}m` });
  });
  if (g.nodeMtbfMinutes !== undefined) failures.push({ type: 'NodeCrash', pools: pools.map((p) => p.name), mtbf: `${g.nodeMtbfMinutes}m`, repairTime: `exp(${g.repairMinutes}m)` });
  if (g.scheduledCrash) {
    const pool = pools[g.scheduledCrash.pool % pools.length]!;
    failures.push({
      type: 'NodeCrash',
      node: `${pool.name}-${g.scheduledCrash.node % pool.count}`,
      at: `${g.scheduledCrash.atMinutes}m`,
      ...(g.scheduledCrash.repairMinutes === undefined ? {} : { repairTime: `${g.scheduledCrash.repairMinutes}m` }),
    });
  }
  return {
    apiVersion: 'podsim.dev/v1alpha1',
    kind: 'Scenario',
    metadata: { name },
    spec: {
      duration: `${g.durationMinutes}m`,
      controlPlane: { defaultUnreachableTolerationSeconds: g.toleration, defaultNotReadyTolerationSeconds: g.toleration },
      podStartup: { imagePull: 'lognormal(median=5s,p95=20s)', containerStart: 'uniform(500ms,2s)' },
      nodePools: pools,
      workloads,
      traffic,
      availability,
      failures,
      pricing: { downtimeCostPerMinute: g.downtimeCostPerMinute },
      output: { interval: `${g.outputMinutes}m` },
    },
  };
}

const RANDOM_RUNS = 80;

describe('invariants throughout random valid scenarios (fast-check)', () => {
  it('hold after every event, and the run result adds up', () => {
    let index = 0;
    let crashes = 0;
    let evictions = 0;
    let fullRuns = 0;
    let unschedulableRuns = 0;
    let roundingMisses = 0;
    fc.assert(
      fc.property(scenarioArb, fc.integer({ min: 1, max: 1000 }), (generated, seed) => {
        const name = `random-${index++}`;
        const scenario = scenarioFromText(name, JSON.stringify(scenarioDocument(generated, name), null, 2), { seed });
        const { result, checker } = runChecked(scenario);
        checkResult(result);
        if (result.services.some((x) => x.requestsServed + x.requestsFailed !== x.requestsOffered)) roundingMisses++;
        crashes += result.failures.nodeCrashes;
        evictions += result.controlPlane.evictions;
        if (checker.fullest >= 0.9) fullRuns++;
        if (result.unschedulable.length > 0) unschedulableRuns++;
      }),
      { numRuns: RANDOM_RUNS, seed: 20_250_601 },
    );
    console.info(
      `random scenarios: ${RANDOM_RUNS} runs, ${crashes} node crashes, ${evictions} evictions, ${fullRuns} runs with a node ≥ 90% requested, ${unschedulableRuns} ending with unschedulable pods, ${roundingMisses} where served + failed ≠ offered (rounding bug)`,
    );
    // The generator does exercise failures, evictions, full nodes and pods that do not fit.
    expect(crashes).toBeGreaterThan(RANDOM_RUNS);
    expect(evictions).toBeGreaterThan(10);
    expect(fullRuns).toBeGreaterThan(RANDOM_RUNS / 5);
    expect(unschedulableRuns).toBeGreaterThan(RANDOM_RUNS / 10);
  });
});

// A counterexample fast-check found (shrunk): one 1-CPU node, one replica behind a Service with
// 206 rps offered and 5 rps of pod capacity, its container crashing every ~5 min; seed 96.
const ROUNDING_COUNTEREXAMPLE: GeneratedScenario = {
  pools: [{ count: 1, zones: 1, cpuMillis: 1000, memoryGi: 1, pods: 2, reservedCpu: 0, reservedMemMi: 0, price: 0 }],
  workloads: [
    {
      kind: 'Deployment', replicas: 1, cpuMillis: 0, memoryMi: 0, initCpuMillis: 0, probeDelay: 0, antiAffinity: false, spreadZones: undefined, parallel: false,
      volume: false, service: true, rps: 206, diurnal: false, podCapacityRps: 5, minReady: 1, objective: false, containerCrashMinutes: 5, runMinutes: 4,
    },
  ],
  durationMinutes: 30,
  toleration: 0,
  nodeMtbfMinutes: undefined,
  repairMinutes: 1,
  scheduledCrash: undefined,
  downtimeCostPerMinute: 0,
  outputMinutes: 1,
};

describe('known bugs', () => {
  let result: RunResult | undefined;

  it('the rounding counterexample runs and keeps every other invariant', () => {
    const scenario = scenarioFromText('rounding', JSON.stringify(scenarioDocument(ROUNDING_COUNTEREXAMPLE, 'rounding')), { seed: 96 });
    result = runChecked(scenario).result;
    checkResult(result);
    expect(result.services[0]?.requestsOffered).toBe(368_516);
  });

  // Regression: requestsFailed was rounded on its own, so served + failed could miss offered by 1
  // (served + failed = 368517, offered = 368516 here); it is now offered − served after rounding.
  it('requestsServed + requestsFailed === requestsOffered exactly', () => {
    const web = result?.services[0];
    expect(web).toBeDefined();
    expect(web!.requestsServed + web!.requestsFailed).toBe(web!.requestsOffered);
  });
});
