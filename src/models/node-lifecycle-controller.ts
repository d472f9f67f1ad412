// The node lifecycle controller (kube-controller-manager), as upstream's monitorNodeHealth:
// - Every nodeMonitorPeriod (5 s, from time 0) it looks at each node's Lease renew time and
//   Ready heartbeat; when either moved since its last look, the node's probe time is now (the
//   controller's clock). A node whose probe time is older than the grace period (50 s; 60 s
//   for a node that never posted Ready) gets Ready=Unknown, and on a Ready True → not-True
//   transition its pods are marked not ready (endpoints drop them).
// - NoSchedule taints follow the Ready condition at once (unreachable for Unknown, not-ready for
//   False). NoExecute taints go through a per-zone rate-limited queue (token bucket, burst 1,
//   0.1 node/s; a pass every 100 ms from time 0), and are removed when the node is Ready again.
// - Zone states: FullDisruption (no ready node), PartialDisruption (more than 2 not ready and at
//   least 55% of the zone), Normal. Partial disruption slows the zone to 0.01 node/s if it has
//   more than 50 nodes, else stops it; if every zone is fully disrupted, all NoExecute taints are
//   removed and tainting stops (a control-plane network problem is assumed); when that ends,
//   every probe time is reset to now.
// Upstream: pkg/controller/nodelifecycle/node_lifecycle_controller.go, scheduler/rate_limited_queue.go.
// Simplifications: nodes labelled node.kubernetes.io/exclude-disruption are not treated
// specially; the passes run as events at their real times but a NoExecute pass is only
// scheduled while a queue holds nodes.
// Per-tick work (same results as looking at every node): after a look, a Ready node has no taint
// of this controller, is not queued, and stays Ready until a look marks it Unknown, so looking
// at it again only moves its probe time until that goes stale. A tick moves the probe times of
// the Ready nodes that renewed or posted status since the last tick (the LeaseTable logs both),
// then looks fully, in node order, at the nodes not Ready at their last look, the new nodes and
// the Ready nodes whose probe time went stale (found in buckets by probe time: probe-buckets.ts).
// Zone counts are kept as nodes are looked at and deleted. The NoExecute queue that a skipped
// taint pass would create for the node's zone exists already: a tick leaves one for every zone
// with nodes.

import type { EventKind, Millis, Simulation } from '../kernel/index.js';
import type { ControlPlaneSettings } from './config.js';
import type { NodeObject } from './api/objects.js';
import type { ObjectStore } from './api/store.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, type Taint } from './api/taints.js';
import type { LeaseTable } from './lease-table.js';
import { ProbeBuckets } from './probe-buckets.js';

export const NO_EXECUTE_PASS_PERIOD: Millis = 100;

const COUNTED_READY = 1;
const COUNTED_NOT_READY = 2;

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

interface ZoneQueue {
  nodes: number[];
  queued: Set<number>;
  qps: number;
  tokens: number;
  refilledAt: Millis;
  state: ZoneState;
}

export class NodeLifecycleController {
  private readonly probeTime: Millis[] = [];
  private readonly seenRenew: Millis[] = [];
  private readonly seenHeartbeat: Millis[] = [];
  private readonly lastReady: Array<NodeObject['status']['ready']> = [];
  /** 1 while the node waits in its zone's NoExecute queue (by node index). */
  private readonly isQueued: number[] = [];
  /** Dense zone numbers, per node index, for the per-tick zone counts. */
  private readonly zoneNumbers = new Map<string, number>();
  private readonly zoneNames: string[] = [];
  private readonly nodeZone: number[] = [];
  /** Live nodes per dense zone number, Ready and not, as of their last look. */
  private readonly readyCount: number[] = [];
  private readonly notReadyCount: number[] = [];
  /** Per node index: how the node is counted (COUNTED_READY, COUNTED_NOT_READY; else not counted). */
  private readonly counted: number[] = [];
  /** The nodes not Ready at their last look, in node order. */
  private notReady: number[] = [];
  /** Where the Ready nodes whose probe time went stale are found. */
  private readonly probes = new ProbeBuckets();
  /** Nodes at and after this index in `nodes` have not been looked at yet. */
  private looked = 0;
  private nodeDeletes = 0;
  private readonly zones = new Map<string, ZoneQueue>();
  private allFullyDisrupted = false;
  private passPending = false;
  private readonly passKind: EventKind<void>;
  taintsApplied = 0;
  podsMarkedNotReady = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly store: ObjectStore,
    private readonly nodes: readonly NodeObject[],
    private readonly leases: LeaseTable,
    private readonly settings: ControlPlaneSettings,
  ) {
    this.passKind = sim.define('nodelifecycle.noExecuteTaintingPass', () => this.noExecutePass());
  }

  start(): void {
    this.sim.every(this.settings.nodeMonitorPeriod, () => this.monitor(), 0, 'nodelifecycle.monitorNodeHealth');
  }

  zoneState(zone: string): ZoneState {
    return this.zones.get(zone)?.state ?? 'Normal';
  }

  private monitor(): void {
    const now = this.sim.now;
    this.forgetDeletedNodes();
    // Ready nodes that renewed or posted status: their probe time moves (each write is logged,
    // so a renewal need not check the heartbeat nor a status post the lease).
    for (const i of this.leases.takeRenewals()) {
      if (this.counted[i] === COUNTED_READY) this.seeRenewal(i, now);
    }
    for (const i of this.leases.takeStatusPosts()) {
      if (this.counted[i] === COUNTED_READY) this.seeHeartbeat(this.nodes[i] as NodeObject, i, now);
    }
    const visit = this.notReady;
    for (let i = this.looked; i < this.nodes.length; i++) visit.push(i);
    // Stale at the first tick with now > probe time + grace; a Ready node posted Ready, so its
    // grace is nodeMonitorGracePeriod.
    let sorted = true;
    this.probes.takeExpired(
      now - this.settings.nodeMonitorGracePeriod,
      (i) => this.probeTime[i] as Millis,
      (i) => {
        if (this.counted[i] !== COUNTED_READY) return;
        sorted &&= visit.length === 0 || i > (visit[visit.length - 1] as number);
        visit.push(i);
      },
    );
    if (!sorted) visit.sort((a, b) => a - b);
    this.notReady = [];
    for (const i of visit) {
      const node = this.nodes[i] as NodeObject;
      if (node.cloud.deletedAt !== undefined) continue;
      this.updateHealth(node, now);
      const ready = node.status.ready === 'True';
      this.count(node, ready);
      if (!ready) this.notReady.push(i);
      // A Ready node with no taints and nothing queued needs no taint work.
      if (!ready || node.spec.taints.length > 0 || this.queued(node)) this.processTaints(node);
    }
    this.looked = this.nodes.length;
    this.handleDisruption(now, this.readyCount, this.notReadyCount);
  }

  /** Counts the node as Ready or not in its zone (dense zone numbers are given at first look). */
  private count(node: NodeObject, ready: boolean): void {
    const i = node.cloud.index;
    let z = this.nodeZone[i];
    if (z === undefined) {
      z = this.zoneNumber(node.cloud.zone);
      this.nodeZone[i] = z;
    }
    const want = ready ? COUNTED_READY : COUNTED_NOT_READY;
    if (this.counted[i] === want) return;
    this.uncount(i);
    if (ready) this.readyCount[z] = (this.readyCount[z] as number) + 1;
    else this.notReadyCount[z] = (this.notReadyCount[z] as number) + 1;
    this.counted[i] = want;
  }

  private uncount(i: number): void {
    const z = this.nodeZone[i] as number;
    if (this.counted[i] === COUNTED_READY) this.readyCount[z] = (this.readyCount[z] as number) - 1;
    else if (this.counted[i] === COUNTED_NOT_READY) this.notReadyCount[z] = (this.notReadyCount[z] as number) - 1;
    this.counted[i] = 0;
  }

  /**
   * Drops deleted nodes from the zone counts. A node is deleted only by the cloud provider, which
   * marks it (cloud.deletedAt) and sends the Node delete request: look for them after one.
   */
  private forgetDeletedNodes(): void {
    const deletes = this.store.requestCount('delete', 'Node');
    if (deletes === this.nodeDeletes) return;
    this.nodeDeletes = deletes;
    for (let i = 0; i < this.looked; i++) {
      if (this.counted[i] && (this.nodes[i] as NodeObject).cloud.deletedAt !== undefined) this.uncount(i);
    }
  }

  private queued(node: NodeObject): boolean {
    return this.isQueued[node.cloud.index] === 1;
  }

  /** The node's probe time moves to now if its lease renew time or Ready heartbeat moved since the last look. */
  private observe(node: NodeObject, i: number, now: Millis): void {
    if (this.probeTime[i] === undefined) {
      this.seenRenew[i] = this.leases.renewTime(i);
      this.seenHeartbeat[i] = node.status.lastHeartbeat;
      this.lastReady[i] = node.status.ready;
      this.setProbeTime(i, now);
      return;
    }
    this.seeRenewal(i, now);
    this.seeHeartbeat(node, i, now);
  }

  private seeRenewal(i: number, now: Millis): void {
    const renew = this.leases.renewTime(i);
    if (renew <= (this.seenRenew[i] as Millis)) return;
    this.seenRenew[i] = renew;
    if (this.probeTime[i] !== now) this.setProbeTime(i, now);
  }

  private seeHeartbeat(node: NodeObject, i: number, now: Millis): void {
    if (node.status.lastHeartbeat === this.seenHeartbeat[i]) return;
    this.seenHeartbeat[i] = node.status.lastHeartbeat;
    if (this.probeTime[i] !== now) this.setProbeTime(i, now);
  }

  private setProbeTime(i: number, now: Millis): void {
    this.probeTime[i] = now;
    this.probes.note(i, now);
  }

  private updateHealth(node: NodeObject, now: Millis): void {
    const i = node.cloud.index;
    this.observe(node, i, now);
    const grace = node.status.everPostedReady ? this.settings.nodeMonitorGracePeriod : this.settings.nodeStartupGracePeriod;
    if (now > (this.probeTime[i] as Millis) + grace && node.status.ready !== 'Unknown') {
      node.status.ready = 'Unknown';
      node.status.readyTransition = now;
      this.store.update('node-lifecycle-controller', node);
    }
    const was = this.lastReady[i];
    this.lastReady[i] = node.status.ready;
    if (was === 'True' && node.status.ready !== 'True') this.markPodsNotReady(node);
  }

  private markPodsNotReady(node: NodeObject): void {
    for (const pod of this.store.podsOnNode(node.metadata.name)) {
      if (!pod.status.ready) continue;
      pod.status.ready = false;
      pod.status.readyTransition = this.sim.now;
      this.store.update('node-lifecycle-controller', pod);
      this.podsMarkedNotReady++;
    }
  }

  private processTaints(node: NodeObject): void {
    const ready = node.status.ready;
    // NoSchedule: applied and removed at once with the condition.
    const wantNoSchedule = ready === 'Unknown' ? TAINT_UNREACHABLE : ready === 'False' ? TAINT_NOT_READY : undefined;
    let changed = this.setControllerTaint(node, 'NoSchedule', wantNoSchedule);
    // NoExecute: removed at once when Ready; swapped at once between the two; else queued.
    const zone = this.zone(node.cloud.zone);
    const current = controllerTaint(node, 'NoExecute');
    const wantNoExecute = ready === 'Unknown' ? TAINT_UNREACHABLE : ready === 'False' ? TAINT_NOT_READY : undefined;
    if (wantNoExecute === undefined) {
      changed = this.setControllerTaint(node, 'NoExecute', undefined) || changed;
      this.dequeue(zone, node.cloud.index);
    } else if (current && current.key !== wantNoExecute) {
      changed = this.setControllerTaint(node, 'NoExecute', wantNoExecute) || changed;
    } else if (!current && !this.allFullyDisrupted) {
      this.enqueue(zone, node.cloud.index);
    }
    if (changed) this.store.update('node-lifecycle-controller', node);
  }

  /** Makes the node's controller taint of this effect `key` (or none); returns whether it changed. */
  private setControllerTaint(node: NodeObject, effect: 'NoSchedule' | 'NoExecute', key: string | undefined): boolean {
    const current = controllerTaint(node, effect);
    if (current?.key === key) return false;
    if (current === undefined && key === undefined) return false;
    node.spec.taints = node.spec.taints.filter((t) => !(t.effect === effect && isControllerKey(t.key)));
    if (key !== undefined) {
      node.spec.taints.push({ key, effect, timeAdded: this.sim.now });
      if (effect === 'NoExecute') this.taintsApplied++;
    }
    return true;
  }

  // ---- NoExecute queue ---------------------------------------------------------------------

  private zone(name: string): ZoneQueue {
    let zone = this.zones.get(name);
    if (!zone) {
      zone = { nodes: [], queued: new Set(), qps: this.settings.nodeEvictionRate, tokens: 1, refilledAt: this.sim.now, state: 'Normal' };
      this.zones.set(name, zone);
    }
    return zone;
  }

  private enqueue(zone: ZoneQueue, node: number): void {
    if (zone.queued.has(node)) return;
    zone.queued.add(node);
    this.isQueued[node] = 1;
    zone.nodes.push(node);
    this.schedulePass(this.sim.now);
  }

  private dequeue(zone: ZoneQueue, node: number): void {
    if (!zone.queued.delete(node)) return;
    this.isQueued[node] = 0;
    zone.nodes.splice(zone.nodes.indexOf(node), 1);
  }

  /** Schedules the pass at the first 100 ms tick strictly after `after`. */
  private schedulePass(after: Millis): void {
    if (this.passPending) return;
    this.passPending = true;
    const tick = (Math.floor(after / NO_EXECUTE_PASS_PERIOD) + 1) * NO_EXECUTE_PASS_PERIOD;
    this.sim.at(tick, this.passKind);
  }

  private noExecutePass(): void {
    this.passPending = false;
    const now = this.sim.now;
    let nextTokenAt = Number.POSITIVE_INFINITY;
    for (const zone of [...this.zones.values()]) {
      while (zone.nodes.length > 0) {
        if (!this.takeToken(zone, now)) {
          if (zone.qps > 0) nextTokenAt = Math.min(nextTokenAt, now + Math.ceil(((1 - zone.tokens) / zone.qps) * 1000));
          break;
        }
        const index = zone.nodes.shift() as number;
        zone.queued.delete(index);
        this.isQueued[index] = 0;
        const node = this.nodes[index] as NodeObject;
        if (node.cloud.deletedAt !== undefined) continue; // gone since it was queued: nothing to taint (its token is spent, as upstream's)
        const key = node.status.ready === 'Unknown' ? TAINT_UNREACHABLE : node.status.ready === 'False' ? TAINT_NOT_READY : undefined;
        if (key !== undefined && this.setControllerTaint(node, 'NoExecute', key)) this.store.update('node-lifecycle-controller', node);
      }
    }
    if (nextTokenAt !== Number.POSITIVE_INFINITY) this.schedulePass(nextTokenAt - 1);
  }

  private takeToken(zone: ZoneQueue, now: Millis): boolean {
    if (zone.qps <= 0) return false;
    zone.tokens = Math.min(1, zone.tokens + ((now - zone.refilledAt) / 1000) * zone.qps);
    zone.refilledAt = now;
    if (zone.tokens < 1 - 1e-9) return false;
    zone.tokens -= 1;
    return true;
  }

  // ---- zone disruption ---------------------------------------------------------------------

  /** Zone states from this tick's ready / not-ready counts (by dense zone number). */
  private handleDisruption(now: Millis, ready: readonly number[], notReady: readonly number[]): void {
    const counts = new Map<string, { ready: number; notReady: number }>();
    this.zoneNames.forEach((name, z) => {
      if ((ready[z] ?? 0) + (notReady[z] ?? 0) > 0) counts.set(name, { ready: ready[z] ?? 0, notReady: notReady[z] ?? 0 });
    });
    const states = new Map<string, ZoneState>();
    for (const [name, c] of counts) {
      const state: ZoneState =
        c.ready === 0 && c.notReady > 0
          ? 'FullDisruption'
          : c.notReady > 2 && c.notReady / (c.notReady + c.ready) >= this.settings.unhealthyZoneThreshold
            ? 'PartialDisruption'
            : 'Normal';
      states.set(name, state);
    }
    const allFully = states.size > 0 && [...states.values()].every((s) => s === 'FullDisruption');
    if (allFully && !this.allFullyDisrupted) {
      // Every zone down at once: assume the control plane lost the network; stop evicting.
      for (const node of this.nodes) {
        if (this.setControllerTaint(node, 'NoExecute', undefined)) this.store.update('node-lifecycle-controller', node);
      }
      for (const [name, zone] of this.zonesOf(states)) {
        for (const index of zone.nodes) this.isQueued[index] = 0;
        zone.nodes = [];
        zone.queued.clear();
        this.setLimiter(zone, 0);
        zone.state = states.get(name) as ZoneState;
      }
    } else if (!allFully && this.allFullyDisrupted) {
      for (const node of this.nodes) if (this.probeTime[node.cloud.index] !== now) this.setProbeTime(node.cloud.index, now);
      for (const [name, zone] of this.zonesOf(states)) this.setZoneState(zone, states.get(name) as ZoneState, counts.get(name)!);
    } else if (!allFully) {
      for (const [name, zone] of this.zonesOf(states)) {
        const state = states.get(name) as ZoneState;
        if (state !== zone.state) this.setZoneState(zone, state, counts.get(name)!);
      }
    }
    this.allFullyDisrupted = allFully;
  }

  private zoneNumber(name: string): number {
    let z = this.zoneNumbers.get(name);
    if (z === undefined) {
      z = this.zoneNames.length;
      this.zoneNumbers.set(name, z);
      this.zoneNames.push(name);
      this.readyCount.push(0);
      this.notReadyCount.push(0);
    }
    return z;
  }

  private *zonesOf(states: Map<string, ZoneState>): Generator<[string, ZoneQueue]> {
    for (const name of states.keys()) yield [name, this.zone(name)];
  }

  private setZoneState(zone: ZoneQueue, state: ZoneState, count: { ready: number; notReady: number }): void {
    zone.state = state;
    const size = count.ready + count.notReady;
    const qps =
      state === 'PartialDisruption'
        ? size > this.settings.largeClusterSizeThreshold
          ? this.settings.secondaryNodeEvictionRate
          : 0
        : this.settings.nodeEvictionRate;
    this.setLimiter(zone, qps);
  }

  /** SwapLimiter: a new token bucket (full, burst 1) at the new rate, or a limiter that never accepts. */
  private setLimiter(zone: ZoneQueue, qps: number): void {
    if (zone.qps === qps) return;
    zone.qps = qps;
    zone.tokens = qps > 0 ? 1 : 0;
    zone.refilledAt = this.sim.now;
    if (zone.nodes.length > 0) this.schedulePass(this.sim.now);
  }
}

function isControllerKey(key: string): boolean {
  return key === TAINT_UNREACHABLE || key === TAINT_NOT_READY;
}

/** The node's not-ready / unreachable taint of this effect, if any. */
function controllerTaint(node: NodeObject, effect: 'NoSchedule' | 'NoExecute'): Taint | undefined {
  for (const taint of node.spec.taints) if (taint.effect === effect && isControllerKey(taint.key)) return taint;
  return undefined;
}
