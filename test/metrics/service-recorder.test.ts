// Availability bookkeeping with hand-made state changes at known times.
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE, SECOND } from '../../src/kernel/index.js';
import { ServiceRecorder } from '../../src/metrics/service-recorder.js';

function recorder(minReady: number, rps?: number) {
  let now = 0;
  const traffic = rps === undefined ? undefined : { service: 'db', namespace: 'default', rps, bursts: [], cpuPerRequest: 0 };
  const r = new ServiceRecorder([{ name: 'db', minReady, objective: 0.999, traffic }], () => now);
  return { r, at: (t: number) => (now = t) };
}

describe('ServiceRecorder', () => {
  it('measures from the first time the Service is up (warm-up excluded)', () => {
    const { r, at } = recorder(1);
    at(10 * SECOND);
    r.serviceStateChanged('db', { endpoints: 1, serving: 1 });
    at(HOUR);
    r.sample(HOUR);
    const [result] = r.results(HOUR);
    expect(result!.warmupMillis).toBe(10 * SECOND);
    expect(result!.downMillis).toBe(0);
    expect(result!.measuredMillis).toBe(HOUR - 10 * SECOND);
  });

  it('counts a quorum: down while fewer than minReady endpoints serve', () => {
    const { r, at } = recorder(2);
    r.serviceStateChanged('db', { endpoints: 3, serving: 3 });
    at(10 * MINUTE);
    r.serviceStateChanged('db', { endpoints: 3, serving: 2 }); // still a quorum
    at(20 * MINUTE);
    r.serviceStateChanged('db', { endpoints: 3, serving: 1 }); // lost
    at(25 * MINUTE);
    r.serviceStateChanged('db', { endpoints: 3, serving: 2 });
    r.sample(HOUR);
    const [result] = r.results(HOUR);
    expect(result!.downMillis).toBe(5 * MINUTE);
    expect(result!.incidents).toBe(1);
    expect(r.siteDowntimeMillis).toBe(5 * MINUTE);
  });

  it('integrates requests: offered = rate × time, failures for the share sent to dead endpoints', () => {
    const { r, at } = recorder(1, 100);
    r.serviceStateChanged('db', { endpoints: 2, serving: 2 });
    at(10 * SECOND);
    r.serviceStateChanged('db', { endpoints: 2, serving: 1 });
    at(20 * SECOND);
    r.serviceStateChanged('db', { endpoints: 1, serving: 1 });
    r.sample(30 * SECOND);
    const [result] = r.results(30 * SECOND);
    expect(result!.offered).toBeCloseTo(3000, 6);
    expect(result!.served).toBeCloseTo(1000 + 500 + 1000, 6);
  });

  it('keeps each outage interval (after warm-up), the last one cut at the end of the run', () => {
    const { r, at } = recorder(1);
    r.serviceStateChanged('db', { endpoints: 0, serving: 0 }); // warming up: not an outage
    at(MINUTE);
    r.serviceStateChanged('db', { endpoints: 1, serving: 1 });
    at(10 * MINUTE);
    r.serviceStateChanged('db', { endpoints: 1, serving: 0 });
    at(12 * MINUTE);
    r.serviceStateChanged('db', { endpoints: 1, serving: 1 });
    at(50 * MINUTE);
    r.serviceStateChanged('db', { endpoints: 0, serving: 0 });
    r.sample(HOUR);
    expect(r.outages(HOUR)).toEqual([
      { service: 'db', start: 10 * MINUTE, end: 12 * MINUTE },
      { service: 'db', start: 50 * MINUTE, end: HOUR },
    ]);
    const [result] = r.results(HOUR);
    expect(result!.incidents).toBe(2);
    expect(result!.downMillis).toBe(12 * MINUTE);
  });
});
