// The charts of a run's report, as Vega-Lite specs built from the time series and the outage
// intervals: pure functions, no drawing here. Long runs are thinned to at most MAX_POINTS points
// per line by merging consecutive output intervals: counts keep the bucket's worst value (fewest
// endpoints, most nodes), rates its mean, cumulative cost its last value.

import type { TimeSeriesRow } from '../../metrics/time-series.js';
import type { ChartSpec } from './vega-svg.js';

export const MAX_POINTS = 2000;
const WIDTH = 900;

export interface TimeUnit {
  label: string;
  seconds: number;
}

/** Hours for runs of three hours or more, minutes below. */
export function timeUnit(durationSeconds: number): TimeUnit {
  return durationSeconds >= 3 * 3600 ? { label: 'hours', seconds: 3600 } : { label: 'minutes', seconds: 60 };
}

/** Consecutive rows merged into at most `max` buckets of equal size (the last may be shorter). */
export function buckets<T>(rows: readonly T[], max = MAX_POINTS): T[][] {
  const size = Math.max(1, Math.ceil(rows.length / max));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const minOf = (values: number[]) => values.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
const maxOf = (values: number[]) => values.reduce((a, b) => Math.max(a, b), Number.NEGATIVE_INFINITY);
const meanOf = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
const last = <T>(items: readonly T[]): T => items[items.length - 1] as T;

/** The x axis of every run chart: the whole run, from 0 to its end, in `unit`. */
function timeAxis(unit: TimeUnit, durationSeconds: number, field = 't') {
  return {
    field,
    type: 'quantitative' as const,
    title: `time (${unit.label})`,
    scale: { domain: [0, durationSeconds / unit.seconds], nice: false },
    axis: { tickCount: 12 },
  };
}

const LEGEND = { orient: 'bottom' as const, columns: 4, labelLimit: 0 };

export interface SeriesInfo {
  services: readonly string[];
  hpas: readonly string[];
}

/** Ready endpoints per Service, replicas per HPA target and nodes. */
export function replicasChart(rows: readonly TimeSeriesRow[], info: SeriesInfo, durationSeconds: number, unit: TimeUnit): ChartSpec {
  const values = buckets(rows).flatMap((bucket) => {
    const t = last(bucket).time / unit.seconds;
    return [
      { t, series: 'nodes', value: maxOf(bucket.map((r) => r.nodes)) },
      ...info.services.map((s, i) => ({ t, series: `${s} ready endpoints`, value: minOf(bucket.map((r) => r.services[i]?.endpoints ?? 0)) })),
      ...info.hpas.map((h, i) => ({ t, series: `${h} replicas (HPA)`, value: maxOf(bucket.map((r) => r.hpaReplicas[i] ?? 0)) })),
    ];
  });
  return {
    width: WIDTH,
    height: 240,
    title: 'Ready endpoints and nodes',
    data: { values },
    mark: { type: 'line', interpolate: 'step-before', strokeWidth: 1.5 },
    encoding: {
      x: timeAxis(unit, durationSeconds),
      y: { field: 'value', type: 'quantitative', title: 'count' },
      color: { field: 'series', type: 'nominal', title: null, legend: LEGEND },
    },
  };
}

/** Offered and served requests per second, one panel per Service with traffic. */
export function trafficChart(rows: readonly TimeSeriesRow[], services: readonly string[], durationSeconds: number, unit: TimeUnit): ChartSpec | undefined {
  const withTraffic = services.map((s, i) => ({ s, i })).filter(({ i }) => rows.some((r) => (r.services[i]?.offeredRps ?? 0) > 0));
  if (withTraffic.length === 0) return undefined;
  const values = buckets(rows).flatMap((bucket) => {
    const t = last(bucket).time / unit.seconds;
    return withTraffic.flatMap(({ s, i }) => [
      { t, service: s, kind: 'offered', rps: meanOf(bucket.map((r) => r.services[i]?.offeredRps ?? 0)) },
      { t, service: s, kind: 'served', rps: meanOf(bucket.map((r) => r.services[i]?.servedRps ?? 0)) },
    ]);
  });
  return {
    title: 'Offered and served requests per second',
    data: { values },
    facet: { row: { field: 'service', type: 'nominal', title: null } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: WIDTH,
      height: 140,
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: timeAxis(unit, durationSeconds),
        y: { field: 'rps', type: 'quantitative', title: 'requests/s' },
        color: { field: 'kind', type: 'nominal', title: null, legend: LEGEND, scale: { domain: ['offered', 'served'], range: ['#9a6700', '#1a7f37'] } },
        strokeDash: { field: 'kind', type: 'nominal', scale: { domain: ['offered', 'served'], range: [[4, 3], [1, 0]] } },
      },
    },
  };
}

export interface Outage {
  service: string;
  startSeconds: number;
  endSeconds: number;
}

/**
 * One lane per Service: warm-up (not measured) in grey, measured time in green, each outage in
 * red with a tick at its start so that even an outage of seconds in a week stays visible.
 */
export function availabilityChart(
  services: ReadonlyArray<{ name: string; warmupSeconds: number }>,
  outages: readonly Outage[],
  durationSeconds: number,
  unit: TimeUnit,
): ChartSpec {
  const spans = services.flatMap((s) => [
    ...(s.warmupSeconds > 0 ? [{ service: s.name, state: 'warm-up (not measured)', from: 0, to: s.warmupSeconds / unit.seconds }] : []),
    { service: s.name, state: 'up', from: Math.min(s.warmupSeconds, durationSeconds) / unit.seconds, to: durationSeconds / unit.seconds },
  ]);
  const down = outages.map((o) => ({ service: o.service, state: 'down', from: o.startSeconds / unit.seconds, to: o.endSeconds / unit.seconds }));
  const color = { field: 'state', type: 'nominal' as const, title: null, legend: LEGEND, scale: { domain: ['up', 'down', 'warm-up (not measured)'], range: ['#2da44e', '#cf222e', '#afb8c1'] } };
  const y = { field: 'service', type: 'nominal' as const, title: null, sort: services.map((s) => s.name) };
  return {
    width: WIDTH,
    title: 'Availability timeline (red: the Service had fewer serving endpoints than it needs)',
    layer: [
      { data: { values: [...spans, ...down] }, mark: { type: 'bar', height: 14 }, encoding: { x: timeAxis(unit, durationSeconds, 'from'), x2: { field: 'to' }, y, color } },
      { data: { values: down }, mark: { type: 'tick', thickness: 2, size: 20, color: '#cf222e' }, encoding: { x: { field: 'from', type: 'quantitative' }, y } },
    ],
  };
}

/** Compute cost so far. */
export function costChart(rows: readonly TimeSeriesRow[], currency: string, durationSeconds: number, unit: TimeUnit): ChartSpec {
  const values = buckets(rows).map((bucket) => ({ t: last(bucket).time / unit.seconds, cost: last(bucket).computeCost }));
  return {
    width: WIDTH,
    height: 200,
    title: 'Compute cost so far',
    data: { values },
    mark: { type: 'area', line: true, opacity: 0.35 },
    encoding: { x: timeAxis(unit, durationSeconds), y: { field: 'cost', type: 'quantitative', title: currency } },
  };
}
