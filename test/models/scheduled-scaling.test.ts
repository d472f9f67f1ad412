// Scheduled scaling: occurrences on the right days and times (virtual time 0 is Monday 00:00),
// and a weekend scale-to-zero that removes the dev nodes and brings them back on Monday.
import { describe, expect, it } from 'vitest';
import { DAY, HOUR } from '../../src/kernel/index.js';
import { ScheduledScaling } from '../../src/models/scheduled-scaling.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';

describe('scheduled scaling', () => {
  it('finds the next occurrence on the listed weekdays', () => {
    const friday20 = { timeOfDay: 20 * HOUR, days: [4], pool: undefined, workload: undefined };
    expect(ScheduledScaling.nextOccurrence(friday20, 0)).toBe(4 * DAY + 20 * HOUR);
    expect(ScheduledScaling.nextOccurrence(friday20, 4 * DAY + 20 * HOUR + 1)).toBe(11 * DAY + 20 * HOUR);
    const daily7 = { timeOfDay: 7 * HOUR, days: [], pool: undefined, workload: undefined };
    expect(ScheduledScaling.nextOccurrence(daily7, 8 * HOUR)).toBe(DAY + 7 * HOUR);
    expect(ScheduledScaling.nextOccurrence(daily7, 7 * HOUR)).toBe(7 * HOUR);
  });

  it('scales the dev cluster to zero at the weekend and saves against the always-on baseline', () => {
    const file = new URL('../../scenarios/weekend-scale-to-zero.yaml', import.meta.url).pathname;
    const scheduled = runScenario(loadScenario(file, { duration: '8d' }));
    const baseline = runScenario(loadScenario(file, { duration: '8d', sets: ['spec.scheduledScaling=[]'] }));
    // Saturday noon: no dev node; Tuesday noon: the workloads' nodes are back.
    const at = (series: typeof scheduled.timeSeries, t: number) => series.rows.find((r) => r.time === t / 1000)!;
    expect(at(scheduled.timeSeries, 5 * DAY + 12 * HOUR).nodes).toBe(0);
    expect(at(scheduled.timeSeries, 7 * DAY + 12 * HOUR).nodes).toBeGreaterThanOrEqual(2);
    expect(at(scheduled.timeSeries, 7 * DAY + 12 * HOUR).podsPending).toBe(0);
    expect(at(baseline.timeSeries, 5 * DAY + 12 * HOUR).nodes).toBeGreaterThanOrEqual(2);
    // Two weekend days and two nights of two nodes are not paid for.
    expect(scheduled.result.cost.compute).toBeLessThan(baseline.result.cost.compute * 0.8);
  });
});
