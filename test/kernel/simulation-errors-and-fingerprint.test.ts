// Handler exceptions become SimulationErrors; the fingerprint pins a run's exact event sequence.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fnv1a, hex32, mix32, Simulation, SimulationError } from '../../src/kernel/index.js';

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an exception');
}

describe('SimulationError', () => {
  it('stops the run and names the virtual time and the event label', () => {
    const sim = new Simulation();
    const ran: number[] = [];
    const boom = new Error('disk full');
    sim.at(1000, () => ran.push(sim.now));
    const failing = sim.define('pod-start', () => {
      throw boom;
    });
    sim.at(5_400_000, failing);
    sim.at(6_000_000, () => ran.push(sim.now));

    const error = catchError(() => sim.run());
    expect(error).toBeInstanceOf(SimulationError);
    expect(error).toBeInstanceOf(Error);
    const e = error as SimulationError;
    expect(e.name).toBe('SimulationError');
    expect(e.virtualTime).toBe(5_400_000);
    expect(e.label).toBe('pod-start');
    expect(e.cause).toBe(boom);
    expect(e.message).toContain('pod-start');
    expect(e.message).toContain('1h30m');
    expect(e.message).toContain('5400000 ms');
    expect(e.message).toContain('disk full');
    // The run stopped at the failing event: the later event did not run.
    expect(ran).toEqual([1000]);
    expect(sim.now).toBe(5_400_000);
    expect(sim.pending).toBe(1);
  });

  it('uses the function name as the label for plain functions', () => {
    const sim = new Simulation();
    function evictPod(): void {
      throw new Error('nope');
    }
    sim.at(7, evictPod);
    const e = catchError(() => sim.run()) as SimulationError;
    expect(e.label).toBe('evictPod');
    expect(e.virtualTime).toBe(7);
    expect(e.message).toMatch(/evictPod/);
  });

  it('wraps non-Error throwables and keeps them as the cause', () => {
    const sim = new Simulation();
    const thrown = { code: 42 };
    sim.at(3, sim.define('weird', () => {
      throw thrown;
    }));
    const e = catchError(() => sim.run()) as SimulationError;
    expect(e).toBeInstanceOf(SimulationError);
    expect(e.cause).toBe(thrown);
    sim.at(4, sim.define('stringy', () => {
      throw 'plain string';
    }));
    const e2 = catchError(() => sim.run()) as SimulationError;
    expect(e2.cause).toBe('plain string');
    expect(e2.message).toContain('plain string');
    expect(e2.label).toBe('stringy');
  });

  it('is raised by step() too', () => {
    const sim = new Simulation();
    sim.at(12, sim.define('tick', () => {
      throw new Error('x');
    }));
    const e = catchError(() => sim.step()) as SimulationError;
    expect(e).toBeInstanceOf(SimulationError);
    expect(e.virtualTime).toBe(12);
    expect(e.label).toBe('tick');
  });

  it('names the label of the event that failed, not of an earlier one', () => {
    const sim = new Simulation();
    sim.at(1, sim.define('fine', () => {}));
    sim.at(2, sim.define('also-fine', () => {}));
    sim.at(3, sim.define('broken', () => {
      throw new Error('bad');
    }));
    const e = catchError(() => sim.run(10)) as SimulationError;
    expect(e.label).toBe('broken');
    expect(e.virtualTime).toBe(3);
  });

  it('does not double-wrap a SimulationError from a nested run', () => {
    const sim = new Simulation();
    const inner = sim.define('inner', () => {
      throw new Error('root cause');
    });
    sim.at(1, sim.define('outer', () => {
      sim.at(1, inner);
      sim.run(1);
    }));
    const e = catchError(() => sim.run()) as SimulationError;
    expect(e.label).toBe('inner');
    expect((e.cause as Error).message).toBe('root cause');
  });
});

function scenario(shift = 0, label = 'b'): Simulation {
  const sim = new Simulation();
  const a = sim.define('a', () => {});
  const b = sim.define(label, () => {});
  sim.at(10, a);
  sim.at(20 + shift, b);
  sim.at(30, a);
  sim.every(7, () => {}, 0, 'periodic');
  sim.run(100);
  return sim;
}

describe('fingerprint', () => {
  it('is a 16-hex-digit string', () => {
    const fresh = new Simulation().fingerprint;
    expect(fresh).toMatch(/^[0-9a-f]{16}$/);
    expect(scenario().fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is identical for two identical runs', () => {
    expect(scenario().fingerprint).toBe(scenario().fingerprint);
  });

  it('changes when one event runs at a different time', () => {
    expect(scenario(1).fingerprint).not.toBe(scenario().fingerprint);
  });

  it('changes when one event has a different label', () => {
    expect(scenario(0, 'c').fingerprint).not.toBe(scenario().fingerprint);
  });

  it('changes when two same-time events with different labels swap order', () => {
    const run = (first: string, second: string): string => {
      const sim = new Simulation();
      sim.at(5, sim.define(first, () => {}));
      sim.at(5, sim.define(second, () => {}));
      sim.run();
      return sim.fingerprint;
    };
    expect(run('x', 'y')).not.toBe(run('y', 'x'));
  });

  it('depends on labels and times, not on handlers, arguments or kind identity', () => {
    const one = new Simulation();
    one.at(5, one.define('same', () => {}), 1);
    one.at(9, one.define('same', (n: number) => void n), 2);
    one.run();
    const two = new Simulation();
    const k = two.define('same', () => {});
    two.at(5, k, 'x');
    two.at(9, k, 'y');
    two.run();
    expect(one.fingerprint).toBe(two.fingerprint);
  });

  it('ignores cancelled events and is unchanged until an event runs', () => {
    const base = new Simulation();
    const before = base.fingerprint;
    const h = base.at(1, base.define('ghost', () => {}));
    expect(base.fingerprint).toBe(before);
    base.cancel(h);
    base.at(2, base.define('real', () => {}));
    base.run();

    const plain = new Simulation();
    plain.at(2, plain.define('real', () => {}));
    plain.run();
    expect(base.fingerprint).toBe(plain.fingerprint);
    expect(base.fingerprint).not.toBe(before);
  });

  it('changes with every executed event (a fresh fingerprint differs from any 1-event run)', () => {
    const fresh = new Simulation().fingerprint;
    const one = new Simulation();
    one.at(0, one.define('x', () => {}));
    one.run();
    expect(one.fingerprint).not.toBe(fresh);
  });

  it('distinguishes times that differ only above 2^32 ms', () => {
    const run = (t: number): string => {
      const sim = new Simulation();
      sim.at(t, sim.define('far', () => {}));
      sim.run();
      return sim.fingerprint;
    };
    expect(run(5)).not.toBe(run(5 + 2 ** 32));
  });

  it('distinguishes random single-event shifts (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 20 }),
        fc.nat(),
        fc.integer({ min: 1, max: 50 }),
        (times, which, shift) => {
          const build = (delta: number, index: number): string => {
            const sim = new Simulation();
            const k = sim.define('e', () => {});
            times.forEach((t, i) => sim.at(i === index ? t + delta : t, k));
            sim.run();
            return sim.fingerprint;
          };
          const index = which % times.length;
          expect(build(0, index)).toBe(build(0, index));
          expect(build(shift, index)).not.toBe(build(0, index));
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('eventsExecuted', () => {
  it('counts executed events across run, step and run(until), excluding cancelled ones', () => {
    const sim = new Simulation();
    expect(sim.eventsExecuted).toBe(0);
    const k = sim.define('k', () => {});
    for (let t = 1; t <= 10; t++) sim.at(t, k);
    sim.cancel(sim.at(5, k));
    sim.step();
    expect(sim.eventsExecuted).toBe(1);
    sim.run(5);
    expect(sim.eventsExecuted).toBe(5);
    sim.run();
    expect(sim.eventsExecuted).toBe(10);
  });

  it('counts the failing event', () => {
    const sim = new Simulation();
    sim.at(1, () => {});
    sim.at(2, () => {
      throw new Error('x');
    });
    sim.at(3, () => {});
    expect(() => sim.run()).toThrow(SimulationError);
    expect(sim.eventsExecuted).toBe(2);
  });
});

describe('hash helpers', () => {
  it('fnv1a matches the published 32-bit FNV-1a values (as signed int32)', () => {
    expect(fnv1a('') >>> 0).toBe(0x811c9dc5);
    expect(fnv1a('a') >>> 0).toBe(0xe40c292c);
    expect(fnv1a('foobar') >>> 0).toBe(0xbf9cf968);
    expect(Number.isInteger(fnv1a('anything'))).toBe(true);
    expect(fnv1a('anything')).toBe(fnv1a('anything') | 0);
  });

  it('hex32 prints 8 lowercase hex digits, negatives as unsigned', () => {
    expect(hex32(0)).toBe('00000000');
    expect(hex32(255)).toBe('000000ff');
    expect(hex32(-1)).toBe('ffffffff');
    expect(hex32(0x811c9dc5 | 0)).toBe('811c9dc5');
  });

  it('mix32 is deterministic, int32-valued and sensitive to its inputs', () => {
    expect(mix32(1, 2)).toBe(mix32(1, 2));
    expect(mix32(1, 2)).toBe(mix32(1, 2) | 0);
    expect(mix32(1, 2)).not.toBe(mix32(1, 3));
    expect(mix32(1, 2)).not.toBe(mix32(2, 2));
  });
});
