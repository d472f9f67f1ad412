// TopologyDomains.loadTally (soft PodTopologySpread counts from one domain number per matching
// pod) and gatherCounts (each node's count, and the distinct domains of a list of nodes): they
// must answer exactly as counting the lists.
import { describe, expect, it } from 'vitest';
import { labelledDomains } from './labelled-domains-fixture.js';

describe('TopologyDomains.loadTally and gatherCounts', () => {
  it('count each domain number, skip −1 entries and forget the previous load', () => {
    const { domains, node, gather } = labelledDomains();
    const host = domains.keyNumber('host');
    // Numbered out of order and many: the per-domain arrays must still answer every number.
    const slots = Array.from({ length: 3000 }, (_, i) => node({ host: `n${(i * 7919) % 3000}` }));
    const ids = slots.map((slot) => domains.of(slot, host));
    const [a, b] = [ids[2999], ids[5]] as [number, number];
    const [sa, sb, sc] = [slots[2999], slots[5], slots[7]] as [number, number, number];
    expect(gather(host, [sa, sb]).counts).toEqual([0, 0]);
    domains.loadTally(host, [a, -1, b, a, a]);
    expect(gather(host, [sa, sb, sc]).counts).toEqual([3, 1, 0]);
    domains.loadTally(host, [b]);
    expect(gather(host, [sa, sb]).counts).toEqual([0, 1]);
    domains.loadTally(host, []);
    expect(gather(host, slots).counts.every((count) => count === 0)).toBe(true);
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
