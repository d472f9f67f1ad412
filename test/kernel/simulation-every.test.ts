// every(period, fn, offset): repeating timers.
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../src/kernel/index.js';

describe('every()', () => {
  it('runs immediately at now when no offset is given, then every period', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.every(100, () => times.push(sim.now));
    sim.run(450);
    expect(times).toEqual([0, 100, 200, 300, 400]);
  });

  it('first runs at now + offset, then every period after that', () => {
    const sim = new Simulation();
    sim.run(1000);
    const times: number[] = [];
    sim.every(300, () => times.push(sim.now), 50);
    sim.run(2000);
    expect(times).toEqual([1050, 1350, 1650, 1950]);
  });

  it('counts the offset from the time every() is called, not from time 0', () => {
    const sim = new Simulation();
    const times: number[] = [];
    sim.at(500, () => {
      sim.every(1000, () => times.push(sim.now), 10);
    });
    sim.run(3000);
    expect(times).toEqual([510, 1510, 2510]);
  });

  it('reports nextAt: the time of the next run', () => {
    const sim = new Simulation();
    const seen: Array<number | undefined> = [];
    const p = sim.every(60_000, () => seen.push(p.nextAt), 5000);
    expect(p.period).toBe(60_000);
    expect(p.nextAt).toBe(5000);
    sim.run(5000);
    // During the run, the next run is already scheduled.
    expect(seen).toEqual([65_000]);
    expect(p.nextAt).toBe(65_000);
    sim.run(200_000);
    expect(p.nextAt).toBe(245_000);
  });

  it('stops when cancelled, and nextAt becomes undefined', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const p = sim.every(10, () => times.push(sim.now));
    sim.run(25);
    p.cancel();
    expect(p.nextAt).toBeUndefined();
    sim.run(100);
    expect(times).toEqual([0, 10, 20]);
    expect(sim.pending).toBe(0);
  });

  it('can be cancelled before its first run', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const p = sim.every(10, () => times.push(sim.now), 5);
    p.cancel();
    sim.run(100);
    expect(times).toEqual([]);
    expect(sim.pending).toBe(0);
  });

  it('can be cancelled from inside its own callback', () => {
    const sim = new Simulation();
    const times: number[] = [];
    const p = sim.every(10, () => {
      times.push(sim.now);
      if (times.length === 3) p.cancel();
    });
    sim.run(1000);
    expect(times).toEqual([0, 10, 20]);
    expect(p.nextAt).toBeUndefined();
    expect(sim.pending).toBe(0);
  });

  it('tolerates cancel() being called twice', () => {
    const sim = new Simulation();
    const other: number[] = [];
    const p = sim.every(10, () => {});
    sim.at(15, () => other.push(sim.now));
    p.cancel();
    p.cancel();
    sim.run(100);
    expect(other).toEqual([15]);
  });

  it('keeps a periodic timer running alongside other events in FIFO order at shared times', () => {
    const sim = new Simulation();
    const log: string[] = [];
    sim.at(0, () => log.push('before'));
    sim.every(10, () => log.push(`tick@${sim.now}`));
    sim.at(10, () => log.push('other@10'));
    sim.run(20);
    // The tick at 10 was scheduled during the tick at 0, after 'other@10' had been scheduled.
    expect(log).toEqual(['before', 'tick@0', 'other@10', 'tick@10', 'tick@20']);
  });

  it('uses the label (or the function name) for errors', () => {
    const sim = new Simulation();
    sim.every(10, () => {
      throw new Error('boom');
    }, 0, 'node-heartbeat');
    expect(() => sim.run(100)).toThrow(/node-heartbeat/);

    const sim2 = new Simulation();
    function syncLoop(): void {
      throw new Error('boom');
    }
    sim2.every(10, syncLoop);
    expect(() => sim2.run(100)).toThrow(/syncLoop/);
  });

  it('runs two periodic timers independently', () => {
    const sim = new Simulation();
    const a: number[] = [];
    const b: number[] = [];
    const pa = sim.every(3, () => a.push(sim.now));
    sim.every(5, () => b.push(sim.now), 1);
    sim.run(7);
    pa.cancel();
    sim.run(12);
    expect(a).toEqual([0, 3, 6]);
    expect(b).toEqual([1, 6, 11]);
  });

  it.each([0, -10, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError for period %s', (period) => {
    const sim = new Simulation();
    expect(() => sim.every(period, () => {})).toThrow(RangeError);
    expect(sim.pending).toBe(0);
  });

  it.each([-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY])('throws RangeError for offset %s', (offset) => {
    const sim = new Simulation();
    expect(() => sim.every(10, () => {}, offset)).toThrow(RangeError);
    expect(sim.pending).toBe(0);
  });
});
