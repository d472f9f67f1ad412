// summary.json: the RunResult as pretty-printed JSON with a trailing newline. Key order is the
// RunResult's construction order, so the same run gives byte-identical files.

import type { RunResult } from '../metrics/run-result.js';

export function renderSummaryJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}
