// A bare scheduler node state holding only what TopologyDomains reads: the node's labels.
import type { NodeState } from '../../../src/models/scheduler/cluster-snapshot.js';

export function nodeState(labels: Record<string, string>): NodeState {
  return { labels, domainLabels: undefined, domainIds: [] } as unknown as NodeState;
}
