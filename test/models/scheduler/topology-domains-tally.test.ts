// TopologyDomains.loadTally (soft PodTopologySpread counts from one domain number per matching
// pod) and distinct over a range: they must answer exactly as counting the list.
import { describe, expect, it } from 'vitest';
import { labelledDomains } from './labelled-domains-fixture.js';

describe('TopologyDomains.loadTally', () => {
  it('counts each domain number, skips −1 entries and forgets the previous load', () => {
    const { domains, node } = labelledDomains();
    const host = domains.keyNumber('host');
    // Numbered out of order and many: the per-domain arrays must still answer every number.
    const ids = Array.from({ length: 3000 }, (_, i) => domains.of(node({ host: `n${(i * 7919) % 3000}` }), host));
    const a = ids[2999] as number;
    const b = ids[5] as number;
    expect(domains.count(host, a)).toBe(0);
    domains.loadTally(host, [a, -1, b, a, a]);
    expect([domains.count(host, a), domains.count(host, b), domains.count(host, ids[7] as number)]).toEqual([3, 1, 0]);
    domains.loadTally(host, [b]);
    expect([domains.count(host, a), domains.count(host, b)]).toEqual([0, 1]);
    expect(domains.counts(host)[b]).toBe(1);
    domains.loadTally(host, []);
    expect(domains.count(host, b)).toBe(0);
    expect(domains.counts(host).every((count) => count === 0)).toBe(true);
  });

  it('counts distinct domains of a range of the list', () => {
    const { domains, node } = labelledDomains();
    const zone = domains.keyNumber('zone');
    const [a, b] = ['a', 'b'].map((z) => domains.of(node({ zone: z }), zone)) as [number, number];
    const ids = Int32Array.from([a, a, -1, b, b, a]);
    expect(domains.distinct(zone, ids, 0, 3)).toBe(1);
    expect(domains.distinct(zone, ids, 2, 5)).toBe(1);
    expect(domains.distinct(zone, ids, 1, 4)).toBe(2);
    expect(domains.distinct(zone, ids)).toBe(2);
  });
});
