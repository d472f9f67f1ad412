// TopologyDomains.gatherCounts: each node's count from a tally by domain number (soft
// PodTopologySpread, see spread-tallies.ts) and the distinct domains of a list of nodes; it must
// answer exactly as looking each node's label up.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../../src/models/api/selectors.js';
import { labelledDomains } from './labelled-domains-fixture.js';

describe('TopologyDomains.gatherCounts', () => {
  it("give each node its domain's count from the tally, 0 past the tally's end, −1 without the label", () => {
    const { domains, node, gather } = labelledDomains();
    const host = domains.keyNumber('host');
    // Numbered out of order and many: every number must index the tally.
    const slots = Array.from({ length: 3000 }, (_, i) => node({ host: `n${(i * 7919) % 3000}` }));
    const ids = slots.map((slot) => domains.of(slot, host));
    const [a, b] = [ids[2999], ids[5]] as [number, number];
    const [sa, sb, sc] = [slots[2999], slots[5], slots[7]] as [number, number, number];
    const tally = new Int32Array(domains.domainCount(host));
    expect(gather(host, [sa, sb], tally).counts).toEqual([0, 0]);
    tally[a] = 3;
    tally[b] = 1;
    expect(gather(host, [sa, sb, sc], tally).counts).toEqual([3, 1, 0]);
    const short = tally.slice(0, Math.min(a, b) + 1);
    expect(gather(host, [sa, sb], short).counts).toEqual([a < b ? 3 : 0, b < a ? 1 : 0]);
    expect(gather(host, [node({}), sb], tally).counts).toEqual([-1, 1]);
  });

  it('count the distinct domains of the nodes given, nodes without the label aside', () => {
    const { domains, node, gather } = labelledDomains();
    const zone = domains.keyNumber('zone');
    const slots = [node({ zone: 'a' }), node({ zone: 'a' }), node({}), node({ zone: 'b' }), node({ zone: 'b' }), node({ zone: 'a' })];
    const range = (from: number, to: number): number => gather(zone, slots.slice(from, to)).size;
    expect(range(0, 3)).toBe(1);
    expect(range(2, 5)).toBe(1);
    expect(range(1, 4)).toBe(2);
    expect(range(0, 6)).toBe(2);
    expect(range(2, 3)).toBe(0);
  });
});

describe('TopologyDomains.gatherCountsOfTwo', () => {
  it('answers as gatherCounts for each of the two keys (property)', () => {
    const labelArb = fc.record({
      host: fc.option(fc.constantFrom('h0', 'h1', 'h2', 'h3'), { nil: undefined, freq: 6 }),
      zone: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined, freq: 6 }),
    });
    fc.assert(
      fc.property(fc.array(labelArb, { minLength: 1, maxLength: 10 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }), fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 4 }), (nodes, hostPods, zonePods) => {
        const { domains, node, gather } = labelledDomains();
        const slots = nodes.map((labels) => node(Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== undefined)) as Labels));
        const [host, zone] = [domains.keyNumber('host'), domains.keyNumber('zone')];
        // Tallies shorter than the domains numbered so far, as a tally made before a new domain.
        const [hostTally, zoneTally] = [Int32Array.from(hostPods), Int32Array.from(zonePods)];
        const out = new Int32Array(2 * slots.length);
        const sizes = new Int32Array(2);
        domains.gatherCountsOfTwo(host, hostTally, zone, zoneTally, Int32Array.from(slots), slots.length, out, sizes);
        const [byHost, byZone] = [gather(host, slots, hostTally), gather(zone, slots, zoneTally)];
        expect(Array.from(out)).toEqual([...byHost.counts, ...byZone.counts]);
        expect(Array.from(sizes)).toEqual([byHost.size, byZone.size]);
      }),
      { numRuns: 300 },
    );
  });
});
