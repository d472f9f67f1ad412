// report.html of a run: what it shows, that it is self-contained, that Vega has nothing to warn
// about, and that the same run gives the same bytes whatever was rendered before it.
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderRunReport } from '../../src/report/html/run-report.js';
import { renderChart } from '../../src/report/html/vega-svg.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario, type RunOutput } from '../../src/scenario/run.js';

const root = new URL('../../', import.meta.url).pathname;

describe('the run report', () => {
  let run: RunOutput;
  let html: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    run = runScenario(loadScenario(path.join(root, 'scenarios/single-node-failure.yaml')));
    html = await renderRunReport(run, (w) => warnings.push(w));
  });

  it('renders its four charts as inline SVG, without warnings', () => {
    expect(html.match(/<svg /g)).toHaveLength(4);
    for (const title of ['Availability timeline', 'Ready endpoints and nodes', 'Offered and served requests per second', 'Compute cost so far']) {
      expect(html).toContain(title);
    }
    expect(warnings).toEqual([]);
  });

  it('draws and lists the outage the node crash causes', () => {
    expect(run.outages).toHaveLength(1);
    const outage = run.outages[0]!;
    expect(outage.service).toBe('web');
    expect((outage.end - outage.start) / 1000).toBeCloseTo(run.result.services[0]!.downtimeSeconds, 6);
    expect(html).toContain('day 0 00:30:00.000');
    expect(html).toContain('fill="#cf222e"'); // the red outage bar
  });

  it('needs no network and runs no script', () => {
    expect(html).not.toMatch(/<script|<link|<img|src=/i);
    const urls = [...html.matchAll(/https?:\/\/[^"' )]+/g)].map((m) => m[0]);
    expect(new Set(urls)).toEqual(new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']));
  });

  it('has the same bytes when rendered again after other charts', async () => {
    await renderChart({ data: { values: [{ a: 1 }] }, mark: { type: 'bar', clip: true }, encoding: { x: { field: 'a', type: 'quantitative' } } }, 'z');
    expect(await renderRunReport(run)).toBe(html);
  });

  it('has ids unique over the whole page', () => {
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
