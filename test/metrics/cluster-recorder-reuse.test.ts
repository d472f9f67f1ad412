// The density and cost recorder keeps each node's tally while nothing it depends on changed.
// Checked against the same recorder told that usage may change at every sample (so it re-reads
// every pod each time): over scenarios with node crashes, kubelet stalls, traffic, the VPA
// replacing requests and the cluster autoscaler adding and removing nodes, both give identical
// samples, density and cost; where nodes are quiet (no traffic), the kept tallies really spare
// most pod reads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scaleScenarioYaml } from '../../benchmarks/scale-scenario.js';
import { ClusterRecorder, type UsageSource } from '../../src/metrics/cluster-recorder.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';

function quietCluster(): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'podsim-reuse-')), 'quiet.yaml');
  writeFileSync(file, scaleScenarioYaml({ nodes: 30, deployments: 6, replicas: 40, services: true }, '1d').replace('interval: 1h', 'interval: 10m'));
  return file;
}

const repo = (file: string): string => new URL(`../../${file}`, import.meta.url).pathname;

// [scenario file, duration, --set overrides, whether most nodes are quiet]
const CASES: Array<[file: string, duration: string, sets: string[], quiet: boolean]> = [
  [repo('scenarios/zeus-zap.yaml'), '2d', [], false],
  [repo('scenarios/flaky-kubelets.yaml'), '2d', [], false],
  [repo('scenarios/vpa-rightsizing.yaml'), '1d', [], true],
  [repo('scenarios/weekend-scale-to-zero.yaml'), '4d', [], true],
  [repo('scenarios/esports-burst.yaml'), '1d', ['spec.output.interval=1m'], false],
  [quietCluster(), '1d', [], true],
];

function countingUsage(base: UsageSource, reuse: boolean): UsageSource & { reads: number } {
  const source = {
    reads: 0,
    usage(pod: Parameters<UsageSource['usage']>[0]) {
      source.reads++;
      return base.usage(pod);
    },
    usageVersion: (node: Parameters<UsageSource['usageVersion']>[0]) => (reuse ? base.usageVersion(node) : undefined),
  };
  return source;
}

describe('ClusterRecorder keeps unchanged nodes’ tallies without changing any number', () => {
  for (const [file, duration, sets, quiet] of CASES) {
    it(`${path.basename(file)} (${duration})`, () => {
      let kept: ClusterRecorder | undefined;
      let fresh: ClusterRecorder | undefined;
      let keptUsage: ReturnType<typeof countingUsage> | undefined;
      let freshUsage: ReturnType<typeof countingUsage> | undefined;
      const scenario = loadScenario(file, { duration, sets });
      const { world } = runScenario(scenario, {
        observe(world) {
          const services = world.store.list('Service').map((s) => ({ name: s.metadata.name, namespace: s.metadata.namespace }));
          keptUsage = countingUsage(world.podUsage, true);
          freshUsage = countingUsage(world.podUsage, false);
          kept = new ClusterRecorder(world.store, world.cloud.nodes, keptUsage, services);
          fresh = new ClusterRecorder(world.store, world.cloud.nodes, freshUsage, services);
        },
        afterInterval(world) {
          kept?.sample(world.sim.now);
          fresh?.sample(world.sim.now);
        },
      });
      if (!kept || !fresh || !keptUsage || !freshUsage) throw new Error('hooks did not run');
      expect(kept.samples.length).toBeGreaterThan(20);
      expect(kept.samples).toEqual(fresh.samples);
      const nodeHours = kept.computeCost(world.sim.now).reduce((sum, p) => sum + p.nodeHours, 0);
      expect(kept.density(nodeHours, world.sim.now)).toEqual(fresh.density(nodeHours, world.sim.now));
      expect(kept.costByService()).toEqual(fresh.costByService());
      expect(kept.allocated).toBe(fresh.allocated);
      expect(kept.allocated).toBeGreaterThan(0);
      if (quiet) expect(keptUsage.reads).toBeLessThan(freshUsage.reads / 4);
      else expect(keptUsage.reads).toBeLessThanOrEqual(freshUsage.reads); // every node serves traffic
    });
  }
});
