// PodTopologySpread scoring, normalization and the DoNotSchedule skew check.
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/podtopologyspread/
//   scoring_test.go TestPodTopologySpreadScore and filtering_test.go TestSingleConstraint.
// The upstream cases place pods on nodes; here each case is transcribed as the per-node numbers
// the plugin derives from that placement (matching count in the node's domain, number of domains
// among candidate nodes, ignored nodes), which are the inputs of these pure functions.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  globalMinMatchNum,
  SYSTEM_DEFAULT_CONSTRAINTS,
  topologyNormalizingWeight,
  topologySpreadFilter,
  topologySpreadNormalizeScores,
  topologySpreadRawScore,
} from '../../../src/models/scheduler/algorithms/topology-spread-scoring.js';
import type { SpreadScoreTerm } from '../../../src/models/scheduler/algorithms/topology-spread-scoring.js';

/** Per node: one term per constraint (null = node lacks the key); a null node = ignored. */
function scoreNodes(nodes: Array<Array<SpreadScoreTerm | null> | null>): number[] {
  return topologySpreadNormalizeScores(nodes.map((terms) => (terms === null ? null : topologySpreadRawScore(terms))));
}
const t = (count: number, maxSkew: number, topologySize: number): SpreadScoreTerm => ({ count, maxSkew, topologySize });

describe('topologySpreadRawScore + normalize (scoring_test.go TestPodTopologySpreadScore)', () => {
  const cases: Array<[string, Array<Array<SpreadScoreTerm | null> | null>, number[]]> = [
    ['one constraint on node, no existing pods', [[t(0, 1, 2)], [t(0, 1, 2)]], [100, 100]],
    ['one constraint on node, only one node is candidate', [[t(2, 1, 1)]], [100]],
    ['one constraint on node, all nodes have the same number of matching pods', [[t(1, 1, 2)], [t(1, 1, 2)]], [100, 100]],
    // matching pods spread as 2/1/0/3 on hostname, 4 candidate nodes
    ['one constraint on node, all 4 nodes are candidates', [[t(2, 1, 4)], [t(1, 1, 4)], [t(0, 1, 4)], [t(3, 1, 4)]], [20, 60, 100, 0]],
    // a null selector matches nothing
    ['one constraint on node, null selector', [[t(0, 1, 4)], [t(0, 1, 4)], [t(0, 1, 4)], [t(0, 1, 4)]], [100, 100, 100, 100]],
    ['one constraint on node, all 4 nodes are candidates, maxSkew=2', [[t(2, 2, 4)], [t(1, 2, 4)], [t(0, 2, 4)], [t(3, 2, 4)]], [33, 66, 100, 16]],
    // 4/3/2/1
    ['one constraint on node, all 4 nodes are candidates, maxSkew=3', [[t(4, 3, 4)], [t(3, 3, 4)], [t(2, 3, 4)], [t(1, 3, 4)]], [44, 66, 77, 100]],
    // system defaults: hostname maxSkew 3 scores; nodes without a zone label skip the zone constraint
    [
      'system defaulting, nodes don\'t have zone, pods match service',
      [
        [t(4, 3, 4), null],
        [t(3, 3, 4), null],
        [t(2, 3, 4), null],
        [t(1, 3, 4), null],
      ],
      [44, 66, 77, 100],
    ],
    // 4/2/1/~3~: node-y is not a candidate
    ['one constraint on node, 3 out of 4 nodes are candidates', [[t(4, 1, 3)], [t(2, 1, 3)], [t(1, 1, 3)]], [33, 83, 100]],
    // 4/?2?/1/~3~: node-b lacks the key and is ignored, so the hostname size is 3 - 1
    ['one constraint on node, 3 out of 4 nodes are candidates, one node doesn\'t match topology key', [[t(4, 1, 2)], null, [t(1, 1, 2)]], [16, 0, 100]],
    // zone1 = a+b = 6, zone2 = x+y = 4 (y counts although not a candidate), 2 zones
    ['one constraint on zone, 3 out of 4 nodes are candidates', [[t(6, 1, 2)], [t(6, 1, 2)], [t(4, 1, 2)]], [75, 75, 100]],
    // 2/~1~/2/~4~: zone1 = 3, zone2 = 6; hostname size = 2 candidates
    ['two Constraints on zone and node, 2 out of 4 nodes are candidates', [[t(3, 1, 2), t(2, 1, 2)], [t(6, 1, 2), t(2, 1, 2)]], [100, 63]],
    // zone (foo): 2/2/1/1; node (bar): 0/1/0/1
    [
      'two Constraints on zone and node, with different labelSelectors',
      [
        [t(2, 1, 2), t(0, 1, 4)],
        [t(2, 1, 2), t(1, 1, 4)],
        [t(1, 1, 2), t(0, 1, 4)],
        [t(1, 1, 2), t(1, 1, 4)],
      ],
      [60, 20, 100, 60],
    ],
    // zone (foo): 0/0/2/2; node (bar): 0/1/0/1
    [
      'two Constraints on zone and node, with different labelSelectors, some nodes have 0 pods',
      [
        [t(0, 1, 2), t(0, 1, 4)],
        [t(0, 1, 2), t(1, 1, 4)],
        [t(2, 1, 2), t(0, 1, 4)],
        [t(2, 1, 2), t(1, 1, 4)],
      ],
      [100, 60, 40, 0],
    ],
    // zone (foo): 2/2/1/~1~; node (bar): 0/1/0/~1~
    [
      'two Constraints on zone and node, with different labelSelectors, 3 out of 4 nodes are candidates',
      [
        [t(2, 1, 2), t(0, 1, 3)],
        [t(2, 1, 2), t(1, 1, 3)],
        [t(1, 1, 2), t(0, 1, 3)],
      ],
      [50, 25, 100],
    ],
    // pods in another namespace do not count: 1/2
    ['existing pods in a different namespace do not count', [[t(1, 1, 2)], [t(2, 1, 2)]], [100, 33]],
    // terminating pods are excluded: 0/1
    ['terminating Pods should be excluded', [[t(0, 1, 2)], [t(1, 1, 2)]], [100, 0]],
    // key "node" is not the hostname label: counted per domain, 3 domains; 2/2/1, maxSkew 2
    ['minDomains has no effect when ScheduleAnyway', [[t(2, 2, 3)], [t(2, 2, 3)], [t(1, 2, 3)]], [75, 75, 100]],
  ];
  it.each(cases)('%s', (_name, nodes, expected) => {
    expect(scoreNodes(nodes)).toEqual(expected);
  });

  it('rounds the float sum (current upstream), not truncation', () => {
    // 2 × ln 6 = 3.58 → 4 (an int64() truncation would give 3)
    expect(topologySpreadRawScore([t(2, 1, 4)])).toBe(4);
    expect(topologySpreadRawScore([t(1, 1, 4)])).toBe(2);
    expect(topologySpreadRawScore([])).toBe(0);
  });

  it('topologyNormalizingWeight = ln(size + 2)', () => {
    expect(topologyNormalizingWeight(0)).toBeCloseTo(Math.LN2, 12);
    expect(topologyNormalizingWeight(4)).toBeCloseTo(1.791759469, 9);
  });

  it('system default constraints', () => {
    expect(SYSTEM_DEFAULT_CONSTRAINTS).toEqual([
      { maxSkew: 3, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway' },
      { maxSkew: 5, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway' },
    ]);
  });

  it('normalized scores lie in 0..100, ignored nodes get 0, the minimum raw gets 100 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.nat({ max: 5000 }), { nil: null }), { minLength: 1, maxLength: 30 }), (raw) => {
        const out = topologySpreadNormalizeScores(raw);
        const present = raw.filter((r): r is number => r !== null);
        raw.forEach((r, i) => {
          expect(out[i]).toBeGreaterThanOrEqual(0);
          expect(out[i]).toBeLessThanOrEqual(100);
          if (r === null) expect(out[i]).toBe(0);
          else if (r === Math.min(...present)) expect(out[i]).toBe(100);
        });
      }),
    );
  });
});

describe('topologySpreadFilter (filtering_test.go TestSingleConstraint)', () => {
  // Each case: per candidate node, [matchNum in its domain, expected fit]; domain counts give the minimum.
  const cases: Array<[string, number[], boolean, number, Array<[string, number, boolean]>]> = [
    ['no existing pods', [0, 0], true, 1, [['node-a', 0, true], ['node-x', 0, true]]],
    ["no existing pods, incoming pod doesn't match itself", [0, 0], false, 1, [['node-a', 0, true], ['node-x', 0, true]]],
    // zone1 has 0 matching pods (other namespaces), zone2 has 2
    ['existing pods in a different namespace do not count', [0, 2], true, 1, [['node-a', 0, true], ['node-b', 0, true], ['node-x', 2, false], ['node-y', 2, false]]],
    ['pods spread across zones as 3/3, all nodes fit', [3, 3], true, 1, [['node-a', 3, true], ['node-x', 3, true]]],
    // node-b lacks "zone" (UnschedulableAndUnresolvable, not this check); zone1 = 1, zone2 = 2
    ["pods spread across zones as 1/2 due to absence of label 'zone' on node-b", [1, 2], true, 1, [['node-a', 1, true], ['node-x', 2, false], ['node-y', 2, false]]],
    ['pods spread across nodes as 2/1/0/3, only node-x fits', [2, 1, 0, 3], true, 1, [['node-a', 2, false], ['node-b', 1, false], ['node-x', 0, true], ['node-y', 3, false]]],
    ['pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit', [2, 1, 0, 3], true, 2, [['node-a', 2, false], ['node-b', 1, true], ['node-x', 0, true], ['node-y', 3, false]]],
    ["pods spread across nodes as 2/1/0/3, but pod doesn't match itself", [2, 1, 0, 3], false, 1, [['node-a', 2, false], ['node-b', 1, true], ['node-x', 0, true], ['node-y', 3, false]]],
    // required node affinity leaves only node-a and node-y eligible: 2/~1~/~0~/3
    ['incoming pod has nodeAffinity, pods spread as 2/~1~/~0~/3, hence node-a fits', [2, 3], true, 1, [['node-a', 2, true], ['node-b', 0, true], ['node-x', 0, true], ['node-y', 3, false]]],
    ['terminating Pods should be excluded', [0, 1], true, 1, [['node-a', 0, true], ['node-b', 1, false]]],
  ];
  it.each(cases)('%s', (_name, domainCounts, selfMatch, maxSkew, nodes) => {
    const minMatchNum = globalMinMatchNum(domainCounts);
    for (const [node, matchNum, fits] of nodes) {
      expect(topologySpreadFilter({ matchNum, selfMatch, minMatchNum, maxSkew }), node).toBe(fits);
    }
  });

  it('minDomains: fewer eligible domains than minDomains makes the global minimum 0', () => {
    expect(globalMinMatchNum([3, 3], 3)).toBe(0);
    expect(globalMinMatchNum([3, 3, 2], 3)).toBe(2);
    expect(globalMinMatchNum([], 1)).toBe(0);
    // 2 zones with 3 pods each and minDomains 3: every placement has skew 4 > maxSkew 1
    expect(topologySpreadFilter({ matchNum: 3, selfMatch: true, minMatchNum: globalMinMatchNum([3, 3], 3), maxSkew: 1 })).toBe(false);
  });
});
