// Named seeded random streams. Each stream's seed is derived from the master seed and the
// stream's name alone, so a stream's sequence does not depend on which other streams exist, in
// what order they were created, or how many numbers they drew. Adding a component therefore never
// shifts another component's numbers, and a sweep gets common random numbers across its runs.
// Generator: seedrandom's Alea (fast, pure JavaScript, identical on every platform).

import seedrandom from 'seedrandom';

export class RandomStream {
  constructor(
    readonly name: string,
    private readonly prng: seedrandom.PRNG,
  ) {}

  /** A uniform draw in [0, 1). */
  next(): number {
    return this.prng();
  }

  /**
   * The generator itself: each call is next(). For hot loops (the scheduler draws once per tied
   * node, hundreds of times per pod), where the extra call layer of next() or int() showed.
   */
  get generator(): () => number {
    return this.prng;
  }

  /** A uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.prng() * n);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.prng() < p;
  }

  /** A uniformly chosen element of a non-empty array. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError(`stream "${this.name}": pick() from an empty list`);
    return items[this.int(items.length)] as T;
  }
}

export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(readonly masterSeed: number | string) {}

  /** The stream with this name, created on first use. */
  get(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new RandomStream(name, seedrandom.alea(`podsim/${this.masterSeed}/${name}`));
      this.streams.set(name, stream);
    }
    return stream;
  }

  /** Names of the streams used so far, sorted (for reports and debugging). */
  names(): string[] {
    return [...this.streams.keys()].sort();
  }
}
