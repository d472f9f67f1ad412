// report.html of a sweep: per combination the headline metrics with 95% confidence intervals,
// each metric charted against each parameter, compute cost against nines with the Pareto
// frontier, and the failed runs. Built from the manifest and result store only, like the CSV
// tables, so it has the same bytes whatever the worker count, finishing order or sharding.

import { parameterCell, type CombinationSummary, type SweepSummaryData } from '../aggregate.js';
import type { SweepManifest } from '../result-store.js';
import { escapeHtml, figure, page, table, type Section } from '../../report/html/page.js';
import { costAgainstNines, headlineMetrics, headlineServices, metricsAgainstParameter, ninesOf, shortPath } from './sweep-charts.js';
import { renderChart, type ChartSpec, type WarningSink } from '../../report/html/vega-svg.js';

/** Failed runs listed one by one; more are counted. */
const FAILED_ROWS = 50;

export async function renderSweepReport(manifest: SweepManifest, summary: SweepSummaryData, onWarning?: WarningSink): Promise<string> {
  const headline = headlineMetrics(summary.numeric, (m) => summary.combinations.some((c) => (c.statistics.get(m)?.max ?? 0) > 0));
  const constant = constantMetrics(summary, headline);
  const metrics = headline.filter((m) => !constant.has(m));
  const done = summary.rows.filter((r) => r.metrics).length;
  const failed = summary.rows.filter((r) => r.run && 'error' in r.run).length;
  const currency = String(summary.rows.find((r) => r.metrics)?.metrics?.get('cost.currency') ?? '');
  const combinations = summary.combinations.filter((c) => c.runs > 0);

  const figures: string[] = [];
  const render = async (spec: ChartSpec, caption: string) => {
    figures.push(figure(await renderChart(spec, `c${figures.length + 1}-`, onWarning), caption));
  };
  if (constant.size > 0) {
    figures.push(`<p>The same in every run: ${escapeHtml([...constant].map(([m, value]) => `${m} = ${value}`).join(', '))}.</p>`);
  }
  if (combinations.length > 0 && metrics.length > 0) {
    for (const parameter of manifest.parameters) {
      await render(metricsAgainstParameter(combinations, manifest.parameters, parameter, metrics), 'Points are means over the seeds; bars are 95% confidence intervals (mean ± 1.96·sd/√n, none with one seed).');
    }
    const perfect: string[] = [];
    for (const service of headlineServices(metrics)) {
      for (const [measure, label] of [['availability', 'time up'], ['requestAvailability', 'requests served']] as const) {
        const metric = `services.${service}.${measure}`;
        if (!metrics.includes(metric)) continue;
        const points = combinations.flatMap((c) => {
          const cost = c.statistics.get('cost.compute');
          const availability = c.statistics.get(metric);
          return cost && availability ? [{ label: combinationLabel(manifest, c), cost: cost.mean, nines: ninesOf(availability.mean) }] : [];
        });
        if (points.every((p) => p.nines === null)) perfect.push(`${service} (${label})`);
        else await render(costAgainstNines(points, service, label, currency), costNinesCaption(measure));
      }
    }
    if (perfect.length > 0) figures.push(`<p>No cost-against-nines chart for ${escapeHtml(perfect.join(', '))}: no run lost any of it, so every combination has all the nines the runs can show.</p>`);
  }

  const sections: Section[] = [
    { title: 'Combinations', body: combinationsTable(manifest, summary, headline) },
    { title: 'Charts', body: combinations.length > 0 ? figures.join('\n') : '<p>No run has finished yet.</p>' },
    { title: 'Failed runs', body: failedTable(manifest, summary) },
  ];
  const lead =
    `Scenario ${manifest.scenario}; ${manifest.parameters.length} parameter${manifest.parameters.length === 1 ? '' : 's'}, ` +
    `${summary.combinations.length} combinations, ${manifest.runs.length} runs: ${done} done, ${failed} failed, ${manifest.runs.length - done - failed} not in this directory. Written by podsim sweep.`;
  return page(`podsim sweep: ${manifest.name}`, lead, sections);
}

/** The metrics with one value over the whole sweep, with that value: they say nothing against the parameters. */
function constantMetrics(summary: SweepSummaryData, metrics: readonly string[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of metrics) {
    const values = summary.combinations.flatMap((c) => {
      const s = c.statistics.get(m);
      return s ? [s.min, s.max] : [];
    });
    if (values.length > 0 && values.every((v) => v === values[0])) out.set(m, values[0] as number);
  }
  return out;
}

function combinationLabel(manifest: SweepManifest, combination: CombinationSummary): string {
  return manifest.parameters.map((p) => `${shortPath(p)}=${parameterCell(combination.parameters[p])}`).join(', ');
}

function costNinesCaption(measure: 'availability' | 'requestAvailability'): string {
  return (
    `One point per parameter combination: mean compute cost against the nines of the mean ${measure === 'availability' ? 'time-based' : 'request-based'} availability. ` +
    'No other combination is both cheaper and more available than one on the frontier. Downtime cost is left out of the cost axis: it is what the nines measure.'
  );
}

/** mean ± half-width of the 95% CI, in a precision that suits the metric. */
function meanWithInterval(stats: { mean: number; ci95Low: number | undefined; ci95High: number | undefined } | undefined, metric: string): string {
  if (!stats) return '-';
  const digits = /(availability|ratio)$/i.test(metric) ? 6 : 2;
  const half = stats.ci95High === undefined ? undefined : stats.ci95High - stats.mean;
  return half === undefined ? stats.mean.toFixed(digits) : `${stats.mean.toFixed(digits)} ± ${half.toFixed(digits)}`;
}

function combinationsTable(manifest: SweepManifest, summary: SweepSummaryData, metrics: readonly string[]): string {
  const header = [...manifest.parameters.map(shortPath), 'runs', 'failed', ...metrics];
  const rows = summary.combinations.map((c) => [
    ...manifest.parameters.map((p) => parameterCell(c.parameters[p])),
    String(c.runs),
    String(c.failed),
    ...metrics.map((m) => meanWithInterval(c.statistics.get(m), m)),
  ]);
  const note = '<p>Each metric cell is the mean over the seeds ± the half-width of its 95% confidence interval. aggregate.csv has every metric, with sd, min and max.</p>';
  return note + table(header, rows, manifest.parameters.length);
}

function failedTable(manifest: SweepManifest, summary: SweepSummaryData): string {
  const failures = summary.rows.filter((r) => r.run && 'error' in r.run);
  if (failures.length === 0) return '<p>No run failed.</p>';
  const shown = failures.slice(0, FAILED_ROWS).map((r) => [
    ...manifest.parameters.map((p) => parameterCell(r.spec.parameters[p])),
    String(r.spec.seed),
    r.run && 'error' in r.run ? r.run.error : '',
  ]);
  const more = failures.length - shown.length;
  return table([...manifest.parameters.map(shortPath), 'seed', 'error'], shown, Number.POSITIVE_INFINITY) + (more > 0 ? `<p>…and ${escapeHtml(String(more))} more.</p>` : '');
}
