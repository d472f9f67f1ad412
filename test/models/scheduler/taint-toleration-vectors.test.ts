// TaintToleration filter and score against the upstream vectors, plus the remaining cases of the
// same upstream tables (kubernetes/kubernetes pkg/scheduler/framework/plugins/tainttoleration/
// taint_toleration_test.go TestTaintTolerationScore, TestTaintTolerationFilter).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Taint, Toleration } from '../../../src/models/api/taints.js';
import {
  taintTolerationFilter,
  taintTolerationNormalizeScores,
  taintTolerationRawScore,
} from '../../../src/models/scheduler/algorithms/taint-toleration.js';

interface ScoreCase {
  name: string;
  kind: 'score';
  podTolerations: Toleration[];
  nodes: Array<{ name: string; taints: Taint[] }>;
  expectedRawScores: Array<{ node: string; intolerablePreferNoScheduleTaints: number }>;
  expected: Array<{ node: string; score: number }>;
}

interface FilterCase {
  name: string;
  kind: 'filter';
  podTolerations: Toleration[];
  node: { name: string; taints: Taint[] };
  expected: { code: 'Success' } | { code: 'UnschedulableAndUnresolvable'; reason: string };
}

type Case = ScoreCase | FilterCase;

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/upstream/vectors/scheduler_taint_toleration.json', import.meta.url), 'utf8'),
) as Case[];

function runScore(c: ScoreCase): void {
  const raw = c.nodes.map((n) => taintTolerationRawScore(n.taints, c.podTolerations));
  if (c.expectedRawScores.length > 0) expect(raw).toEqual(c.expectedRawScores.map((r) => r.intolerablePreferNoScheduleTaints));
  const normalized = taintTolerationNormalizeScores(raw);
  expect(c.nodes.map((n, i) => ({ node: n.name, score: normalized[i] }))).toEqual(c.expected);
}

function runFilter(c: FilterCase): void {
  const got = taintTolerationFilter(c.node.taints, c.podTolerations);
  if (c.expected.code === 'Success') expect(got).toEqual({ ok: true });
  else expect(got).toEqual({ ok: false, code: c.expected.code, reason: c.expected.reason });
}

describe('scheduler_taint_toleration.json', () => {
  it.each(vectors.map((c) => [`${c.kind}: ${c.name}`, c] as const))('%s', (_label, c) => {
    if (c.kind === 'score') runScore(c);
    else runFilter(c);
  });
});

const pns = (key: string, value: string): Taint => ({ key, value, effect: 'PreferNoSchedule' });
const ns = (key: string, value: string): Taint => ({ key, value, effect: 'NoSchedule' });

describe('further cases from taint_toleration_test.go', () => {
  const scoreCases: ScoreCase[] = [
    {
      name: 'the nodes that all of their taints are tolerated by the pod, get the same score, no matter how many tolerable taints a node has',
      kind: 'score',
      podTolerations: [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'PreferNoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' },
      ],
      nodes: [
        { name: 'nodeA', taints: [] },
        { name: 'nodeB', taints: [pns('cpu-type', 'arm64')] },
        { name: 'nodeC', taints: [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')] },
      ],
      expectedRawScores: [],
      expected: [
        { node: 'nodeA', score: 100 },
        { node: 'nodeB', score: 100 },
        { node: 'nodeC', score: 100 },
      ],
    },
    {
      name: 'only taints and tolerations that have effect PreferNoSchedule are checked by taints-tolerations priority function',
      kind: 'score',
      podTolerations: [
        { key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' },
        { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'NoSchedule' },
      ],
      nodes: [
        { name: 'nodeA', taints: [] },
        { name: 'nodeB', taints: [ns('cpu-type', 'arm64')] },
        { name: 'nodeC', taints: [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')] },
      ],
      expectedRawScores: [],
      expected: [
        { node: 'nodeA', score: 100 },
        { node: 'nodeB', score: 100 },
        { node: 'nodeC', score: 0 },
      ],
    },
  ];
  it.each(scoreCases.map((c) => [c.name, c] as const))('score: %s', (_label, c) => runScore(c));

  const filterCases: FilterCase[] = [
    {
      name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints",
      kind: 'filter',
      podTolerations: [],
      node: { name: 'nodeA', taints: [ns('dedicated', 'user1')] },
      expected: { code: 'UnschedulableAndUnresolvable', reason: 'node(s) had untolerated taint {dedicated: user1}' },
    },
    {
      name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule",
      kind: 'filter',
      podTolerations: [{ key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' }],
      node: { name: 'nodeA', taints: [ns('dedicated', 'user1')] },
      expected: { code: 'UnschedulableAndUnresolvable', reason: 'node(s) had untolerated taint {dedicated: user1}' },
    },
    {
      name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
      kind: 'filter',
      podTolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'user2', effect: 'NoSchedule' },
        { key: 'foo', operator: 'Exists', effect: 'NoSchedule' },
      ],
      node: { name: 'nodeA', taints: [ns('dedicated', 'user2'), ns('foo', 'bar')] },
      expected: { code: 'Success' },
    },
    {
      name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
      kind: 'filter',
      podTolerations: [{ key: 'foo', operator: 'Equal', value: 'bar' }],
      node: { name: 'nodeA', taints: [ns('foo', 'bar')] },
      expected: { code: 'Success' },
    },
    {
      name: 'The pod has no toleration, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node',
      kind: 'filter',
      podTolerations: [],
      node: { name: 'nodeA', taints: [pns('dedicated', 'user1')] },
      expected: { code: 'Success' },
    },
  ];
  it.each(filterCases.map((c) => [c.name, c] as const))('filter: %s', (_label, c) => runFilter(c));

  it('NoExecute taints are filtered too, and the reason names the first untolerated one', () => {
    const taints: Taint[] = [pns('soft', 'x'), { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }, ns('b', 'c')];
    expect(taintTolerationFilter(taints, [])).toEqual({
      ok: false,
      code: 'UnschedulableAndUnresolvable',
      reason: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
    });
    expect(taintTolerationFilter(taints, [{ operator: 'Exists' }])).toEqual({ ok: true });
  });

  it('an empty-effect toleration counts for the score (tolerates PreferNoSchedule taints)', () => {
    expect(taintTolerationRawScore([pns('a', '1'), pns('b', '2')], [{ key: 'a', operator: 'Exists' }])).toBe(1);
  });

  it('normalized scores are within 0..100 and reverse-ordered (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 20 }), { minLength: 1, maxLength: 20 }), (raw) => {
        const out = taintTolerationNormalizeScores(raw);
        for (let i = 0; i < raw.length; i++) {
          expect(out[i]).toBeGreaterThanOrEqual(0);
          expect(out[i]).toBeLessThanOrEqual(100);
          for (let j = 0; j < raw.length; j++) if ((raw[i] as number) < (raw[j] as number)) expect(out[i]).toBeGreaterThanOrEqual(out[j] as number);
        }
      }),
    );
  });
});
