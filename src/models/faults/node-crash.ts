// NodeCrash faults: a node dies (its kubelet goes silent; nothing tells the control plane) and
// comes back after a repair time. Two forms:
// - scheduled: one named node at one time, repaired after `repairTime` (or never);
// - stochastic: every node of the listed pools fails after a time drawn from
//   `timeBetweenFailures` (exponential with the pool's MTBF when `mtbf` is given), measured
//   from its last repair, and is repaired after a drawn repair time.
// Random streams: "faults.nodeCrash/<node>" per node for stochastic failures (so adding a node
// or a pool never shifts another node's failures) and "faults.nodeCrash.scheduled" for the
// repair times of scheduled crashes. A crash that hits a node already down is ignored (counted
// in `ignored`). Stochastic failures cover the nodes that exist at the start; nodes the cluster
// autoscaler adds later do not fail.
// The same machinery drives KubeletStall faults (a kubelet out of touch with the API server for a
// drawn duration), under their own event labels and streams ("faults.kubeletStall/<node>").

import type { Distribution, EventKind, RandomStream, RandomStreams, Simulation } from '../../kernel/index.js';
import type { NodeCrashConfig } from '../config.js';
import type { NodeObject } from '../api/objects.js';

export interface NodeCrashTarget {
  isRunning(node: number): boolean;
  stop(node: number): void;
  restart(node: number): void;
}

export interface NodeCrashListener {
  nodeCrashed(node: number): void;
  nodeRepaired(node: number): void;
}

/** Event labels and stream prefix of one kind of node fault. */
export interface NodeFaultNames {
  fail: string;
  recover: string;
  stream: string;
}

export const NODE_CRASH: NodeFaultNames = { fail: 'fault.nodeCrash', recover: 'fault.nodeRepair', stream: 'faults.nodeCrash' };
export const KUBELET_STALL: NodeFaultNames = { fail: 'fault.kubeletStall', recover: 'fault.kubeletResume', stream: 'faults.kubeletStall' };

interface Plan {
  timeBetweenFailures: Distribution | undefined;
  repairTime: Distribution | undefined;
}

export class NodeFaults {
  /** Faults that hit a live node, and recoveries (repairs, or stalls ending). */
  failures = 0;
  recoveries = 0;
  ignored = 0;
  private readonly crashKind: EventKind<{ node: number; plan: Plan }>;
  private readonly repairKind: EventKind<{ node: number; plan: Plan }>;

  constructor(
    private readonly sim: Simulation,
    private readonly streams: RandomStreams,
    private readonly nodes: readonly NodeObject[],
    private readonly configs: readonly NodeCrashConfig[],
    private readonly target: NodeCrashTarget,
    private readonly listeners: NodeCrashListener[] = [],
    private readonly names: NodeFaultNames = NODE_CRASH,
  ) {
    this.crashKind = sim.define(names.fail, ({ node, plan }) => this.crash(node, plan));
    this.repairKind = sim.define(names.recover, ({ node, plan }) => this.repair(node, plan));
  }

  addListener(listener: NodeCrashListener): void {
    this.listeners.push(listener);
  }

  start(): void {
    const byName = new Map(this.nodes.map((n) => [n.metadata.name, n]));
    for (const config of this.configs) {
      if (config.kind === 'scheduled') {
        const node = byName.get(config.node);
        if (!node) throw new Error(`${this.names.fail}: no node named ${config.node}`);
        this.sim.at(config.at, this.crashKind, { node: node.cloud.index, plan: { timeBetweenFailures: undefined, repairTime: config.repairTime } });
      } else {
        for (const node of this.nodes) {
          if (!config.pools.includes(node.cloud.pool)) continue;
          const plan = { timeBetweenFailures: config.timeBetweenFailures, repairTime: config.repairTime };
          this.scheduleNextFailure(node.cloud.index, plan);
        }
      }
    }
  }

  private scheduleNextFailure(node: number, plan: Plan): void {
    if (!plan.timeBetweenFailures) return;
    const delay = plan.timeBetweenFailures.sample(this.stochasticStream(node));
    this.sim.after(delay, this.crashKind, { node, plan });
  }

  private crash(node: number, plan: Plan): void {
    if (!this.target.isRunning(node)) {
      this.ignored++;
      return;
    }
    this.failures++;
    this.target.stop(node);
    for (const listener of this.listeners) listener.nodeCrashed(node);
    if (plan.repairTime) {
      const stream = plan.timeBetweenFailures ? this.stochasticStream(node) : this.streams.get(`${this.names.stream}.scheduled`);
      this.sim.after(plan.repairTime.sample(stream), this.repairKind, { node, plan });
    }
  }

  private repair(node: number, plan: Plan): void {
    this.recoveries++;
    this.target.restart(node);
    for (const listener of this.listeners) listener.nodeRepaired(node);
    this.scheduleNextFailure(node, plan);
  }

  private stochasticStream(node: number): RandomStream {
    return this.streams.get(`${this.names.stream}/${(this.nodes[node] as NodeObject).metadata.name}`);
  }
}
