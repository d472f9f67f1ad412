// Sampled sweep parameters: seeded draws, one latin-hypercube value per stratum, and joint
// samples that pair several parameters point by point into a latin hypercube of their space.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandSweep } from '../../src/sweep/expand.js';
import { loadSweep, sampleValues } from '../../src/sweep/load-sweep.js';

const scenario = new URL('../../scenarios/single-node-failure.yaml', import.meta.url).pathname;

function sweepFile(parameters: string): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'podsim-sample-')), 'sweep.yaml');
  writeFileSync(file, `apiVersion: podsim.dev/v1alpha1\nkind: Sweep\nmetadata: { name: sampled }\nspec:\n  scenario: ${scenario}\n  seeds: 1\n  parameters:\n${parameters}`);
  return file;
}

describe('sampled sweep parameters', () => {
  it('draws the same values every time, within [min, max)', () => {
    const a = sampleValues('s/p', 20, 10, 50, 'random', false);
    expect(sampleValues('s/p', 20, 10, 50, 'random', false)).toEqual(a);
    expect(sampleValues('s/q', 20, 10, 50, 'random', false)).not.toEqual(a);
    for (const v of a) {
      expect(v).toBeGreaterThanOrEqual(10);
      expect(v).toBeLessThan(50);
    }
  });

  it('puts one latin-hypercube value in each stratum', () => {
    const values = sampleValues('s/p', 8, 0, 80, 'latin-hypercube', false);
    values.forEach((v, k) => {
      expect(v).toBeGreaterThanOrEqual(10 * k);
      expect(v).toBeLessThan(10 * (k + 1));
    });
    expect(sampleValues('s/p', 5, 1, 6, 'latin-hypercube', true)).toEqual([1, 2, 3, 4, 5]);
  });

  it('shuffles the strata of a joint latin-hypercube sample, keeping one value in each', () => {
    const values = sampleValues('s/p', 8, 0, 80, 'latin-hypercube', false, true);
    expect(values).not.toEqual([...values].sort((a, b) => a - b));
    expect(values.map((v) => Math.floor(v / 10)).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});

describe('joint samples in a sweep', () => {
  const joint = `    - path: spec.controlPlane.defaultUnreachableTolerationSeconds
      sample: { count: 6, min: 60, max: 360, method: latin-hypercube, integer: true, joint: true }
    - path: spec.nodePools[name=general].count
      values: [2, 3]
    - path: spec.traffic[0].rps
      sample: { count: 6, min: 10, max: 70, method: latin-hypercube, joint: true }
`;

  it('pairs joint values point by point (a latin hypercube of their space), crossed with the other parameters', () => {
    const runs = expandSweep(loadSweep(sweepFile(joint)));
    expect(runs).toHaveLength(12); // 6 joint points × 2 pool sizes
    const points = runs.filter((r) => r.parameters['spec.nodePools[name=general].count'] === 2);
    const strata = (p: string, low: number, width: number) => points.map((r) => Math.floor(((r.parameters[p] as number) - low) / width)).sort();
    // Each parameter has exactly one point in each of its six strata: the hypercube property.
    expect(strata('spec.controlPlane.defaultUnreachableTolerationSeconds', 60, 50)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(strata('spec.traffic[0].rps', 10, 10)).toEqual([0, 1, 2, 3, 4, 5]);
    // The joint block is one axis at the place of the first joint parameter (outermost here).
    const [first, second] = runs;
    expect(second!.parameters).toEqual({ ...first!.parameters, 'spec.nodePools[name=general].count': 3 });
    expect(first!.parameters['spec.nodePools[name=general].count']).toBe(2);
  });

  it('rejects a joint sample whose count differs from the first one, at its line', () => {
    const file = sweepFile(`    - path: spec.controlPlane.defaultUnreachableTolerationSeconds
      sample: { count: 6, min: 60, max: 360, method: latin-hypercube, joint: true }
    - path: spec.traffic[0].rps
      sample: { count: 5, min: 10, max: 70, method: latin-hypercube, joint: true }
`);
    expect(() => loadSweep(file)).toThrow(/sweep\.yaml:11:\d+: spec\.parameters\[1\]\.sample: a joint sample must have the count and method of the first joint sample/);
  });
});

describe('run keys', () => {
  it('change when a manifest file the scenario reads changes, not only the scenario file', async () => {
    const { cpSync, appendFileSync } = await import('node:fs');
    const dir = mkdtempSync(path.join(tmpdir(), 'podsim-keys-'));
    cpSync(new URL('../fixtures/good', import.meta.url).pathname, dir, { recursive: true });
    const file = path.join(dir, 'sweep.yaml');
    writeFileSync(file, `apiVersion: podsim.dev/v1alpha1\nkind: Sweep\nmetadata: { name: keys }\nspec:\n  scenario: with-manifests.yaml\n  seeds: 1\n`);
    const before = expandSweep(loadSweep(file))[0]!.key;
    expect(expandSweep(loadSweep(file))[0]!.key).toBe(before);
    appendFileSync(path.join(dir, 'manifests/web.yaml'), '\n# an edit\n');
    expect(expandSweep(loadSweep(file))[0]!.key).not.toBe(before);
  });
});
