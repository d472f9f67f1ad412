// Renders a Vega-Lite chart to an SVG string in Node, so that reports carry finished drawings and
// open without a network or a script. Vega numbers clip paths and gradients with a process-wide
// counter, which would make the same report differ with the order of runs; each chart's ids are
// renumbered under its own prefix instead.

import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export type ChartSpec = TopLevelSpec;

/** Receives what Vega-Lite and Vega warn about (tests insist on none); by default they are dropped. */
export type WarningSink = (message: string) => void;

export async function renderChart(spec: ChartSpec, idPrefix: string, onWarning: WarningSink = () => {}): Promise<string> {
  const logger = quietLogger(onWarning);
  const view = new vega.View(vega.parse(compile(spec, { logger }).spec), { renderer: 'none', logger });
  try {
    return renumberIds(await view.toSVG(), idPrefix);
  } finally {
    view.finalize();
  }
}

type Logger = NonNullable<vega.ViewOptions['logger']>;

/** A logger that hands warnings and errors to `sink` and drops the rest, instead of the console. */
function quietLogger(sink: WarningSink): Logger {
  const logger: Logger = {
    level: () => logger,
    error: (...args: unknown[]) => (sink(args.map(String).join(' ')), logger),
    warn: (...args: unknown[]) => (sink(args.map(String).join(' ')), logger),
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}

/** Gives every id of an SVG document the name `${prefix}${k}` (k in order of appearance), references included. */
export function renumberIds(svg: string, prefix: string): string {
  const names = new Map<string, string>();
  for (const match of svg.matchAll(/\bid="([^"]+)"/g)) {
    const id = match[1] as string;
    if (!names.has(id)) names.set(id, `${prefix}${names.size + 1}`);
  }
  if (names.size === 0) return svg;
  return svg.replace(/\bid="([^"]+)"|url\(#([^)]+)\)|href="#([^"]+)"/g, (_whole: string, id?: string, url?: string, href?: string) => {
    if (id !== undefined) return `id="${names.get(id) ?? id}"`;
    if (url !== undefined) return `url(#${names.get(url) ?? url})`;
    return `href="#${names.get(href as string) ?? href}"`;
  });
}
