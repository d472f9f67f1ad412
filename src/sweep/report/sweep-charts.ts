// The charts of a sweep's report, as Vega-Lite specs built from its per-combination statistics:
// each headline metric against each parameter (mean with its 95% confidence interval), and cost
// against nines per Service with the Pareto frontier marked. Pure functions, no drawing here.

import type { CombinationSummary } from '../aggregate.js';
import { parameterCell } from '../aggregate.js';
import type { ChartSpec } from '../../report/html/vega-svg.js';

/** Charted only when some run saw one: the false alarms of node failure detection. */
const WHEN_SEEN = ['failures.nodesMarkedUnknownWhileAlive', 'failures.evictionsFromLiveNodes'];

/**
 * The metrics a sweep report charts, of those the runs have: cost and density, then per
 * Service, then the false alarms if `seen` says any run had one.
 */
export function headlineMetrics(numeric: readonly string[], seen: (metric: string) => boolean = () => false): string[] {
  const has = new Set(numeric);
  const services = [...new Set(numeric.filter((c) => /^services\.[^.]+\.availability$/.test(c)).map((c) => c.split('.')[1] as string))];
  // Services with an objective are the ones the user cares about; without any, all of them.
  const withObjective = services.filter((s) => has.has(`services.${s}.slo.objective`));
  const chosen = (withObjective.length > 0 ? withObjective : services).slice(0, 4);
  return [
    'cost.total',
    'cost.compute',
    'cost.downtime',
    'density.avgNodes',
    'density.cpuRequestedRatio',
    ...chosen.flatMap((s) => [`services.${s}.availability`, `services.${s}.requestAvailability`, `services.${s}.downtimeSeconds`]),
    ...WHEN_SEEN.filter(seen),
  ].filter((c) => has.has(c));
}

/** The services charted in cost against nines: those among the headline metrics. */
export function headlineServices(metrics: readonly string[]): string[] {
  return metrics.filter((m) => m.endsWith('.availability')).map((m) => m.split('.')[1] as string);
}

/** The other parameters' values of a combination, as a legend label ('' with one parameter). */
function otherParameters(combination: CombinationSummary, parameters: readonly string[], except: string): string {
  return parameters
    .filter((p) => p !== except)
    .map((p) => `${shortPath(p)}=${parameterCell(combination.parameters[p])}`)
    .join(', ');
}

/**
 * A parameter path short enough for a chart: the selected object's name and the last key
 * (catalog.replicas), or else the last two keys (controlPlane.nodeMonitorGracePeriod).
 */
export function shortPath(path: string): string {
  const keys = path.split('.');
  const named = [...path.matchAll(/name=([^\],]+)/g)].pop()?.[1];
  return named ? `${named}.${keys[keys.length - 1]}` : keys.slice(-2).join('.');
}

/** More combinations of the other parameters than this are drawn as a scatter. */
const MAX_GROUPS = 8;

/** Each metric's mean (95% CI as error bars) against one parameter; one panel per metric. */
export function metricsAgainstParameter(combinations: readonly CombinationSummary[], parameters: readonly string[], parameter: string, metrics: readonly string[]): ChartSpec {
  const numericX = combinations.every((c) => typeof c.parameters[parameter] === 'number');
  const values = combinations.flatMap((c) =>
    metrics.flatMap((metric) => {
      const s = c.statistics.get(metric);
      if (!s) return [];
      return [{ x: numericX ? c.parameters[parameter] : parameterCell(c.parameters[parameter]), metric, mean: s.mean, low: s.ci95Low ?? null, high: s.ci95High ?? null, group: otherParameters(c, parameters, parameter) || 'all runs' }];
    }),
  );
  const order = [...new Set(combinations.map((c) => parameterCell(c.parameters[parameter])))];
  const x = numericX
    ? { field: 'x', type: 'quantitative' as const, title: shortPath(parameter), scale: { zero: false, padding: 12 } }
    : { field: 'x', type: 'ordinal' as const, title: shortPath(parameter), sort: order };
  // Lines join the values of one parameter while the others stay fixed; when the others are
  // sampled (every combination its own group), the chart is a scatter without a legend.
  const groups = new Set(values.map((v) => v.group)).size;
  const scatter = groups > MAX_GROUPS;
  const color = groups > 1 && !scatter ? { color: { field: 'group', type: 'nominal' as const, title: null, legend: { orient: 'bottom' as const, labelLimit: 0 } } } : {};
  return {
    title: `Metrics against ${parameter} (mean and 95% confidence interval)`,
    data: { values },
    facet: { field: 'metric', type: 'nominal', title: null, sort: [...metrics], header: { labelFontSize: 12, labelLimit: 0 } },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 260,
      height: 170,
      layer: [
        { transform: [{ filter: 'datum.low != null' }], mark: { type: 'rule' }, encoding: { x, y: { field: 'low', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'high' }, ...color } },
        { mark: scatter ? { type: 'point', filled: true } : { type: 'line', point: true }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: null, scale: { zero: false } }, ...color } },
      ],
    },
  };
}

export interface CostNinesPoint {
  label: string;
  cost: number;
  /** null when no run of the combination saw downtime. */
  nines: number | null;
}

/**
 * The points no other point beats on both axes (cheaper and at least as many nines, or as cheap
 * and more nines), in increasing cost. A point without downtime counts as infinitely many nines.
 */
export function paretoFrontier(points: readonly CostNinesPoint[]): CostNinesPoint[] {
  const height = (p: CostNinesPoint) => p.nines ?? Number.POSITIVE_INFINITY;
  const sorted = [...points].sort((a, b) => a.cost - b.cost || height(b) - height(a));
  const frontier: CostNinesPoint[] = [];
  let best = Number.NEGATIVE_INFINITY;
  for (const p of sorted) {
    if (height(p) > best) {
      frontier.push(p);
      best = height(p);
    }
  }
  return frontier;
}

/** nines of a mean availability; null for 1 (no downtime in any run). */
export function ninesOf(availability: number): number | null {
  return availability >= 1 ? null : -Math.log10(1 - availability);
}

/**
 * Compute cost against nines for one Service, one point per combination, the frontier joined
 * and labelled. Points without downtime are drawn on a line above the highest finite one.
 */
export function costAgainstNines(points: readonly CostNinesPoint[], service: string, measure: string, currency: string): ChartSpec {
  const finite = points.map((p) => p.nines).filter((n): n is number => n !== null);
  const top = Math.ceil(Math.max(1, ...finite)) + 1;
  const frontier = new Set(paretoFrontier(points));
  const values = points.map((p) => ({
    label: p.label,
    cost: p.cost,
    nines: p.nines ?? top,
    kind: p.nines === null ? `no downtime seen (drawn at ${top})` : 'measured',
    frontier: frontier.has(p),
  }));
  const frontierValues = values.filter((v) => v.frontier).sort((a, b) => a.cost - b.cost);
  const x = { field: 'cost', type: 'quantitative' as const, title: `compute cost (${currency})`, scale: { zero: false, padding: 16 } };
  const y = { field: 'nines', type: 'quantitative' as const, title: `nines of ${service} (${measure})`, scale: { zero: false, padding: 12 } };
  return {
    title: `${service}: compute cost against nines of ${measure} (Pareto frontier joined and labelled)`,
    width: 560,
    height: 300,
    layer: [
      { data: { values: frontierValues }, mark: { type: 'line', color: '#8250df', strokeDash: [5, 3] }, encoding: { x, y } },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x,
          y,
          shape: { field: 'kind', type: 'nominal', title: null, legend: { orient: 'bottom', labelLimit: 0 } },
          color: { field: 'frontier', type: 'nominal', title: 'on the frontier', scale: { domain: [true, false], range: ['#8250df', '#8c959f'] }, legend: { orient: 'bottom' } },
        },
      },
      { data: { values: frontierValues }, mark: { type: 'text', align: 'left', dx: 7, dy: -7, fontSize: 11 }, encoding: { x, y, text: { field: 'label' } } },
    ],
  };
}
