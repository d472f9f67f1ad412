// The shell every HTML report shares: one self-contained page (inline style, inline SVG charts,
// no scripts, nothing fetched), plus the escaping and table helpers the reports build it from.

export interface Section {
  title: string;
  /** Already-escaped HTML. */
  body: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** A table of plain-text cells (escaped here); numeric columns are right-aligned. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, numericFrom = 1): string {
  const th = header.map((h, i) => `<th${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((row) => `<tr>${row.map((c, i) => `<td${i >= numericFrom ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A rendered chart with its caption. */
export function figure(svg: string, caption: string): string {
  return `<figure class="chart">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1f2328; margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; }
.lead { color: #57606a; margin: 0 0 16px; }
table { display: block; overflow-x: auto; border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; }
th, td { padding: 3px 10px; border-bottom: 1px solid #eaeef2; text-align: left; } th { background: #f6f8fa; }
.num { text-align: right; }
figure.chart { margin: 12px 0 20px; } figure.chart svg { max-width: 100%; height: auto; }
figcaption { color: #57606a; font-size: 13px; }
nav a { margin-right: 14px; }
`;

export function page(title: string, lead: string, sections: readonly Section[]): string {
  const anchor = (i: number) => `s${i + 1}`;
  const nav = sections.map((s, i) => `<a href="#${anchor(i)}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections.map((s, i) => `<section id="${anchor(i)}"><h2>${escapeHtml(s.title)}</h2>\n${s.body}\n</section>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(lead)}</p>
<nav>${nav}</nav>
${body}
</body>
</html>
`;
}
