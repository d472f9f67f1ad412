// NodeAffinity required matching and preferred-term scoring.
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go
// TestNodeAffinity (filter cases) and TestNodeAffinityPriority (score cases), transcribed below.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Labels, NodeSelectorTerm } from '../../../src/models/api/selectors.js';
import {
  isQualifiedName,
  isValidLabelValue,
  nodeAffinityNormalizeScores,
  nodeAffinityRawScore,
  requiredNodeAffinityMatches,
} from '../../../src/models/scheduler/algorithms/node-affinity-scoring.js';
import type { PreferredSchedulingTerm } from '../../../src/models/scheduler/algorithms/node-affinity-scoring.js';

describe('requiredNodeAffinityMatches (node_affinity_test.go TestNodeAffinity)', () => {
  const cases: Array<[string, Labels | undefined, NodeSelectorTerm[] | undefined, Labels, string, boolean]> = [
    ['missing labels', { foo: 'bar' }, undefined, {}, 'node1', false],
    ['same labels', { foo: 'bar' }, undefined, { foo: 'bar' }, 'node1', true],
    ['node labels are superset', { foo: 'bar' }, undefined, { foo: 'bar', baz: 'blah' }, 'node1', true],
    ['node labels are subset', { foo: 'bar', baz: 'blah' }, undefined, { foo: 'bar' }, 'node1', false],
    [
      'Pod with matchExpressions using In operator that matches the existing node',
      undefined,
      [{ matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'value2'] }] }],
      { foo: 'bar' },
      'node1',
      true,
    ],
    [
      'Pod with matchExpressions using Gt operator that matches the existing node',
      undefined,
      [{ matchExpressions: [{ key: 'kernel-version', operator: 'Gt', values: ['0204'] }] }],
      { 'kernel-version': '0206' },
      'node1',
      true,
    ],
    [
      'Pod with matchExpressions using NotIn operator that matches the existing node',
      undefined,
      [{ matchExpressions: [{ key: 'mem-type', operator: 'NotIn', values: ['DDR', 'DDR2'] }] }],
      { 'mem-type': 'DDR3' },
      'node1',
      true,
    ],
    [
      'Pod with matchExpressions using Exists operator that matches the existing node',
      undefined,
      [{ matchExpressions: [{ key: 'GPU', operator: 'Exists' }] }],
      { GPU: 'NVIDIA-GRID-K1' },
      'node1',
      true,
    ],
    [
      "Pod with affinity that don't match node's labels won't schedule onto the node",
      undefined,
      [{ matchExpressions: [{ key: 'foo', operator: 'In', values: ['value1', 'value2'] }] }],
      { foo: 'bar' },
      'node1',
      false,
    ],
    [
      "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      undefined,
      [{ matchExpressions: [] }],
      { foo: 'bar' },
      'node1',
      false,
    ],
    ['Pod with no Affinity will schedule onto a node', undefined, undefined, { foo: 'bar' }, 'node1', true],
    [
      'Pod with multiple matchExpressions ANDed that matches the existing node',
      undefined,
      [
        {
          matchExpressions: [
            { key: 'GPU', operator: 'Exists' },
            { key: 'GPU', operator: 'NotIn', values: ['AMD', 'INTER'] },
          ],
        },
      ],
      { GPU: 'NVIDIA-GRID-K1' },
      'node1',
      true,
    ],
    [
      "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      undefined,
      [
        {
          matchExpressions: [
            { key: 'GPU', operator: 'Exists' },
            { key: 'GPU', operator: 'In', values: ['AMD', 'INTER'] },
          ],
        },
      ],
      { GPU: 'NVIDIA-GRID-K1' },
      'node1',
      false,
    ],
    [
      "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      undefined,
      [
        { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar', 'value2'] }] },
        { matchExpressions: [{ key: 'diffkey', operator: 'In', values: ['wrong', 'value2'] }] },
      ],
      { foo: 'bar' },
      'node1',
      true,
    ],
    [
      'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
      { foo: 'bar' },
      [{ matchExpressions: [{ key: 'foo', operator: 'Exists' }] }],
      { foo: 'bar' },
      'node1',
      true,
    ],
    [
      "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      { foo: 'bar' },
      [{ matchExpressions: [{ key: 'foo', operator: 'Exists' }] }],
      { foo: 'barrrrrr' },
      'node1',
      false,
    ],
    [
      "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      undefined,
      [{ matchExpressions: [{ key: 'foo', operator: 'NotIn', values: ['invalid value: ___@#$%^'] }] }],
      { foo: 'bar' },
      'node1',
      false,
    ],
    [
      'Pod with matchFields using In operator that matches the existing node',
      undefined,
      [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }],
      {},
      'node1',
      true,
    ],
    [
      'Pod with matchFields using In operator that does not match the existing node',
      undefined,
      [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['node1'] }] }],
      {},
      'node2',
      false,
    ],
    [
      'Pod with two terms: matchFields does not match, but matchExpressions matches',
      undefined,
      [
        {
          matchFields: [
            { key: 'metadata.name', operator: 'In', values: ['node1'] },
            { key: 'metadata.name', operator: 'In', values: ['node2'] },
          ],
        },
        { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] },
      ],
      { foo: 'bar' },
      'node2',
      true,
    ],
  ];
  it.each(cases)('%s', (_name, nodeSelector, terms, labels, nodeName, expected) => {
    expect(requiredNodeAffinityMatches(nodeSelector, terms, labels, nodeName)).toBe(expected);
  });

  it('a present but empty list of required terms matches no node', () => {
    expect(requiredNodeAffinityMatches(undefined, [], { foo: 'bar' }, 'node1')).toBe(false);
  });

  it('Gt/Lt need one integer value and an integer node label', () => {
    const term = (values: string[]): NodeSelectorTerm[] => [{ matchExpressions: [{ key: 'v', operator: 'Lt', values }] }];
    expect(requiredNodeAffinityMatches(undefined, term(['10']), { v: '9' }, 'n')).toBe(true);
    expect(requiredNodeAffinityMatches(undefined, term(['10', '11']), { v: '9' }, 'n')).toBe(false);
    expect(requiredNodeAffinityMatches(undefined, term(['ten']), { v: '9' }, 'n')).toBe(false);
    expect(requiredNodeAffinityMatches(undefined, term(['10']), { v: '9abc' }, 'n')).toBe(false);
  });
});

describe('nodeAffinityRawScore + normalize (node_affinity_test.go TestNodeAffinityPriority)', () => {
  const label1 = { foo: 'bar' };
  const label2 = { key: 'value' };
  const label3 = { az: 'az1' };
  const label4 = { abc: 'az11', def: 'az22' };
  const label5 = { foo: 'bar', key: 'value', az: 'az1' };
  const affinity1: PreferredSchedulingTerm[] = [{ weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } }];
  const affinity2: PreferredSchedulingTerm[] = [
    { weight: 2, preference: { matchExpressions: [{ key: 'foo', operator: 'In', values: ['bar'] }] } },
    { weight: 4, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } },
    {
      weight: 5,
      preference: {
        matchExpressions: [
          { key: 'foo', operator: 'In', values: ['bar'] },
          { key: 'key', operator: 'In', values: ['value'] },
          { key: 'az', operator: 'In', values: ['az1'] },
        ],
      },
    },
  ];
  const run = (terms: PreferredSchedulingTerm[], nodes: Array<[string, Labels]>): number[] =>
    nodeAffinityNormalizeScores(nodes.map(([name, labels]) => nodeAffinityRawScore(terms, labels, name)));

  it('all nodes are same priority as NodeAffinity is nil', () => {
    expect(run([], [['node1', label1], ['node2', label2], ['node3', label3]])).toEqual([0, 0, 0]);
  });
  it("no node matches preferred scheduling requirements in NodeAffinity of pod so all nodes' priority is zero", () => {
    expect(run(affinity1, [['node1', label4], ['node2', label2], ['node3', label3]])).toEqual([0, 0, 0]);
  });
  it('only node1 matches the preferred scheduling requirements of pod', () => {
    expect(run(affinity1, [['node1', label1], ['node2', label2], ['node3', label3]])).toEqual([100, 0, 0]);
  });
  it('all nodes matches the preferred scheduling requirements of pod but with different priorities', () => {
    expect(run(affinity2, [['node1', label1], ['node5', label5], ['node2', label2]])).toEqual([18, 100, 36]);
  });
  it('added affinity and pod has default affinity (profile terms passed along)', () => {
    const added: PreferredSchedulingTerm[] = [{ weight: 3, preference: { matchExpressions: [{ key: 'key', operator: 'In', values: ['value'] }] } }];
    expect(run([...added, ...affinity1], [['node1', label1], ['node2', label2], ['node3', label5]])).toEqual([40, 60, 100]);
  });
  it('weight-0 and empty preferred terms add nothing', () => {
    expect(nodeAffinityRawScore([{ weight: 0, preference: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] } }, { weight: 7, preference: {} }], label1, 'n')).toBe(0);
  });

  it('normalized scores lie in 0..100 (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 }), (raw) => {
        for (const s of nodeAffinityNormalizeScores(raw)) {
          expect(s).toBeGreaterThanOrEqual(0);
          expect(s).toBeLessThanOrEqual(100);
        }
      }),
    );
  });
});

describe('label syntax', () => {
  it('qualified names and label values', () => {
    expect(isQualifiedName('topology.kubernetes.io/zone')).toBe(true);
    expect(isQualifiedName('invalid key')).toBe(false);
    expect(isQualifiedName('/name')).toBe(false);
    expect(isQualifiedName('a/b/c')).toBe(false);
    expect(isValidLabelValue('')).toBe(true);
    expect(isValidLabelValue('NVIDIA-GRID-K1')).toBe(true);
    expect(isValidLabelValue('x'.repeat(64))).toBe(false);
    expect(isValidLabelValue('-bad')).toBe(false);
  });
});
