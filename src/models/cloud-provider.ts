// The cloud provider: turns node pools into Node objects. Nodes are named <pool>-<i>, spread
// round-robin over the pool's zones, labelled as a real cloud node is
// (kubernetes.io/hostname, topology.kubernetes.io/zone, node.kubernetes.io/instance-type) and
// priced per hour. A node's Ready condition starts Unknown until its kubelet posts status.
// The initial nodes exist at time 0; nodes added later (the cluster autoscaler) are created when
// their provisioning time has passed and billed from when they were ordered.

import type { NodePoolConfig } from './config.js';
import type { NodeObject } from './api/objects.js';
import type { ObjectStore } from './api/store.js';

export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
export const POOL_LABEL = 'podsim.dev/pool';

export class CloudProvider {
  /** Every node ever created, by dense index. */
  readonly nodes: NodeObject[] = [];
  private readonly nextOrdinal = new Map<string, number>();

  constructor(
    private readonly store: ObjectStore,
    readonly pools: readonly NodePoolConfig[],
  ) {}

  provisionInitialNodes(): NodeObject[] {
    return this.pools.flatMap((pool) => Array.from({ length: pool.count }, () => this.createNode(pool)));
  }

  /** Creates a node of the pool now; `requestedAt` is when it was ordered (billing starts then). */
  createNode(pool: NodePoolConfig, requestedAt?: number): NodeObject {
    const ordinal = this.nextOrdinal.get(pool.name) ?? 0;
    this.nextOrdinal.set(pool.name, ordinal + 1);
    const name = `${pool.name}-${ordinal}`;
    const zone = pool.zones[ordinal % pool.zones.length] as string;
    const node: NodeObject = {
      kind: 'Node',
      metadata: {
        name,
        namespace: '',
        uid: 0,
        labels: { ...pool.labels, [HOSTNAME_LABEL]: name, [ZONE_LABEL]: zone, [INSTANCE_TYPE_LABEL]: pool.instanceType, [POOL_LABEL]: pool.name },
        annotations: {},
        resourceVersion: 0,
        generation: 1,
        creationTimestamp: 0,
      },
      spec: { unschedulable: false, taints: pool.taints.map((t) => ({ ...t })) },
      status: {
        capacity: { ...pool.capacity },
        allocatable: { ...pool.allocatable },
        ready: 'Unknown',
        readyTransition: 0,
        lastHeartbeat: Number.NEGATIVE_INFINITY,
        everPostedReady: false,
        images: [],
      },
      cloud: { index: this.nodes.length, pool: pool.name, zone, pricePerHour: pool.pricePerHour, spot: pool.spot, billedFrom: requestedAt ?? this.store.now },
    };
    this.nodes.push(node);
    return this.store.create('cloud-provider', node);
  }

  /** Deletes the node: the VM is gone and billing stops. */
  deleteNode(node: NodeObject): void {
    node.cloud.deletedAt = this.store.now;
    this.store.delete('cloud-provider', node);
  }
}
