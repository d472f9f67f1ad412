// LeaseTable: renew times by node index, and the logs of renewals and status posts that the node
// lifecycle controller takes on each monitor tick (kept in reused buffers).
import { describe, expect, it } from 'vitest';
import { LeaseTable } from '../../src/models/lease-table.js';

describe('LeaseTable', () => {
  it('answers −Infinity for a node that never renewed, also past the nodes seen so far', () => {
    const leases = new LeaseTable();
    expect(leases.renewTime(0)).toBe(Number.NEGATIVE_INFINITY);
    leases.renew(7, 1_000);
    expect(leases.renewTime(7)).toBe(1_000);
    expect(leases.renewTime(3)).toBe(Number.NEGATIVE_INFINITY);
    expect(leases.renewTime(5_000)).toBe(Number.NEGATIVE_INFINITY);
    leases.renew(4_999, 2_000); // far past the first: the table grows
    expect(leases.renewTime(4_999)).toBe(2_000);
    expect(leases.renewTime(7)).toBe(1_000);
    expect(leases.renewals).toBe(2);
  });

  it('logs nothing before the first take, then each renewal in order, repeats included', () => {
    const leases = new LeaseTable();
    leases.renew(1, 10);
    expect([...leases.takeRenewals()]).toEqual([]);
    leases.renew(5, 20);
    leases.renew(2, 30);
    leases.renew(5, 40);
    expect([...leases.takeRenewals()]).toEqual([5, 2, 5]);
    expect([...leases.takeRenewals()]).toEqual([]);
  });

  it('keeps what a take handed out until the next take, past the buffer size and over many rounds', () => {
    const leases = new LeaseTable();
    leases.takeStatusPosts();
    for (let round = 0; round < 4; round++) {
      const count = 1_000 + 700 * round; // grows past the first buffers
      for (let i = 0; i < count; i++) leases.statusPosted((i * 7 + round) % 5_000);
      const taken = leases.takeStatusPosts();
      const expected = Array.from({ length: count }, (_, i) => (i * 7 + round) % 5_000);
      leases.statusPosted(1); // logged for the next take: must not overwrite this one
      expect([...taken]).toEqual(expected);
      expect([...leases.takeStatusPosts()]).toEqual([1]);
    }
  });

  it('keeps the renewal and status logs apart', () => {
    const leases = new LeaseTable();
    leases.takeRenewals();
    leases.takeStatusPosts();
    leases.renew(3, 5);
    leases.statusPosted(4);
    expect([...leases.takeRenewals()]).toEqual([3]);
    expect([...leases.takeStatusPosts()]).toEqual([4]);
  });
});
