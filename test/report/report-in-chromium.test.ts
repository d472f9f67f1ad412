/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
// The HTML reports opened in headless Chromium (Debian's chromium package, which .ci/run
// installs): every chart must come out as drawn SVG with visible marks, with no console error and
// no request beyond the file itself. Outside CI, a machine without Chromium skips this file; in CI
// a missing Chromium fails it.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderRunReport } from '../../src/report/html/run-report.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';
import { loadSweep } from '../../src/sweep/load-sweep.js';
import { runSweep } from '../../src/sweep/run-sweep.js';

const root = new URL('../../', import.meta.url).pathname;
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(executablePath);
if (!available && process.env.CI) throw new Error(`Chromium not found at ${executablePath}: .ci/run installs Debian's chromium package`);

// Without these, Chromium reaches for Google's services, which a closed network refuses.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface PageCheck {
  charts: Array<{ width: number; height: number; marks: number; visibleMarks: number }>;
  redMarks: number;
  consoleErrors: string[];
  foreignRequests: string[];
}

async function openReport(browser: Browser, file: string): Promise<PageCheck> {
  const page = await browser.newPage();
  const consoleErrors: string[] = [];
  const foreignRequests: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  page.on('request', (r) => { if (!r.url().startsWith('file://')) foreignRequests.push(r.url()); });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  const check = await page.evaluate(() => {
    const visible = (e: Element) => { const b = (e as SVGGraphicsElement).getBBox(); return b.width > 0 || b.height > 0; };
    const charts = [...document.querySelectorAll('figure.chart svg')].map((svg) => {
      const box = svg.getBoundingClientRect();
      const marks = [...svg.querySelectorAll('g.mark-line path, g.mark-area path, g.mark-rect path, g.mark-symbol path, g.mark-rule line, g.mark-text text')];
      return { width: box.width, height: box.height, marks: marks.length, visibleMarks: marks.filter(visible).length };
    });
    // Outage bars wider than the 2-pixel tick that also marks each outage's start.
    const redMarks = [...document.querySelectorAll('g.mark-rect path[fill="#cf222e"]')].filter((e) => (e as SVGGraphicsElement).getBBox().width > 3).length;
    return { charts, redMarks };
  });
  await page.close();
  return { ...check, consoleErrors, foreignRequests };
}

describe.skipIf(!available)('reports in headless Chromium', () => {
  let browser: Browser;
  let dir: string;

  beforeAll(async () => {
    browser = await chromium.launch({ executablePath, args: FLAGS });
    dir = mkdtempSync(path.join(tmpdir(), 'podsim-report-'));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the four charts of a run report, the outage included', async () => {
    const run = runScenario(loadScenario(path.join(root, 'scenarios/single-node-failure.yaml')));
    const file = path.join(dir, 'run.html');
    writeFileSync(file, await renderRunReport(run));
    const page = await openReport(browser, file);
    expect(page.charts).toHaveLength(4);
    for (const chart of page.charts) {
      expect(chart.width).toBeGreaterThan(300);
      expect(chart.height).toBeGreaterThan(100);
      expect(chart.visibleMarks).toBeGreaterThan(0);
    }
    expect(page.redMarks).toBe(1); // the 6-minute outage of the crashed node's only replica
    expect(page.consoleErrors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
  }, 60_000);

  it('draws the metric and cost-against-nines charts of a sweep report', async () => {
    const sweepFile = path.join(dir, 'sweep.yaml');
    writeFileSync(
      sweepFile,
      `apiVersion: podsim.dev/v1alpha1
kind: Sweep
metadata: { name: chromium-check }
spec:
  scenario: ${path.join(root, 'scenarios/single-node-failure.yaml')}
  seeds: 3
  parameters:
    - path: spec.nodePools[name=general].count
      values: [2, 3]
`,
    );
    const out = path.join(dir, 'sweep');
    await runSweep(loadSweep(sweepFile), { out, workers: 1 });
    const page = await openReport(browser, path.join(out, 'report.html'));
    expect(page.charts).toHaveLength(3); // metrics against the parameter; cost against time and request nines of web
    for (const chart of page.charts) expect(chart.visibleMarks).toBeGreaterThan(2);
    expect(page.consoleErrors).toEqual([]);
    expect(page.foreignRequests).toEqual([]);
  }, 120_000);
});
