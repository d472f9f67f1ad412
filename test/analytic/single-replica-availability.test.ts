// Analytic check: one Deployment replica on a one-node pool whose node fails with exponential
// times between failures (mean MTBF, counted from each repair) and exponential repair times
// (mean MTTR). The Service (minReady 1) is an alternating renewal process, so its long-run
// availability is MTBF / (MTBF + MTTR), less a small restart time after each repair.
//
// What happens in the simulation on a crash, and why the restart time is exactly known here:
// - the pod stops serving the moment its node dies (the kubelet goes silent);
// - the node lifecycle controller marks the node Unknown after its grace period, but with one
//   node in one zone that zone is fully disrupted and so is every zone: upstream then assumes
//   the control plane lost the network and applies no NoExecute taints, so the pod is never
//   evicted (evictions stay 0, asserted below);
// - on repair the kubelet restarts the pod's containers in place: containerStart (1 s) plus the
//   readiness probe's initialDelaySeconds (4 s) later it serves again. So each incident lasts
//   exactly repair time + RESTART, whatever the lease and monitor settings.
// That is why this file raises nodeLeaseDuration, nodeStatusReportFrequency, nodeMonitorPeriod
// and nodeMonitorGracePeriod: they only decide when the API notices (pod marked NotReady), never
// when the pod stops or starts serving, and raising them cuts the heartbeat events that dominate
// a long run (from ~1,200 to ~140 events per simulated hour).
//
// Expected availability over a run of length T starting with the node up:
//   A = 1 − q_eff · (1 − (τ/T)(1 − e^(−T/τ))),   q_eff = (MTTR + RESTART) / (MTBF + MTTR),
// where the second factor is the two-state Markov transient from "up at time 0" (τ = 1/(λ+μ),
// ≈ 4·10⁻⁵ of the availability here). The restart time takes RESTART out of the following up
// period, hence q_eff.
// The runs go through runInstrumented (test/models/analytic-fixtures.ts): runScenario's exact
// run with read-only observers added; determinism.test.ts checks that it returns the very same
// RunResult, so result.services[0].availability is what `podsim run` would report.
import { beforeAll, describe, expect, it } from 'vitest';
import { HOUR, SECOND } from '../../src/kernel/index.js';
import { meanAndStandardError, mergeIntervals, runInstrumented, scenarioFromText, totalLength, type InstrumentedRun } from '../models/analytic-fixtures.js';

const MTBF_HOURS = 10;
const MTTR_HOURS = 1;
const RESTART = 5 * SECOND; // containerStart 1 s + readiness initialDelaySeconds 4 s
const HOURS_PER_SEED = 2500;
const SEEDS = 100; // 250,000 simulated hours, ~23,000 incidents: about 6 s on one core

const SCENARIO = `
apiVersion: podsim.dev/v1alpha1
kind: Scenario
metadata: { name: single-replica-availability }
spec:
  duration: ${HOURS_PER_SEED}h
  controlPlane:
    nodeLeaseDuration: 1h          # renew every 15 min
    nodeStatusReportFrequency: 30m
    nodeMonitorPeriod: 5m
    nodeMonitorGracePeriod: 40m    # above the renew interval plus a monitor period: no false alarms
  podStartup: { imagePull: 5s, containerStart: 1s }
  nodePools:
    - { name: solo, count: 1, capacity: { cpu: "2", memory: 4Gi } }
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: 1
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            containers:
              - name: web
                image: nginx:1.27.3
                resources: { requests: { cpu: 250m, memory: 256Mi } }
                readinessProbe: { httpGet: { path: /, port: 80 }, initialDelaySeconds: 4 }
    - apiVersion: v1
      kind: Service
      metadata: { name: web }
      spec: { selector: { app: web }, ports: [ { port: 80 } ] }
  availability:
    - { service: web, minReady: 1 }
  failures:
    - { type: NodeCrash, pools: [solo], mtbf: ${MTBF_HOURS}h, repairTime: exp(${MTTR_HOURS}h) }
  output: { interval: ${HOURS_PER_SEED}h }
`;

describe('single replica under exponential node failures and repairs', () => {
  const runs: InstrumentedRun[] = [];
  beforeAll(() => {
    const base = scenarioFromText('single-replica-availability', SCENARIO);
    for (let seed = 1; seed <= SEEDS; seed++) runs.push(runInstrumented({ ...base, seed }));
  }, 120_000);
  const end = HOURS_PER_SEED * HOUR;

  it('never evicts (one fully disrupted zone) and each incident lasts exactly the repair time plus the restart', () => {
    let incidents = 0;
    let merged = 0;
    for (const run of runs) {
      expect(run.result.controlPlane.evictions).toBe(0);
      const down = run.services.downIntervals('web', 1, end);
      const nodeDown = run.nodes.down.get(0) ?? [];
      // The Service is down from each crash to RESTART after its repair; a crash inside a restart
      // (RESTART/MTBF ≈ 1.4·10⁻⁴ per incident: about one in this file) merges two incidents.
      const expected = mergeIntervals(nodeDown.map((i) => ({ from: i.from, to: i.to === undefined ? undefined : i.to + RESTART })))
        .filter((i) => i.from < end)
        .map((i) => ({ from: i.from, to: i.to === undefined || i.to > end ? undefined : i.to }));
      expect(down).toEqual(expected);
      expect(run.result.services[0]?.incidents).toBe(down.length);
      expect(run.result.services[0]?.downtimeSeconds).toBeCloseTo(totalLength(down, end) / SECOND, 3);
      incidents += down.length;
      merged += nodeDown.length - down.length;
    }
    expect(incidents).toBeGreaterThan(10_000);
    expect(merged).toBeLessThan(10);
  });

  it('mean availability matches MTBF / (MTBF + MTTR), adjusted for the restart time', () => {
    const availabilities = runs.map((r) => r.result.services[0]!.availability);
    const { mean, se } = meanAndStandardError(availabilities);
    const lambda = 1 / MTBF_HOURS;
    const mu = 1 / MTTR_HOURS;
    const tau = 1 / (lambda + mu);
    const qEff = (MTTR_HOURS + RESTART / HOUR) / (MTBF_HOURS + MTTR_HOURS);
    const transient = 1 - (tau / HOURS_PER_SEED) * (1 - Math.exp(-HOURS_PER_SEED / tau));
    const expected = 1 - qEff * transient;
    // Bias allowance: the restart time's whole effect again (in case it were misjudged by 100%),
    // which also covers crashes that fall inside a restart (probability RESTART/MTBF ≈ 10⁻⁴).
    const allowance = RESTART / HOUR / (MTBF_HOURS + MTTR_HOURS);
    const tolerance = 4 * se + allowance;
    console.info(`single replica: mean availability ${mean.toFixed(5)} vs ${expected.toFixed(5)} expected (MTBF/(MTBF+MTTR) ${(MTBF_HOURS / (MTBF_HOURS + MTTR_HOURS)).toFixed(5)}), SE ${se.toFixed(5)}, tolerance ${tolerance.toFixed(5)}`);
    // Measured (100 seeds × 2500 h): mean 0.90895 vs 0.90900 expected, SE 0.00069, tolerance 0.00288.
    expect(Math.abs(mean - expected)).toBeLessThan(tolerance);
  });

  it('mean downtime per incident matches MTTR + restart time', () => {
    const durations: number[] = [];
    const repairs: number[] = [];
    for (const run of runs) {
      for (const incident of run.services.downIntervals('web', 1, end)) if (incident.to !== undefined) durations.push((incident.to - incident.from) / HOUR);
      for (const node of run.nodes.down.get(0) ?? []) if (node.to !== undefined) repairs.push((node.to - node.from) / HOUR);
    }
    const incidents = meanAndStandardError(durations);
    // Measured: 22,911 incidents, mean 3575.3 s vs 3605 s expected, SE 23.8 s.
    // Repair times are exponential: the standard deviation equals the mean.
    expect(incidents.sd).toBeGreaterThan(0.9 * MTTR_HOURS);
    expect(incidents.sd).toBeLessThan(1.1 * MTTR_HOURS);
    expect(Math.abs(incidents.mean - (MTTR_HOURS + RESTART / HOUR))).toBeLessThan(4 * incidents.se);
    // The fault model's own repair times (the incidents are these plus RESTART, see above).
    const nodes = meanAndStandardError(repairs);
    console.info(`single replica: ${durations.length} incidents, mean downtime ${(incidents.mean * 3600).toFixed(1)} s vs ${MTTR_HOURS * 3600 + RESTART / SECOND} s expected, SE ${(incidents.se * 3600).toFixed(1)} s; node repair mean ${(nodes.mean * 3600).toFixed(1)} s`);
    expect(Math.abs(nodes.mean - MTTR_HOURS)).toBeLessThan(4 * nodes.se);
    // The summary's figures agree: downtime / incidents over all seeds.
    const downtime = runs.reduce((s, r) => s + r.result.services[0]!.downtimeSeconds, 0);
    const count = runs.reduce((s, r) => s + r.result.services[0]!.incidents, 0);
    expect(Math.abs(downtime / count / 3600 - (MTTR_HOURS + RESTART / HOUR))).toBeLessThan(4 * incidents.se + 0.01);
  });
});
