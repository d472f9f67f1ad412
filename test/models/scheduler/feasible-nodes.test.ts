// numFeasibleNodesToFind. Upstream: kubernetes/kubernetes pkg/scheduler/schedule_one_test.go
// TestNumFeasibleNodesToFind (all table cases) and TestFairEvaluationForNodes (500 nodes at 30%).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { numFeasibleNodesToFind } from '../../../src/models/scheduler/algorithms/feasible-nodes.js';

describe('numFeasibleNodesToFind (schedule_one_test.go TestNumFeasibleNodesToFind)', () => {
  it.each<[string, number, number, number]>([
    ['not set percentageOfNodesToScore and nodes number not more than 50', 0, 10, 10],
    ['set percentageOfNodesToScore and nodes number not more than 50', 40, 10, 10],
    ['not set percentageOfNodesToScore and nodes number more than 50', 0, 1000, 420],
    ['set percentageOfNodesToScore and nodes number more than 50', 40, 1000, 400],
    ['not set percentageOfNodesToScore and nodes number more than 50*125', 0, 6000, 300],
    ['set percentageOfNodesToScore and nodes number more than 50*125', 40, 6000, 2400],
    ['TestFairEvaluationForNodes: 500 nodes at 30%', 30, 500, 150],
  ])('%s', (_name, percentage, numAllNodes, expected) => {
    expect(numFeasibleNodesToFind(numAllNodes, percentage)).toBe(expected);
  });

  it('adaptive examples: 5000 nodes → 10% = 500; 100 nodes → 100; floor of 5%', () => {
    expect(numFeasibleNodesToFind(5000)).toBe(500);
    expect(numFeasibleNodesToFind(100)).toBe(100);
    expect(numFeasibleNodesToFind(99)).toBe(99);
    expect(numFeasibleNodesToFind(15000)).toBe(750);
    expect(numFeasibleNodesToFind(300, 10)).toBe(100);
    expect(numFeasibleNodesToFind(300, 100)).toBe(300);
  });

  it('never more than all nodes and at least min(all, 100) (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 100 }), (n, pct) => {
        const k = numFeasibleNodesToFind(n, pct);
        expect(k).toBeLessThanOrEqual(n);
        expect(k).toBeGreaterThanOrEqual(Math.min(n, 100));
      }),
    );
  });
});
