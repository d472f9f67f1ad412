// The kubelets, one agent per node, driven by timers. So far they renew their node's Lease
// every 0.25 × nodeLeaseDuration (10 s by default), each node at its own phase (a node's first
// renewal falls at a uniformly drawn offset within one interval, stream "kubelet.leasePhase",
// drawn in node order), stop when the node crashes and start again (renewing at once, as a
// restarted kubelet does) when it is repaired.
// Upstream: k8s.io/component-helpers/apimachinery/lease controller, pkg/kubelet/kubelet.go.
// Not yet modelled: node status posts, pods (issue 3).

import { NO_EVENT, type EventKind, type Millis, type RandomStreams, type Simulation } from '../kernel/index.js';
import type { LeaseTable } from './lease-table.js';
import type { NodeInfo } from './node.js';

export class Kubelets {
  private readonly renewHandles: number[];
  private readonly running: Uint8Array;
  private readonly renewKind: EventKind<number>;

  constructor(
    private readonly sim: Simulation,
    private readonly streams: RandomStreams,
    private readonly nodes: readonly NodeInfo[],
    private readonly leases: LeaseTable,
    private readonly renewInterval: Millis,
  ) {
    this.renewHandles = new Array<number>(nodes.length).fill(NO_EVENT);
    this.running = new Uint8Array(nodes.length);
    this.renewKind = sim.define('kubelet.renewLease', (node: number) => this.renew(node));
  }

  start(): void {
    const phase = this.streams.get('kubelet.leasePhase');
    for (const node of this.nodes) {
      this.running[node.index] = 1;
      this.renewHandles[node.index] = this.sim.after(phase.int(this.renewInterval), this.renewKind, node.index);
    }
  }

  isRunning(node: number): boolean {
    return this.running[node] === 1;
  }

  /** The node died: its kubelet goes silent. */
  stop(node: number): void {
    this.running[node] = 0;
    this.sim.cancel(this.renewHandles[node] as number);
    this.renewHandles[node] = NO_EVENT;
  }

  /** The node is back: its kubelet starts and renews its lease at once. */
  restart(node: number): void {
    if (this.running[node] === 1) return;
    this.running[node] = 1;
    this.renew(node);
  }

  private renew(node: number): void {
    this.leases.renew(node, this.sim.now);
    this.renewHandles[node] = this.sim.after(this.renewInterval, this.renewKind, node);
  }
}
