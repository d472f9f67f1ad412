// TopologyDomains over bare node labels, one slot per node, as ClusterSnapshot drives it: a node
// entering a slot or getting a new labels object makes the slot forget its numbers.
import { expect } from 'vitest';
import type { Labels } from '../../../src/models/api/selectors.js';
import { TopologyDomains } from '../../../src/models/scheduler/topology-domains.js';

export interface LabelledDomains {
  domains: TopologyDomains;
  /** A new node in the next slot. */
  node(labels: Labels): number;
  relabel(slot: number, labels: Labels): void;
  /** gatherCounts over these slots: each one's count from `tally` (−1: no label) and the distinct domains. */
  gather(k: number, slots: readonly number[], tally?: Int32Array): { counts: number[]; size: number };
}

export function labelledDomains(): LabelledDomains {
  const labelsBySlot: Labels[] = [];
  const domains = new TopologyDomains((slot) => labelsBySlot[slot] as Labels);
  return {
    domains,
    node(labels) {
      const slot = labelsBySlot.push(labels) - 1;
      domains.ensure(slot + 1);
      domains.forget(slot);
      return slot;
    },
    relabel(slot, labels) {
      labelsBySlot[slot] = labels;
      domains.forget(slot);
    },
    gather(k, slots, tally = new Int32Array(0)) {
      // Offset into a larger array, as scoring lays out several constraints.
      const out = new Int32Array(slots.length + 3).fill(7);
      const size = domains.gatherCounts(k, tally, Int32Array.from(slots), slots.length, out, 3);
      expect(Array.from(out.subarray(0, 3))).toEqual([7, 7, 7]);
      return { counts: Array.from(out.subarray(3)), size };
    },
  };
}
