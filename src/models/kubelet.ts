// The kubelets: one agent per node, driven by timers and by watching the pods bound to its node.
//
// Leases: each node renews its Lease every 0.25 × nodeLeaseDuration (10 s by default), at its own
// phase (its first renewal falls at a uniform offset within one interval, stream
// "kubelet.leasePhase", drawn in node order). Renewals go to the LeaseTable (hot state).
// Node status: the kubelet computes status every nodeStatusUpdateFrequency and posts it when it
// changed or nodeStatusReportFrequency (5 min) passed. A healthy node's status only changes when
// its kubelet (re)starts, so podsim posts at start and then every report period: the same
// writes, without an event per 10 s computation that changes nothing.
// Pods: a pod bound to the node is started: its uncached images are pulled one after another
// (serializeImagePulls, the kubelet default; images then stay cached on the node), its
// containers start (podStartup.containerStart), it turns Running, and Ready at the first
// readiness probe (initialDelaySeconds after the start; at once without a probe). A deleted pod
// stops serving at once, its containers stop (at most its grace period; podsim takes
// CONTAINER_STOP_TIME) and the kubelet removes it. A crashed container restarts with
// CrashLoopBackOff as upstream's doBackOff: at once the first time, then after 10 s, 20 s, ...
// up to 5 min; the back-off is forgotten after 10 min without a crash.
// Node crash: the kubelet goes silent (no lease, no status, no pod writes); its pods stop serving
// but the API still shows them as they were, until the node lifecycle controller notices.
// Repair: the kubelet starts again, posts Ready, removes the pods deleted meanwhile and restarts
// the containers of the others (images are still on disk).
// Stall (a kubelet that loses the API server for a while: a network blip, an overloaded API
// server): no lease, no status, no pod writes, no pod changes seen; running containers go on
// serving. When it resumes it renews its lease, posts Ready, marks its serving pods ready again
// (the node lifecycle controller may have marked them not ready), stops the pods deleted
// meanwhile and starts the ones bound meanwhile. Simplified: a pod start-up in flight when the
// stall begins starts its containers over at resume, a Job pod that finishes during the stall
// reports it at resume, and container crashes do not happen during a stall.
// Simplifications: init containers and liveness probes are not run; probes never fail unless
// the container is down; container stop takes CONTAINER_STOP_TIME (or the grace period if shorter).
// Upstream: pkg/kubelet/kubelet.go, kuberuntime_manager.go (doBackOff), prober, nodelease,
// kubelet_node_status.go. Streams: kubelet.leasePhase, kubelet.imagePull, kubelet.containerStart,
// kubelet.jobRun.

import { NO_EVENT, SECOND, type Distribution, type EventHandle, type EventKind, type FixedDelayLane, type Millis, type RandomStreams, type Simulation } from '../kernel/index.js';
import type { NodeObject, PodObject } from './api/objects.js';
import type { ObjectStore, WatchEvent } from './api/store.js';
import type { LeaseTable } from './lease-table.js';
import { mergeSorted } from './sorted-names.js';

export const CONTAINER_STOP_TIME: Millis = 1 * SECOND;
export const CRASH_LOOP_INITIAL: Millis = 10 * SECOND;
export const CRASH_LOOP_MAX: Millis = 300 * SECOND;

export interface KubeletSettings {
  leaseRenewInterval: Millis;
  statusReportFrequency: Millis;
  imagePull: Distribution;
  containerStart: Distribution;
}

/** Told whenever a pod starts or stops really serving (node up, container running, ready). */
export interface ServingListener {
  servingChanged(pod: PodObject, serving: boolean): void;
}

/** Told whenever a pod's containers (re)start running. */
export interface ContainerListener {
  containerStarted(pod: PodObject): void;
}

type Step = 'pulled' | 'started' | 'probe' | 'restart' | 'stopped';

interface PodRuntime {
  pod: PodObject;
  node: number;
  step: Step;
  timer: EventHandle;
  /** A Job pod's end of work, separate from the start-up and probe timer. */
  jobTimer: EventHandle;
  running: boolean;
  serving: boolean;
  backoff: Millis;
  backoffUpdatedAt: Millis;
  /** A step that was in flight when the kubelet stalled: taken up again at resume. */
  frozen?: boolean;
  /** A Job pod that finished while the kubelet was stalled: reported at resume. */
  finishedWhileStalled?: boolean;
}

export class Kubelets {
  private readonly renewHandles: EventHandle[] = [];
  private readonly renewLane: FixedDelayLane; // renewals after the first, at now + leaseRenewInterval: O(1) each
  private readonly statusHandles: EventHandle[] = [];
  private readonly statusLane: FixedDelayLane; // status reports, each at now + statusReportFrequency
  private readonly up: boolean[] = [];
  private readonly stalled: boolean[] = [];
  private readonly images: Array<Map<string, Millis>> = []; // image → time it is (or will be) on disk
  private readonly pullQueueFreeAt: Millis[] = [];
  private readonly reportedImages: Array<{ list: readonly string[]; set: Set<string> } | undefined> = [];
  private readonly runtimes = new Map<number, PodRuntime>(); // by pod uid
  /** Per node: bumped whenever a pod's containers start or stop there, or the node dies or returns. */
  private readonly containerChanges: number[] = [];
  private readonly renewKind: EventKind<number>;
  private readonly statusKind: EventKind<number>;
  private readonly podKind: EventKind<PodRuntime>;
  private readonly jobKind: EventKind<PodRuntime>;
  private readonly listeners: ServingListener[] = [];
  private readonly containerListeners: ContainerListener[] = [];
  private started = false;
  podStarts = 0;
  containerRestarts = 0;

  constructor(
    private readonly sim: Simulation,
    private readonly streams: RandomStreams,
    private readonly store: ObjectStore,
    private readonly nodes: readonly NodeObject[],
    private readonly leases: LeaseTable,
    private readonly settings: KubeletSettings,
  ) {
    this.renewKind = sim.define('kubelet.renewLease', (node: number) => this.renew(node));
    this.renewLane = sim.fixedDelay(settings.leaseRenewInterval);
    this.statusLane = sim.fixedDelay(settings.statusReportFrequency);
    this.statusKind = sim.define('kubelet.reportStatus', (node: number) => this.reportStatus(node));
    this.podKind = sim.define('kubelet.pod', (runtime: PodRuntime) => this.advance(runtime));
    this.jobKind = sim.define('kubelet.podFinished', (runtime: PodRuntime) => this.finish(runtime));
    store.watch('Pod', (event) => this.onPod(event));
    // A node added later (the cluster autoscaler, a test) gets its kubelet when it registers.
    store.watch('Node', (event) => {
      const index = event.object.cloud.index;
      if (event.type === 'ADDED' && this.started && this.up[index] === undefined) {
        this.startNode(index, this.streams.get('kubelet.leasePhase').int(this.settings.leaseRenewInterval));
      }
      if (event.type === 'DELETED') this.stop(index); // the VM is gone
    });
  }

  addServingListener(listener: ServingListener): void {
    this.listeners.push(listener);
  }

  addContainerListener(listener: ContainerListener): void {
    this.containerListeners.push(listener);
  }

  /** Starts the kubelets of all nodes known now (at time 0: the initial nodes). */
  start(): void {
    this.started = true;
    const phase = this.streams.get('kubelet.leasePhase');
    for (const node of this.nodes) this.startNode(node.cloud.index, phase.int(this.settings.leaseRenewInterval));
  }

  isRunning(node: number): boolean {
    return this.up[node] === true;
  }

  /** Alive and in touch with the API server. */
  isResponsive(node: number): boolean {
    return this.up[node] === true && this.stalled[node] !== true;
  }

  isServing(pod: PodObject): boolean {
    return this.runtimes.get(pod.metadata.uid)?.serving === true;
  }

  /** Whether the pod's containers are running (on a live node), ready or not. */
  containerRunning(pod: PodObject): boolean {
    const runtime = this.runtimes.get(pod.metadata.uid);
    return runtime !== undefined && runtime.running && this.up[runtime.node] === true;
  }

  /** A number that changes whenever containerRunning may have changed for a pod on the node. */
  containerStateVersion(node: number): number {
    return this.containerChanges[node] ?? 0;
  }

  /** The node died: its kubelet goes silent and its containers stop. */
  stop(node: number): void {
    if (!this.up[node]) return;
    this.up[node] = false;
    this.containersChanged(node);
    this.stalled[node] = false;
    this.sim.cancel(this.renewHandles[node] ?? NO_EVENT);
    this.sim.cancel(this.statusHandles[node] ?? NO_EVENT);
    for (const pod of this.store.podsOnNode(this.nameOf(node))) {
      const runtime = this.runtimes.get(pod.metadata.uid);
      if (!runtime) continue;
      this.sim.cancel(runtime.timer);
      this.sim.cancel(runtime.jobTimer);
      this.setRunning(runtime, false);
      runtime.frozen = false;
      runtime.finishedWhileStalled = false;
      this.setServing(runtime, false);
    }
  }

  /** The kubelet loses the API server: it goes silent, its running containers go on serving. */
  stall(node: number): void {
    if (!this.isResponsive(node)) return;
    this.stalled[node] = true;
    this.sim.cancel(this.renewHandles[node] ?? NO_EVENT);
    this.sim.cancel(this.statusHandles[node] ?? NO_EVENT);
    for (const pod of this.store.podsOnNode(this.nameOf(node))) {
      const runtime = this.runtimes.get(pod.metadata.uid);
      if (!runtime || runtime.timer === NO_EVENT) continue;
      this.sim.cancel(runtime.timer);
      runtime.timer = NO_EVENT;
      runtime.frozen = true;
    }
  }

  /** The kubelet reaches the API server again and catches up with what changed meanwhile. */
  resume(node: number): void {
    if (!this.up[node] || !this.stalled[node]) return;
    this.stalled[node] = false;
    this.renew(node);
    this.reportStatus(node);
    for (const pod of [...this.store.podsOnNode(this.nameOf(node))]) {
      const runtime = this.runtimes.get(pod.metadata.uid);
      if (!runtime) {
        if (pod.metadata.deletionTimestamp !== undefined) this.store.delete('kubelet', pod);
        else if (pod.status.phase === 'Pending') this.admit(pod, node); // bound meanwhile
        continue;
      }
      const frozen = runtime.frozen === true;
      runtime.frozen = false;
      if (pod.metadata.deletionTimestamp !== undefined) {
        if (runtime.step !== 'stopped') this.beginStop(runtime);
        else if (frozen) this.schedule(runtime, 'stopped', 0);
      } else if (runtime.finishedWhileStalled) {
        runtime.finishedWhileStalled = false;
        this.finish(runtime);
      } else if (frozen) {
        this.startContainers(runtime);
      } else if (runtime.serving && !pod.status.ready) {
        pod.status.ready = true;
        pod.status.readyTransition = this.sim.now;
        this.store.update('kubelet', pod);
      }
    }
  }

  /** The node is back: the kubelet starts, posts Ready and resyncs its pods. */
  restart(node: number): void {
    if (this.up[node] || (this.nodes[node] as NodeObject).cloud.deletedAt !== undefined) return;
    this.startNode(node, 0);
    for (const pod of [...this.store.podsOnNode(this.nameOf(node))]) {
      const runtime = this.runtimes.get(pod.metadata.uid);
      if (pod.metadata.deletionTimestamp !== undefined) {
        this.forget(pod);
        this.store.delete('kubelet', pod);
        continue;
      }
      if (!runtime) {
        if (pod.status.phase === 'Pending') this.admit(pod, node); // bound while the node was down
        continue;
      }
      if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
      if (pod.status.ready) {
        pod.status.ready = false;
        pod.status.readyTransition = this.sim.now;
        this.store.update('kubelet', pod);
      }
      this.startContainers(runtime);
    }
  }

  /** A container of the pod exits unexpectedly: restart it with CrashLoopBackOff. */
  crashContainer(pod: PodObject, reason = 'CrashLoopBackOff'): boolean {
    const runtime = this.runtimes.get(pod.metadata.uid);
    if (!runtime || !runtime.running || !this.isResponsive(runtime.node) || pod.metadata.deletionTimestamp !== undefined) return false;
    this.sim.cancel(runtime.timer);
    this.sim.cancel(runtime.jobTimer);
    this.setRunning(runtime, false);
    this.setServing(runtime, false);
    pod.status.restartCount++;
    pod.status.reason = reason;
    if (pod.status.ready) {
      pod.status.ready = false;
      pod.status.readyTransition = this.sim.now;
    }
    this.store.update('kubelet', pod);
    const now = this.sim.now;
    // doBackOff: no (or an expired) back-off entry → restart now and start one at 10 s.
    const expired = runtime.backoff === 0 || now - runtime.backoffUpdatedAt > 2 * CRASH_LOOP_MAX;
    const delay = expired ? 0 : runtime.backoff;
    runtime.backoff = expired ? CRASH_LOOP_INITIAL : Math.min(2 * runtime.backoff, CRASH_LOOP_MAX);
    runtime.backoffUpdatedAt = now;
    this.schedule(runtime, 'restart', delay);
    return true;
  }

  // ---- node agent --------------------------------------------------------------------------

  private startNode(node: number, firstRenewal: Millis): void {
    this.up[node] = true;
    this.containersChanged(node);
    this.images[node] ??= new Map();
    this.pullQueueFreeAt[node] ??= 0;
    this.renewHandles[node] = this.sim.after(firstRenewal, this.renewKind, node);
    this.reportStatus(node);
  }

  private renew(node: number): void {
    this.leases.renew(node, this.sim.now);
    this.renewHandles[node] = this.renewLane.schedule(this.renewKind, node);
  }

  private reportStatus(node: number): void {
    const object = this.nodes[node] as NodeObject;
    const now = this.sim.now;
    if (object.status.ready !== 'True') {
      object.status.ready = 'True';
      object.status.readyTransition = now;
    }
    object.status.lastHeartbeat = now;
    object.status.everPostedReady = true;
    this.store.update('kubelet', object);
    this.leases.statusPosted(node);
    this.statusHandles[node] = this.statusLane.schedule(this.statusKind, node);
  }

  /**
   * The node's reported images (status.images) as a set, rebuilt when someone else replaced the
   * list: scanning the list for each started pod compared dozens of scattered strings.
   */
  private reportedImageSet(node: number): { list: readonly string[]; set: Set<string> } {
    const list = (this.nodes[node] as NodeObject).status.images;
    let cached = this.reportedImages[node];
    if (cached?.list !== list) {
      cached = { list, set: new Set(list) };
      this.reportedImages[node] = cached;
    }
    return cached;
  }

  private nameOf(node: number): string {
    return (this.nodes[node] as NodeObject).metadata.name;
  }

  // ---- pods --------------------------------------------------------------------------------

  private onPod(event: WatchEvent<PodObject>): void {
    const pod = event.object;
    if (event.type === 'DELETED') {
      this.forget(pod);
      return;
    }
    const nodeName = pod.spec.nodeName;
    // Only a deletion or a pod still Pending can ask something of the kubelet: the status writes
    // of running pods (most pod events) need no lookups.
    if (nodeName === undefined || (pod.metadata.deletionTimestamp === undefined && pod.status.phase !== 'Pending')) return;
    const node = this.indexOf(nodeName);
    if (node === undefined || !this.isResponsive(node)) return;
    const runtime = this.runtimes.get(pod.metadata.uid);
    if (pod.metadata.deletionTimestamp !== undefined) {
      if (runtime && runtime.step !== 'stopped') this.beginStop(runtime);
      else if (!runtime) this.store.delete('kubelet', pod);
      return;
    }
    if (!runtime && pod.status.phase === 'Pending') this.admit(pod, node);
  }

  private indexOf(nodeName: string): number | undefined {
    // Node names are <pool>-<ordinal>; the store keeps one Node object per name.
    return this.store.get('Node', '', nodeName)?.cloud.index;
  }

  private admit(pod: PodObject, node: number): void {
    const runtime: PodRuntime = { pod, node, step: 'pulled', timer: NO_EVENT, jobTimer: NO_EVENT, running: false, serving: false, backoff: 0, backoffUpdatedAt: 0 };
    this.runtimes.set(pod.metadata.uid, runtime);
    this.podStarts++;
    pod.status.startTime = this.sim.now;
    this.store.update('kubelet', pod);
    // Pull the images not yet on the node, one after another across the node.
    const images = this.images[node] as Map<string, Millis>;
    let readyAt = this.sim.now;
    for (const container of pod.spec.containers) {
      let onDisk = images.get(container.image);
      if (onDisk === undefined) {
        const start = Math.max(this.sim.now, this.pullQueueFreeAt[node] as number);
        onDisk = start + this.settings.imagePull.sample(this.streams.get('kubelet.imagePull'));
        this.pullQueueFreeAt[node] = onDisk;
        images.set(container.image, onDisk);
      }
      readyAt = Math.max(readyAt, onDisk);
    }
    this.scheduleAt(runtime, 'pulled', readyAt);
  }

  private advance(runtime: PodRuntime): void {
    runtime.timer = NO_EVENT;
    const pod = runtime.pod;
    switch (runtime.step) {
      case 'pulled': {
        // The node reports the images it now holds (the scheduler's ImageLocality reads them).
        const node = this.nodes[runtime.node] as NodeObject;
        const reported = this.reportedImageSet(runtime.node);
        let fresh: string[] | undefined;
        for (const { image } of pod.spec.containers) if (!reported.set.has(image) && !fresh?.includes(image)) (fresh ??= []).push(image);
        if (fresh) {
          node.status.images = mergeSorted(node.status.images, fresh.sort());
          // The new list is the old one plus `fresh`: extend the set rather than rebuild it.
          for (const image of fresh) reported.set.add(image);
          reported.list = node.status.images;
          this.store.update('kubelet', node);
        }
        this.startContainers(runtime);
        return;
      }
      case 'restart':
        this.startContainers(runtime);
        return;
      case 'started': {
        this.setRunning(runtime, true);
        if (runtime.backoff > 0) this.containerRestarts++;
        pod.status.phase = 'Running';
        pod.status.reason = undefined;
        this.store.update('kubelet', pod);
        let probe = 0;
        for (const container of pod.spec.containers) probe = Math.max(probe, container.readinessProbe?.initialDelay ?? 0);
        this.schedule(runtime, 'probe', probe);
        for (const listener of this.containerListeners) listener.containerStarted(pod);
        if (pod.spec.runDuration) {
          // A Job pod's work takes runDuration from its container start; it then exits successfully.
          const duration = pod.spec.runDuration.sample(this.streams.get('kubelet.jobRun'));
          runtime.jobTimer = this.sim.after(duration, this.jobKind, runtime);
        }
        return;
      }
      case 'probe':
        if (!runtime.running) return;
        pod.status.ready = true;
        pod.status.everReady = true;
        pod.status.readyTransition = this.sim.now;
        this.store.update('kubelet', pod);
        this.setServing(runtime, true);
        return;
      case 'stopped':
        this.forget(pod);
        this.store.delete('kubelet', pod);
        return;
    }
  }

  private finish(runtime: PodRuntime): void {
    runtime.jobTimer = NO_EVENT;
    if (this.stalled[runtime.node]) {
      runtime.finishedWhileStalled = true;
      return;
    }
    const pod = runtime.pod;
    this.sim.cancel(runtime.timer);
    this.setRunning(runtime, false);
    this.setServing(runtime, false);
    pod.status.phase = 'Succeeded';
    if (pod.status.ready) {
      pod.status.ready = false;
      pod.status.readyTransition = this.sim.now;
    }
    this.store.update('kubelet', pod);
  }

  private beginStop(runtime: PodRuntime): void {
    this.sim.cancel(runtime.timer);
    this.sim.cancel(runtime.jobTimer);
    this.setRunning(runtime, false);
    this.setServing(runtime, false);
    const grace = runtime.pod.metadata.deletionGracePeriod ?? runtime.pod.spec.terminationGracePeriod;
    this.schedule(runtime, 'stopped', Math.min(grace, CONTAINER_STOP_TIME));
  }

  private forget(pod: PodObject): void {
    const runtime = this.runtimes.get(pod.metadata.uid);
    if (!runtime) return;
    this.sim.cancel(runtime.timer);
    this.sim.cancel(runtime.jobTimer);
    this.setServing(runtime, false);
    if (runtime.running) this.containersChanged(runtime.node);
    this.runtimes.delete(pod.metadata.uid);
  }

  /** The containers start after a drawn container-start time. */
  private startContainers(runtime: PodRuntime): void {
    this.schedule(runtime, 'started', this.settings.containerStart.sample(this.streams.get('kubelet.containerStart')));
  }

  private schedule(runtime: PodRuntime, step: Step, delay: Millis): void {
    this.scheduleAt(runtime, step, this.sim.now + delay);
  }

  private scheduleAt(runtime: PodRuntime, step: Step, time: Millis): void {
    runtime.step = step;
    runtime.timer = this.sim.at(time, this.podKind, runtime);
  }

  private setRunning(runtime: PodRuntime, running: boolean): void {
    if (runtime.running === running) return;
    runtime.running = running;
    this.containersChanged(runtime.node);
  }

  private containersChanged(node: number): void {
    this.containerChanges[node] = (this.containerChanges[node] ?? 0) + 1;
  }

  private setServing(runtime: PodRuntime, serving: boolean): void {
    if (runtime.serving === serving) return;
    runtime.serving = serving;
    for (const listener of this.listeners) listener.servingChanged(runtime.pod, serving);
  }
}
