// TopologyDomains over bare node labels, one slot per node, as ClusterSnapshot drives it: a node
// entering a slot or getting a new labels object makes the slot forget its numbers.
import type { Labels } from '../../../src/models/api/selectors.js';
import { TopologyDomains } from '../../../src/models/scheduler/topology-domains.js';

export function labelledDomains(): { domains: TopologyDomains; node(labels: Labels): number; relabel(slot: number, labels: Labels): void } {
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
  };
}
