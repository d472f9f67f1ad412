// RunResult: everything a run reports, as plain data. summary.json is this object (DESIGN.md
// section 6 keys; times in seconds, money in the scenario's currency, ratios as fractions).

export interface ServiceResult {
  name: string;
  /** Serving endpoints needed to count as up. */
  minReady: number;
  /** Fraction of the measured time (from first up) it was up. */
  availability: number;
  /** −log10(1 − availability); null when no downtime was observed. */
  nines: number | null;
  downtimeSeconds: number;
  /** From the start until the Service was first up: not measured (cold start). */
  warmupSeconds: number;
  incidents: number;
  requestsOffered: number;
  requestsServed: number;
  requestsFailed: number;
  /** served / offered; null without traffic. */
  requestAvailability: number | null;
  slo: { objective: number; errorBudgetSeconds: number; errorBudgetUsed: number; met: boolean } | null;
  /**
   * Per traffic burst: seconds from its start until served requests caught up with offered ones
   * (at least 99.9%; null if they never did) and the requests that failed meanwhile.
   */
  bursts: Array<{ atSeconds: number; catchUpSeconds: number | null; requestsFailedDuringCatchUp: number }>;
}

export interface PoolCost {
  pool: string;
  nodes: number;
  nodeHours: number;
  pricePerHour: number;
  cost: number;
}

export interface RunResult {
  scenario: string;
  seed: number;
  simulatedSeconds: number;
  events: number;
  wallSeconds: number;
  fingerprint: string;
  services: ServiceResult[];
  density: {
    nodeHours: number;
    avgNodes: number;
    peakNodes: number;
    /** Nodes running at least one non-DaemonSet pod, time-averaged (sampled) and at peak. */
    avgNodesInUse: number;
    peakNodesInUse: number;
    avgPodsPerNode: number;
    cpuRequestedRatio: number;
    memoryRequestedRatio: number;
    cpuUsedRatio: number;
    memoryUsedRatio: number;
    /** Node-hours over the node-hours a perfect bin packing of the requests would need. */
    nodeHoursOverLowerBound: number;
  };
  cost: {
    currency: string;
    /** compute + downtime */
    total: number;
    compute: number;
    /** Minutes during which a Service with an objective was down × downtimeCostPerMinute. */
    downtime: number;
    /** Compute cost no pod was charged for (unrequested, unused capacity). */
    idle: number;
    byPool: PoolCost[];
    byService: Array<{ service: string; cost: number }>;
  };
  /** What the autoscalers did. */
  autoscaling: {
    hpa: Array<{
      name: string;
      scaleUps: number;
      scaleDowns: number;
      minReplicas: number;
      maxReplicas: number;
      finalReplicas: number;
      /** Over the output samples. */
      p50Replicas: number;
      p95Replicas: number;
    }>;
    /** Node count over the output samples. */
    nodes: { p50: number; p95: number; max: number };
    /** How long pods waited from creation to being scheduled. */
    pendingPods: { scheduled: number; meanWaitSeconds: number; p95WaitSeconds: number; maxWaitSeconds: number };
    /** Per VerticalPodAutoscaler: its last recommendation (millicores, bytes) per container. */
    vpa: Array<{ name: string; recommendation: Record<string, { cpu: number | null; memory: number | null }> }>;
    /** Pods the VPA updater evicted, and containers OOM-killed (memory above the limit). */
    vpaEvictions: number;
    oomKills: number;
    /** null when no node pool has autoscaling bounds. */
    clusterAutoscaler: { scaleUps: number; nodesAdded: number; nodesRemoved: number; failedProvisions: number; drainsAborted: number } | null;
  };
  failures: {
    nodeCrashes: number;
    nodeRepairs: number;
    nodeCrashesIgnored: number;
    nodeDownSeconds: number;
    /** KubeletStall faults that hit a live, responsive kubelet. */
    kubeletStalls: number;
    /** False alarms: a node marked Unknown, or a pod evicted from it, while its kubelet was alive. */
    nodesMarkedUnknownWhileAlive: number;
    evictionsFromLiveNodes: number;
  };
  controlPlane: {
    leaseRenewals: number;
    podsMarkedNotReady: number;
    noExecuteTaints: number;
    evictions: number;
    schedulingAttempts: number;
    podsBound: number;
    unschedulableAttempts: number;
    containerRestarts: number;
    apiWrites: number;
    apiRequests: Record<string, Record<string, number>>;
  };
  /** Pods still unscheduled at the end, with the scheduler's last reason. */
  unschedulable: Array<{ pod: string; reason: string }>;
}
