// The fluid traffic model: offered rate over time and what reaches serving pods.
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../../src/kernel/index.js';
import { burstMultiplier, offeredRate, servedRate, type TrafficConfig } from '../../src/models/traffic.js';

const base: TrafficConfig = { service: 'web', namespace: 'default', rps: 100, bursts: [], cpuPerRequest: 0 };

describe('offered rate', () => {
  it('is constant without diurnal or bursts', () => {
    expect(offeredRate(base, 0)).toBe(100);
    expect(offeredRate(base, 13 * HOUR)).toBe(100);
  });

  it('follows the diurnal wave: peak at peakAt, trough 12 h later', () => {
    const config = { ...base, diurnal: { amplitude: 0.5, peakAt: 20 * HOUR } };
    expect(offeredRate(config, 20 * HOUR)).toBeCloseTo(150, 9);
    expect(offeredRate(config, 8 * HOUR)).toBeCloseTo(50, 9);
    expect(offeredRate(config, 2 * HOUR)).toBeCloseTo(100, 9);
    expect(offeredRate(config, 44 * HOUR)).toBeCloseTo(150, 9); // next day
  });

  it('ramps a burst up, holds it and ramps down', () => {
    const burst = { at: HOUR, factor: 10, rampUp: 2 * MINUTE, hold: 20 * MINUTE, rampDown: 5 * MINUTE };
    expect(burstMultiplier(burst, HOUR - 1)).toBe(1);
    expect(burstMultiplier(burst, HOUR)).toBe(1);
    expect(burstMultiplier(burst, HOUR + MINUTE)).toBeCloseTo(5.5, 9);
    expect(burstMultiplier(burst, HOUR + 2 * MINUTE)).toBe(10);
    expect(burstMultiplier(burst, HOUR + 22 * MINUTE)).toBe(10);
    expect(burstMultiplier(burst, HOUR + 24.5 * MINUTE)).toBeCloseTo(5.5, 9);
    expect(burstMultiplier(burst, HOUR + 27 * MINUTE)).toBe(1);
    expect(offeredRate({ ...base, bursts: [burst] }, HOUR + 10 * MINUTE)).toBe(1000);
  });

  it('interpolates a trace linearly and holds its ends', () => {
    const config = { ...base, trace: [ { time: MINUTE, rps: 10 }, { time: 3 * MINUTE, rps: 30 } ] };
    expect(offeredRate(config, 0)).toBe(10);
    expect(offeredRate(config, 2 * MINUTE)).toBe(20);
    expect(offeredRate(config, HOUR)).toBe(30);
  });
});

describe('served rate', () => {
  it('sends each endpoint an equal share; shares sent to endpoints that do not serve fail', () => {
    expect(servedRate(300, { endpoints: 3, serving: 3 }, undefined)).toBe(300);
    expect(servedRate(300, { endpoints: 3, serving: 2 }, undefined)).toBe(200);
    expect(servedRate(300, { endpoints: 0, serving: 0 }, undefined)).toBe(0);
  });

  it('caps what serving pods can take at their capacity', () => {
    expect(servedRate(300, { endpoints: 3, serving: 3 }, 80)).toBe(240);
    expect(servedRate(300, { endpoints: 3, serving: 2 }, 150)).toBe(200);
  });
});
