// least-waste expander against test/fixtures/upstream/vectors/ca_expander_least_waste.json and the
// remaining steps of kubernetes/autoscaler cluster-autoscaler/expander/waste/waste_test.go TestLeastWaste.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { leastWaste, wastedScore, type ExpansionOption } from '../../../../src/models/autoscaling/cluster-autoscaler/expanders.js';

const vectors = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '../../../fixtures/upstream/vectors/ca_expander_least_waste.json'), 'utf8'),
) as any[];

function option(o: any): ExpansionOption {
  return { nodeGroupId: o.nodeGroup.id, nodeCount: o.nodeCount, pods: o.pods, nodeCapacity: o.nodeGroup.nodeCapacity };
}

describe('ca_expander_least_waste.json', () => {
  for (const tc of vectors) {
    it(tc.name, () => {
      const options = tc.options.map(option);
      tc.options.forEach((o: any, i: number) => expect(wastedScore(options[i])).toBeCloseTo(o.wastedScoreDerived, 12));
      expect(leastWaste(options).map((o) => o.nodeGroupId)).toEqual(tc.expected.bestOptions);
    });
  }
});

describe('TestLeastWaste (remaining upstream steps)', () => {
  const cpuPerPod = 500;
  const memoryPerPod = 1000 * 1024 * 1024;
  const pod = { cpuMilli: cpuPerPod, memoryBytes: memoryPerPod };
  const balanced: ExpansionOption = { nodeGroupId: 'balanced', nodeCount: 1, pods: [pod], nodeCapacity: { cpuMilli: 16 * cpuPerPod, memoryBytes: 16 * memoryPerPod } };
  const highmem: ExpansionOption = { nodeGroupId: 'highmem', nodeCount: 1, pods: [pod], nodeCapacity: { cpuMilli: 16 * cpuPerPod, memoryBytes: 32 * memoryPerPod } };
  const lowcpu: ExpansionOption = { nodeGroupId: 'lowcpu', nodeCount: 1, pods: [pod], nodeCapacity: { cpuMilli: 8 * cpuPerPod, memoryBytes: 16 * memoryPerPod } };

  it('Test with one pod, one node info', () => {
    expect(leastWaste([balanced])).toEqual([balanced]);
  });
  it('Test with one pod, three node infos, one that has lots of RAM one that has less, and one that has less CPU', () => {
    expect(leastWaste([balanced, highmem, lowcpu])).toEqual([lowcpu]);
  });
  it('ties are all kept, in input order', () => {
    const twin = { ...balanced, nodeGroupId: 'twin' };
    expect(leastWaste([highmem, balanced, twin]).map((o) => o.nodeGroupId)).toEqual(['balanced', 'twin']);
  });
  it('options without node info are skipped', () => {
    expect(leastWaste([{ nodeGroupId: 'unknown', nodeCount: 1, pods: [pod] }, highmem])).toEqual([highmem]);
    expect(leastWaste([{ nodeGroupId: 'unknown', nodeCount: 1, pods: [pod] }])).toEqual([]);
  });
  it('waste is relative to nodeCount × capacity', () => {
    const two = { ...balanced, nodeCount: 2 };
    expect(wastedScore(two)).toBeCloseTo((16000 - 500) / 16000 + (32 * memoryPerPod - memoryPerPod) / (32 * memoryPerPod), 12);
  });
});
