// The scheduler's per-node caches (plugins.ts resource and image memos, topology-domains.ts)
// must follow every change of their inputs: node allocatable and labels are replaced by their
// writers, pods come and go, and pods of other shapes use the same nodes. The spread tallies
// have their own test (spread-tallies.test.ts).
import { describe, expect, it } from 'vitest';
import { labelledDomains } from './labelled-domains-fixture.js';
import { barePod, container, makeWorld, pool } from '../world-fixtures.js';

const GiB = 2 ** 30;

describe('TopologyDomains', () => {
  it('numbers values per key, −1 for a missing label, and re-reads replaced labels', () => {
    const { domains, node, relabel, gather } = labelledDomains();
    const zone = domains.keyNumber('zone');
    const host = domains.keyNumber('host');
    expect(domains.keyNumber('zone')).toBe(zone);
    const a = node({ zone: 'a', host: 'n1' });
    const b = node({ zone: 'a', host: 'n2' });
    const c = node({ host: 'n3' });
    expect(domains.of(a, zone)).toBe(domains.of(b, zone));
    expect(domains.of(a, host)).not.toBe(domains.of(b, host));
    expect(domains.of(c, zone)).toBe(-1);
    relabel(c, { zone: 'b', host: 'n3' });
    expect(domains.of(c, zone)).toBeGreaterThanOrEqual(0);
    expect(domains.of(c, zone)).not.toBe(domains.of(a, zone));
    expect(gather(zone, [a, b, c]).size).toBe(2);
    expect(gather(zone, [node({ host: 'n4' }), node({})]).size).toBe(0);
  });

  it('numbers the slots of a key added after them, and slots added after the key', () => {
    const { domains, node, gather } = labelledDomains();
    const early = Array.from({ length: 100 }, (_, i) => node({ zone: `z${i % 3}` }));
    const zone = domains.keyNumber('zone');
    const late = Array.from({ length: 100 }, (_, i) => node({ zone: `z${i % 3}` }));
    expect(domains.of(early[99] as number, zone)).toBe(domains.of(late[0] as number, zone));
    expect(gather(zone, [...early, ...late]).size).toBe(3);
  });
});

describe('resource memo', () => {
  it('a replaced allocatable changes whether the same pod fits (same requests, same pods on the node)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const requests = { cpu: 3000, memory: 1 * GiB };
    world.store.create('scenario', barePod('first', undefined, [container('app', requests)]));
    const second = world.store.create('scenario', barePod('second', undefined, [container('app', requests)]));
    sim.run(1000);
    expect(second.spec.nodeName).toBeUndefined();
    expect(second.status.unschedulableReason).toContain('Insufficient cpu');
    const node = world.store.get('Node', '', 'n-0')!;
    node.status.allocatable = { ...node.status.allocatable, cpu: 8000 };
    world.store.update('scenario', node);
    sim.run(60_000);
    expect(second.spec.nodeName).toBe('n-0');
  });

  it('a pod of another shape is not judged by the memo of the previous one', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 1)] });
    world.start();
    const small = world.store.create('scenario', barePod('small', undefined, [container('app', { cpu: 100, memory: GiB })]));
    sim.run(1000);
    const big = world.store.create('scenario', barePod('big', undefined, [container('app', { cpu: 100_000, memory: GiB })]));
    const tiny = world.store.create('scenario', barePod('tiny', undefined, [container('app', { cpu: 100, memory: GiB })]));
    sim.run(2000);
    expect(small.spec.nodeName).toBe('n-0');
    expect(big.spec.nodeName).toBeUndefined();
    expect(tiny.spec.nodeName).toBe('n-0');
  });
});
