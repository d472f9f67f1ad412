// The pure parts of the HTML reports: id renumbering, thinning, the Pareto frontier, nines and
// which metrics a sweep report charts.
import { describe, expect, it } from 'vitest';
import { buckets, timeUnit } from '../../src/report/html/run-charts.js';
import { headlineMetrics, headlineServices, ninesOf, paretoFrontier, shortPath } from '../../src/sweep/report/sweep-charts.js';
import { renumberIds } from '../../src/report/html/vega-svg.js';

describe('renumberIds', () => {
  it('renames every id and every reference to it, in order of appearance', () => {
    const svg = '<svg><clipPath id="clip7"><rect/></clipPath><g clip-path="url(#clip7)"/><linearGradient id="g3"/><use href="#g3"/><path fill="url(#g3)"/></svg>';
    expect(renumberIds(svg, 'c2-')).toBe(
      '<svg><clipPath id="c2-1"><rect/></clipPath><g clip-path="url(#c2-1)"/><linearGradient id="c2-2"/><use href="#c2-2"/><path fill="url(#c2-2)"/></svg>',
    );
  });

  it('gives the same output whatever the counter Vega started from', () => {
    const a = '<clipPath id="clip1"/><g clip-path="url(#clip1)"/>';
    const b = '<clipPath id="clip42"/><g clip-path="url(#clip42)"/>';
    expect(renumberIds(a, 'x')).toBe(renumberIds(b, 'x'));
  });
});

describe('buckets', () => {
  it('keeps short series as they are, one row per bucket', () => {
    expect(buckets([1, 2, 3], 5)).toEqual([[1], [2], [3]]);
  });

  it('merges consecutive rows into at most max buckets', () => {
    const rows = Array.from({ length: 10 }, (_, i) => i);
    expect(buckets(rows, 4)).toEqual([[0, 1, 2], [3, 4, 5], [6, 7, 8], [9]]);
    expect(buckets(Array.from({ length: 10080 }, (_, i) => i), 2000)).toHaveLength(1680);
  });
});

describe('timeUnit', () => {
  it('uses hours from three hours on, minutes below', () => {
    expect(timeUnit(7200).label).toBe('minutes');
    expect(timeUnit(3 * 3600).label).toBe('hours');
  });
});

describe('paretoFrontier', () => {
  const p = (label: string, cost: number, nines: number | null) => ({ label, cost, nines });

  it('keeps the points no other point is both cheaper and more available than', () => {
    const points = [p('a', 10, 2), p('b', 12, 1.5), p('c', 15, 3), p('d', 20, 3), p('e', 8, 1)];
    expect(paretoFrontier(points).map((x) => x.label)).toEqual(['e', 'a', 'c']);
  });

  it('treats no downtime as more nines than any measured value', () => {
    const points = [p('a', 10, 4), p('b', 30, null), p('c', 40, null), p('d', 35, 5)];
    expect(paretoFrontier(points).map((x) => x.label)).toEqual(['a', 'b']);
  });

  it('keeps the more available of two equally cheap points only', () => {
    expect(paretoFrontier([p('a', 10, 2), p('b', 10, 3)]).map((x) => x.label)).toEqual(['b']);
  });
});

describe('ninesOf', () => {
  it('is −log10(1 − availability), null without downtime', () => {
    expect(ninesOf(0.999)).toBeCloseTo(3, 10);
    expect(ninesOf(0.9)).toBeCloseTo(1, 10);
    expect(ninesOf(1)).toBeNull();
  });
});

describe('headlineMetrics', () => {
  it('charts cost, density and the Services with an objective, in that order', () => {
    const numeric = [
      'density.avgNodes',
      'cost.total',
      'services.web.availability',
      'services.web.downtimeSeconds',
      'services.web.slo.objective',
      'services.batch.availability',
      'services.batch.downtimeSeconds',
    ];
    const metrics = headlineMetrics(numeric);
    expect(metrics).toEqual(['cost.total', 'density.avgNodes', 'services.web.availability', 'services.web.downtimeSeconds']);
    expect(headlineServices(metrics)).toEqual(['web']);
  });

  it('charts the false alarms of node failure detection only when some run had one', () => {
    const numeric = ['cost.total', 'failures.nodesMarkedUnknownWhileAlive', 'failures.evictionsFromLiveNodes'];
    expect(headlineMetrics(numeric)).toEqual(['cost.total']);
    expect(headlineMetrics(numeric, (m) => m === 'failures.evictionsFromLiveNodes')).toEqual(['cost.total', 'failures.evictionsFromLiveNodes']);
  });

  it('charts every Service when none has an objective', () => {
    expect(headlineServices(headlineMetrics(['services.a.availability', 'services.b.availability']))).toEqual(['a', 'b']);
  });

  it('shortens parameter paths to the selected name and the last key, or the last two keys', () => {
    expect(shortPath('spec.workloads[name=catalog].spec.replicas')).toBe('catalog.replicas');
    expect(shortPath('spec.controlPlane.nodeMonitorGracePeriod')).toBe('controlPlane.nodeMonitorGracePeriod');
  });
});
