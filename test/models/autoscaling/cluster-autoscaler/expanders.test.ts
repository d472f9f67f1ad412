// most-pods, least-nodes, random, priority and the expander chain. Cases transcribed from
// kubernetes/autoscaler cluster-autoscaler/expander/leastnodes/leastnodes_test.go (TestLeastNodes),
// expander/priority/priority_test.go, and expander/factory/chain.go semantics.
import { describe, expect, it } from 'vitest';
import {
  bestOption,
  leastNodes,
  mostPods,
  priorityFilter,
  randomOption,
  type ExpansionOption,
} from '../../../../src/models/autoscaling/cluster-autoscaler/expanders.js';

const opt = (nodeGroupId: string, nodeCount: number, pods = 0): ExpansionOption => ({
  nodeGroupId,
  nodeCount,
  pods: Array.from({ length: pods }, () => ({ cpuMilli: 100, memoryBytes: 1 })),
});
const ids = (options: readonly ExpansionOption[]): string[] => options.map((o) => o.nodeGroupId);

describe('least-nodes (TestLeastNodes)', () => {
  const cases: Array<[string, Array<[string, number]>, string[]]> = [
    ['no options', [], []],
    ['no valid options', [['EO0', 0]], []],
    ['1 valid option', [['EO0', 2]], ['EO0']],
    ['2 valid options, not equal', [['EO0', 2], ['EO1', 1]], ['EO1']],
    ['3 valid options, 2 equal', [['EO0', 6], ['EO1', 2], ['EO2', 2]], ['EO1', 'EO2']],
    ['3 valid options, all equal', [['EO0', 8], ['EO1', 8], ['EO2', 8]], ['EO0', 'EO1', 'EO2']],
    [
      '6 valid options, 1 invalid option, 3 equal',
      [['EO0', 23], ['EO1', 0], ['EO2', 5], ['EO3', 8], ['EO4', 5], ['EO5', 5], ['EO6', 22]],
      ['EO2', 'EO4', 'EO5'],
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(name, () => expect(ids(leastNodes(input.map(([id, n]) => opt(id, n))))).toEqual(expected));
  }
});

describe('most-pods', () => {
  it('keeps the options scheduling the most pods', () => {
    expect(ids(mostPods([opt('a', 1, 2), opt('b', 1, 5), opt('c', 3, 5), opt('d', 1, 4)]))).toEqual(['b', 'c']);
  });
  it('options with no pods survive while nothing better was seen (upstream maxPods starts at 0)', () => {
    expect(ids(mostPods([opt('a', 1, 0), opt('b', 1, 0)]))).toEqual(['a', 'b']);
    expect(ids(mostPods([opt('a', 1, 0), opt('b', 1, 1)]))).toEqual(['b']);
    expect(mostPods([])).toEqual([]);
  });
});

describe('random', () => {
  it('uses the supplied pick', () => {
    const options = [opt('a', 1), opt('b', 1), opt('c', 1)];
    expect(ids(randomOption(options, (n) => n - 1))).toEqual(['c']);
    expect(ids(randomOption(options, () => 0))).toEqual(['a']);
    expect(randomOption([], () => 0)).toEqual([]);
    expect(() => randomOption(options, () => 3)).toThrow(RangeError);
  });
});

describe('priority (priority_test.go)', () => {
  const config = { 5: ['.*t2\\.micro.*'], 10: ['.*t2\\.large.*', '.*t3\\.large.*'], 50: ['.*m4\\.4xlarge.*'] };
  const oneEntryConfig = { 10: ['.*t2\\.large.*'] };
  const wildcardMatchConfig = { 5: ['.*'], 10: ['.t2\\.large.*'] };
  const t2micro = opt('my-asg.t2.micro', 1);
  const t2large = opt('my-asg.t2.large', 1);
  const t3large = opt('my-asg.t3.large', 1);
  const m44xlarge = opt('my-asg.m4.4xlarge', 1);

  it('CorrecltyFiltersSingleMatchingOptionOutOfOne', () => expect(priorityFilter([t2large], config)).toEqual([t2large]));
  it('CorrecltyFiltersSingleMatchingOptionOutOfMany', () => expect(priorityFilter([t2large, m44xlarge], config)).toEqual([m44xlarge]));
  it('FiltersToHigherPriorityMatch', () => expect(priorityFilter([t2large, t2micro], wildcardMatchConfig)).toEqual([t2large]));
  it('CorrecltyFiltersTwoMatchingOptionsOutOfMany', () => expect(priorityFilter([t2large, t3large, t2micro], config)).toEqual([t2large, t3large]));
  it('CorrecltyFallsBackToAllWhenNoMatches', () => expect(priorityFilter([t2large, t3large], config)).toEqual([t2large, t3large]));
  it('CorrecltyHandlesConfigUpdate', () => {
    expect(priorityFilter([t2large, t3large, m44xlarge], oneEntryConfig)).toEqual([t2large]);
    expect(priorityFilter([t2large, t3large, m44xlarge], config)).toEqual([m44xlarge]);
  });
  it('CorrecltySkipsBadChangeConfig: an empty configuration filters nothing', () => {
    expect(priorityFilter([t2large, t3large, m44xlarge], {})).toEqual([t2large, t3large, m44xlarge]);
  });
  it('no option matching any regex keeps all options', () => {
    expect(priorityFilter([opt('x', 1), opt('y', 1)], { 10: ['^z$'] }).map((o) => o.nodeGroupId)).toEqual(['x', 'y']);
  });
  it('an invalid regex filters nothing', () => {
    expect(priorityFilter([t2large, m44xlarge], { 10: ['(('] })).toEqual([t2large, m44xlarge]);
  });
  it('accepts a Map and RegExp values', () => {
    expect(priorityFilter([t2large, m44xlarge], new Map([[1, [/large/g]], [2, [/^my-asg\.t2/]]]))).toEqual([t2large]);
  });
});

describe('expander chain (chainStrategy.BestOption)', () => {
  const cap = { cpuMilli: 1000, memoryBytes: 1000 };
  const a: ExpansionOption = { nodeGroupId: 'a', nodeCount: 2, pods: [{ cpuMilli: 500, memoryBytes: 500 }], nodeCapacity: cap };
  const b: ExpansionOption = { nodeGroupId: 'b', nodeCount: 1, pods: [{ cpuMilli: 500, memoryBytes: 500 }], nodeCapacity: cap };
  const c: ExpansionOption = { nodeGroupId: 'c', nodeCount: 1, pods: [{ cpuMilli: 500, memoryBytes: 500 }], nodeCapacity: cap };
  it('stops at the first filter leaving one option', () => {
    let picks = 0;
    const pick = (n: number): number => {
      picks++;
      return n - 1;
    };
    expect(bestOption([a, b], ['least-waste', 'random'], pick)?.nodeGroupId).toBe('b');
    expect(picks).toBe(0);
  });
  it('breaks remaining ties at random', () => {
    expect(bestOption([a, b, c], ['least-waste'], () => 0)?.nodeGroupId).toBe('b');
    expect(bestOption([a, b, c], ['least-waste'], (n) => n - 1)?.nodeGroupId).toBe('c');
    expect(bestOption([a, b, c], ['most-pods', 'least-nodes'], (n) => n - 1)?.nodeGroupId).toBe('c');
  });
  it('priority then least-waste', () => {
    expect(bestOption([a, b, c], ['priority', 'least-waste'], () => 0, { priorities: { 10: ['^a$', '^c$'], 1: ['.*'] } })?.nodeGroupId).toBe('c');
  });
  it('no options gives undefined', () => {
    expect(bestOption([], ['least-waste'], () => 0)).toBeUndefined();
    expect(bestOption([opt('z', 0)], ['least-nodes', 'random'], () => 0)).toBeUndefined();
  });
});
