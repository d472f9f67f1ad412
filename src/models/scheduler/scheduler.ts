// kube-scheduler: takes pending pods from the scheduling queue one at a time (each attempt is
// one event, at the virtual time it happens; scheduling itself takes no virtual time), filters
// the nodes (plugins.ts) starting at a round-robin index and stopping once
// numFeasibleNodesToFind nodes fit (adaptive percentageOfNodesToScore), scores the feasible
// nodes with the profile's weighted plugins, picks the best (ties broken by reservoir sampling
// on the stream "scheduler.selectHost") and binds: the pod's nodeName is set, its pending
// volumes are provisioned in the node's zone, and the pod is assumed on the node. A pod that
// fits nowhere keeps upstream's message ("0/9 nodes are available: 3 Insufficient cpu, ...")
// in its status and waits in the queue for a cluster change.
// Upstream: pkg/scheduler/schedule_one.go, framework/runtime, backend/queue.
// Simplifications: no preemption, no extenders, one profile; binding is instant.

import type { EventKind, RandomStreams, Simulation } from '../../kernel/index.js';
import type { NodeObject, PodObject, ServiceObject } from '../api/objects.js';
import type { LabelSelector, Labels } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import type { VolumeBinder } from '../volume-binder.js';
import { numFeasibleNodesToFind } from './algorithms/feasible-nodes.js';
import { selectHostIndex } from './algorithms/select-host.js';
import { ClusterSnapshot, type NodeState } from './cluster-snapshot.js';
import { CycleState, defaultSpreadSelector, filterNode, scoreNodes } from './plugins.js';
import type { SchedulerProfile } from './profile.js';
import { SchedulingQueue } from './scheduling-queue.js';

export class Scheduler {
  readonly snapshot: ClusterSnapshot;
  readonly queue: SchedulingQueue;
  private cyclePending = false;
  private readonly cycleKind: EventKind<void>;
  private nextStartNodeIndex = 0;
  attempts = 0;
  bound = 0;
  failures = 0;
  /**
   * The slots of the current attempt's feasible nodes, reused by every attempt (one runs at a
   * time and nothing keeps the list): growing a fresh array to hundreds of nodes per pod was garbage.
   */
  private feasibleScratch = new Int32Array(1024);
  private readonly imagesOnNodes = (image: string): number => this.snapshot.nodesWithImage(image);
  private readonly defaultSelectors = new WeakMap<
    Labels,
    { services: readonly ServiceObject[]; ownerSelector: LabelSelector | undefined; namespace: string; selector: LabelSelector | undefined }
  >();
  /** How long each bound pod waited from creation to binding (ms), in binding order. */
  readonly waits: number[] = [];

  constructor(
    private readonly sim: Simulation,
    private readonly streams: RandomStreams,
    private readonly store: ObjectStore,
    private readonly volumes: VolumeBinder,
    private readonly profile: SchedulerProfile,
  ) {
    this.snapshot = new ClusterSnapshot(store);
    this.queue = new SchedulingQueue(sim, () => this.requestCycle());
    this.cycleKind = sim.define('scheduler.scheduleOne', () => this.scheduleOne());
    store.watch('Pod', (event) => {
      const pod = event.object;
      if (event.type === 'DELETED' || pod.spec.nodeName !== undefined || pod.metadata.deletionTimestamp !== undefined) {
        this.queue.remove(pod);
        // A pod leaving a node frees room: unschedulable pods may fit now.
        if (event.type === 'DELETED' && pod.spec.nodeName !== undefined) this.queue.moveAllToActiveOrBackoff();
      } else {
        this.queue.add(pod);
      }
    });
    store.watch('Node', (event) => {
      if (event.type !== 'DELETED' && this.snapshot.schedulingFieldsChanged(event.object)) this.queue.moveAllToActiveOrBackoff();
    });
    store.watch('PersistentVolumeClaim', () => this.queue.moveAllToActiveOrBackoff());
  }

  start(): void {
    this.queue.start();
  }

  private requestCycle(): void {
    if (this.cyclePending) return;
    this.cyclePending = true;
    this.sim.at(this.sim.now, this.cycleKind);
  }

  private scheduleOne(): void {
    this.cyclePending = false;
    const pod = this.queue.pop();
    if (pod) this.attempt(pod);
    if (this.queue.activeCount > 0) this.requestCycle();
  }

  private attempt(pod: PodObject): void {
    if (!this.store.holds(pod) || pod.spec.nodeName !== undefined) return;
    this.attempts++;
    const missing = this.volumes.missingClaims(pod);
    if (missing.length > 0) {
      this.fail(pod, `0/${this.snapshot.nodes.size} nodes are available: persistentvolumeclaim "${missing[0]}" not found.`);
      return;
    }
    const slots = this.snapshot.nodeSlots();
    const nodeCount = slots.length;
    const cycle = new CycleState(pod, this.snapshot, this.volumes, this.defaultSelector(pod));
    const wanted = numFeasibleNodesToFind(nodeCount, this.profile.percentageOfNodesToScore);
    if (this.feasibleScratch.length < nodeCount) this.feasibleScratch = new Int32Array(2 * nodeCount);
    const feasible = this.feasibleScratch;
    let found = 0;
    let reasons: Map<string, number> | undefined; // made once a node is rejected
    let processed = 0;
    // The round-robin position, wrapped by hand rather than with a remainder per node visit.
    let index = nodeCount > 0 ? this.nextStartNodeIndex % nodeCount : 0;
    for (let i = 0; i < nodeCount && found < wanted; i++) {
      const slot = slots[index] as number;
      if (++index === nodeCount) index = 0;
      processed++;
      const rejected = filterNode(slot, cycle);
      if (rejected === undefined) feasible[found++] = slot;
      else {
        reasons ??= new Map();
        for (const reason of rejected) reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
      }
    }
    if (nodeCount > 0) this.nextStartNodeIndex = (this.nextStartNodeIndex + processed) % nodeCount;
    if (found === 0) {
      // Upstream FitError: "<count> <reason>" strings, sorted.
      const summary = [...(reasons ?? [])].map(([reason, count]) => `${count} ${reason}`).sort().join(', ');
      this.fail(pod, `0/${nodeCount} nodes are available: ${summary || 'no nodes'}.`);
      return;
    }
    let chosen: NodeState;
    if (found === 1) {
      chosen = this.snapshot.states[feasible[0] as number] as NodeState;
    } else {
      const scores = scoreNodes(feasible, found, cycle, this.profile, nodeCount, this.imagesOnNodes);
      const best = selectHostIndex(scores, found, this.streams.get('scheduler.selectHost'));
      chosen = this.snapshot.states[feasible[best] as number] as NodeState;
    }
    this.bind(pod, chosen.node, cycle);
  }

  private bind(pod: PodObject, node: NodeObject, cycle: CycleState): void {
    this.queue.remove(pod);
    this.snapshot.assume(pod, node.metadata.name, cycle.requests, cycle.nonZeroRequests);
    this.volumes.bindPodVolumes(pod, node);
    pod.spec.nodeName = node.metadata.name;
    pod.status.scheduled = true;
    pod.status.unschedulableReason = undefined;
    this.store.update('scheduler', pod);
    this.bound++;
    this.waits.push(this.sim.now - pod.metadata.creationTimestamp);
  }

  private fail(pod: PodObject, message: string): void {
    this.failures++;
    if (pod.status.unschedulableReason !== message) {
      pod.status.unschedulableReason = message;
      pod.status.scheduled = false;
      this.store.update('scheduler', pod);
    }
    this.queue.unschedulableAgain(pod);
  }

  /**
   * The selector of the system-default spreading constraints. The same object while the pod's
   * labels object, the Services selecting it and its owner's selector are the same ones (pods of
   * a ReplicaSet share their labels object): the spread tallies are kept per selector object.
   */
  private defaultSelector(pod: PodObject): LabelSelector | undefined {
    const servicesSelecting = this.store.servicesSelecting(pod);
    const owner = pod.metadata.ownerReference;
    let ownerSelector: LabelSelector | undefined;
    if (owner?.kind === 'ReplicaSet') ownerSelector = this.store.get('ReplicaSet', pod.metadata.namespace, owner.name)?.spec.selector;
    else if (owner?.kind === 'StatefulSet') ownerSelector = this.store.get('StatefulSet', pod.metadata.namespace, owner.name)?.spec.selector;
    const labels = pod.metadata.labels;
    const cached = this.defaultSelectors.get(labels);
    if (cached?.services === servicesSelecting && cached.ownerSelector === ownerSelector && cached.namespace === pod.metadata.namespace) return cached.selector;
    const services = servicesSelecting.map((s) => ({ namespace: s.metadata.namespace, selector: s.spec.selector }));
    const selector = defaultSpreadSelector(pod, services, ownerSelector);
    this.defaultSelectors.set(labels, { services: servicesSelecting, ownerSelector, namespace: pod.metadata.namespace, selector });
    return selector;
  }
}
