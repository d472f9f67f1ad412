// The simulated Kubernetes world: the object store (API server) and every component, built on
// one Simulation from a ClusterConfig. Components talk only through the store; observers
// (metrics) subscribe through listener interfaces and never change the world.

import type { RandomStreams, Simulation } from '../kernel/index.js';
import type { PodObject } from './api/objects.js';
import { admitPod } from './api/admission.js';
import { ObjectStore } from './api/store.js';
import { CloudProvider } from './cloud-provider.js';
import type { ClusterConfig } from './config.js';
import { ContainerCrashes } from './faults/container-crash.js';
import { KUBELET_STALL, NodeFaults, type NodeCrashListener } from './faults/node-crash.js';
import { Kubelets } from './kubelet.js';
import { LeaseTable } from './lease-table.js';
import { NodeLifecycleController } from './node-lifecycle-controller.js';
import { TaintEvictionController } from './taint-eviction-controller.js';
import { DaemonSetController } from './controllers/daemonset-controller.js';
import { DeploymentController } from './controllers/deployment-controller.js';
import { DisruptionController } from './controllers/disruption-controller.js';
import { EndpointsController } from './controllers/endpoints-controller.js';
import { JobController } from './controllers/job-controller.js';
import { ReplicaSetController } from './controllers/replicaset-controller.js';
import { StatefulSetController } from './controllers/statefulset-controller.js';
import { defaultProfile, type ScorePlugin } from './scheduler/profile.js';
import { Scheduler } from './scheduler/scheduler.js';
import { VolumeBinder } from './volume-binder.js';
import { PodUsage } from './pod-usage.js';
import { ServiceTracker } from './traffic.js';
import { ScheduledScaling } from './scheduled-scaling.js';
import { VpaController } from './autoscaling/vpa/vpa-controller.js';
import { HpaController } from './autoscaling/hpa/hpa-controller.js';
import { MetricsServer } from './autoscaling/metrics-server.js';
import { CLUSTER_AUTOSCALER_DEFAULTS, ClusterAutoscaler } from './autoscaling/cluster-autoscaler/cluster-autoscaler.js';

/** kubelet lease renew interval: nodeLeaseRenewIntervalFraction (0.25) × lease duration. */
export const LEASE_RENEW_FRACTION = 0.25;

export class World {
  readonly store: ObjectStore;
  readonly cloud: CloudProvider;
  readonly leases: LeaseTable;
  readonly kubelets: Kubelets;
  readonly nodeLifecycle: NodeLifecycleController;
  readonly taintEviction: TaintEvictionController;
  readonly nodeCrashes: NodeFaults;
  readonly kubeletStalls: NodeFaults;
  readonly containerCrashes: ContainerCrashes;
  readonly scheduler: Scheduler;
  readonly services: ServiceTracker;
  readonly podUsage: PodUsage;
  readonly metricsServer: MetricsServer;
  readonly hpa: HpaController;
  readonly clusterAutoscaler: ClusterAutoscaler;
  readonly scheduledScaling: ScheduledScaling;
  readonly vpa: VpaController;
  readonly controllers: {
    replicaSet: ReplicaSetController;
    deployment: DeploymentController;
    statefulSet: StatefulSetController;
    daemonSet: DaemonSetController;
    job: JobController;
    endpoints: EndpointsController;
    disruption: DisruptionController;
  };

  constructor(
    readonly sim: Simulation,
    readonly streams: RandomStreams,
    readonly config: ClusterConfig,
    listeners: { nodeCrash?: NodeCrashListener[] } = {},
  ) {
    const cp = config.controlPlane;
    // Admission: default tolerations, then the VPA's recommended requests (bound once it exists).
    let admitVpa = (_pod: PodObject): void => {};
    this.store = new ObjectStore(sim, (pod) => {
      admitPod(pod, cp);
      admitVpa(pod);
    });
    this.cloud = new CloudProvider(this.store, config.nodePools);
    this.cloud.provisionInitialNodes();
    const nodes = this.cloud.nodes;
    this.leases = new LeaseTable();
    this.kubelets = new Kubelets(sim, streams, this.store, nodes, this.leases, {
      leaseRenewInterval: Math.round(cp.nodeLeaseDuration * LEASE_RENEW_FRACTION),
      statusReportFrequency: cp.nodeStatusReportFrequency,
      imagePull: config.podStartup.imagePull,
      containerStart: config.podStartup.containerStart,
    });
    this.nodeLifecycle = new NodeLifecycleController(sim, this.store, nodes, this.leases, cp);
    this.taintEviction = new TaintEvictionController(sim, this.store);
    this.nodeCrashes = new NodeFaults(sim, streams, nodes, config.nodeCrashes, this.kubelets, listeners.nodeCrash);
    const kubelets = this.kubelets;
    const stallTarget = { isRunning: (n: number) => kubelets.isResponsive(n), stop: (n: number) => kubelets.stall(n), restart: (n: number) => kubelets.resume(n) };
    this.kubeletStalls = new NodeFaults(sim, streams, nodes, config.kubeletStalls, stallTarget, [], KUBELET_STALL);
    this.containerCrashes = new ContainerCrashes(sim, streams, this.kubelets, config.containerCrashes);
    const s = cp.scheduler;
    const profile = defaultProfile({
      scoringStrategy: s.scoringStrategy,
      percentageOfNodesToScore: s.percentageOfNodesToScore,
      ...(s.resources ? { resources: s.resources } : {}),
      ...(s.shape ? { shape: s.shape } : {}),
      weights: Object.fromEntries(Object.entries(s.pluginWeights ?? {}).filter(([, w]) => w !== undefined)) as Partial<Record<ScorePlugin, number>> as Record<ScorePlugin, number>,
    });
    this.scheduler = new Scheduler(sim, streams, this.store, new VolumeBinder(this.store), profile);
    this.controllers = {
      replicaSet: new ReplicaSetController(sim, this.store),
      deployment: new DeploymentController(sim, this.store),
      statefulSet: new StatefulSetController(sim, this.store),
      daemonSet: new DaemonSetController(sim, this.store),
      job: new JobController(sim, this.store),
      endpoints: new EndpointsController(sim, this.store),
      disruption: new DisruptionController(sim, this.store),
    };
    const serviceKeys = config.objects.filter((o) => o.kind === 'Service').map((o) => o.metadata);
    this.services = new ServiceTracker(this.store, this.kubelets, serviceKeys);
    this.podUsage = new PodUsage(this.store, this.kubelets, this.services, config.traffic, () => sim.now);
    // Declared before the HPA controller reads it: the scrape list is the HPAs' target pods.
    let targeted = (): PodObject[] => [];
    this.metricsServer = new MetricsServer(sim, streams, this.podUsage, () => targeted(), config.metricsNoise);
    this.hpa = new HpaController(sim, this.store, this.metricsServer, this.podUsage);
    targeted = () => this.hpa.targetedPods();
    this.clusterAutoscaler = new ClusterAutoscaler(sim, streams, this.store, this.cloud, config.nodePools, { ...CLUSTER_AUTOSCALER_DEFAULTS, ...config.clusterAutoscaler });
    this.scheduledScaling = new ScheduledScaling(sim, this.store, this.clusterAutoscaler, config.scheduledScaling);
    this.vpa = new VpaController(sim, this.store, this.kubelets, this.podUsage);
    admitVpa = (pod) => this.vpa.admit(pod);
  }

  start(): void {
    for (const object of this.config.objects) this.store.create('scenario', object);
    this.kubelets.start();
    this.nodeLifecycle.start();
    this.scheduler.start();
    if (this.config.objects.some((o) => o.kind === 'HorizontalPodAutoscaler')) this.metricsServer.start();
    this.clusterAutoscaler.start();
    this.scheduledScaling.start();
    this.vpa.start();
    this.nodeCrashes.start();
    this.kubeletStalls.start();
  }
}
