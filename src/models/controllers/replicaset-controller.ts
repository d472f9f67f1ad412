// The ReplicaSet controller: keeps `replicas` active pods of each ReplicaSet, creating pods from
// its template and deleting the ones upstream would delete first (see deletionOrder). Pods that
// are terminating or finished do not count, so an evicted pod is replaced at once even while it
// is stuck Terminating on a dead node. Status: replicas, ready, available (ready for
// minReadySeconds). Upstream: pkg/controller/replicaset/replica_set.go.
// Simplifications: no slow-start batching of creations; pod names are <rs>-<counter in base 36>
// instead of random suffixes (deterministic and readable).

import type { Simulation } from '../../kernel/index.js';
import { isActive, objectKey, type PodObject, type PodTemplate, type ReplicaSetObject } from '../api/objects.js';
import type { Labels } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import { Controller, splitKey } from './controller.js';
import { deletionOrder, podFromTemplate, podsPerNodeRank } from './pod-factory.js';

export class ReplicaSetController extends Controller {
  private readonly nameCounters = new Map<number, number>();
  /**
   * Per ReplicaSet, the labels object its pods share (template labels plus pod-template-hash):
   * caches keyed by a pod's labels object (the Services selecting it, the scheduler's spreading
   * selector) then serve the whole ReplicaSet, and 150,000 pods need 1,000 objects, not 150,000.
   */
  private readonly podLabels = new WeakMap<ReplicaSetObject, { template: PodTemplate; hash: string; labels: Labels }>();

  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'replicaset-controller');
    store.watch('ReplicaSet', (event) => this.enqueue(objectKey(event.object.metadata)));
    store.watch('Pod', (event) => this.enqueueOwner(event.object, 'ReplicaSet'));
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const rs = this.store.get('ReplicaSet', namespace, name);
    if (!rs) return;
    // The common reconcile (a pod of a settled ReplicaSet changed): nothing to create or delete,
    // and without minReadySeconds every Ready pod is available, so the store's counts of the
    // owned pods give the status that walking them would.
    const counts = this.store.ownedPodCounts(rs.metadata.uid);
    if (counts.active === rs.spec.replicas && rs.spec.minReadySeconds === 0) {
      this.setStatus(rs, { replicas: counts.active, readyReplicas: counts.ready, availableReplicas: counts.ready });
      return;
    }
    const active: PodObject[] = [];
    for (const pod of this.store.podsOwnedBy(rs.metadata.uid)) if (isActive(pod)) active.push(pod);
    const diff = active.length - rs.spec.replicas;
    if (diff < 0) {
      for (let i = 0; i < -diff; i++) this.store.create('replicaset-controller', this.newPod(rs));
    } else if (diff > 0) {
      const rank = podsPerNodeRank(active);
      for (const pod of [...active].sort((a, b) => deletionOrder(a, b, rank)).slice(0, diff)) this.store.deleteGracefully('replicaset-controller', pod);
    }
    this.updateStatus(rs, active);
  }

  private newPod(rs: ReplicaSetObject): PodObject {
    const counter = this.nameCounters.get(rs.metadata.uid) ?? 0;
    this.nameCounters.set(rs.metadata.uid, counter + 1);
    return podFromTemplate(rs.spec.template, `${rs.metadata.name}-${counter.toString(36)}`, rs.metadata.namespace, rs, { podLabels: this.labelsOfPods(rs) });
  }

  private labelsOfPods(rs: ReplicaSetObject): Labels {
    const { template, templateHash: hash } = rs.spec;
    const cached = this.podLabels.get(rs);
    if (cached?.template === template && cached.hash === hash) return cached.labels;
    const labels = { ...template.labels, 'pod-template-hash': hash };
    this.podLabels.set(rs, { template, hash, labels });
    return labels;
  }

  private updateStatus(rs: ReplicaSetObject, active: PodObject[]): void {
    const now = this.sim.now;
    const minReady = rs.spec.minReadySeconds * 1000;
    // One pass, no intermediate arrays: this runs after nearly every pod change.
    let ready = 0;
    let available = 0;
    let soonest = Number.POSITIVE_INFINITY;
    for (const pod of active) {
      if (!pod.status.ready) continue;
      ready++;
      if (now - pod.status.readyTransition >= minReady) available++;
      else soonest = Math.min(soonest, pod.status.readyTransition + minReady);
    }
    if (minReady > 0 && available < ready) this.requeueAfter(objectKey(rs.metadata), soonest - now);
    this.setStatus(rs, { replicas: active.length, readyReplicas: ready, availableReplicas: available });
  }

  private setStatus(rs: ReplicaSetObject, status: ReplicaSetObject['status']): void {
    if (status.replicas === rs.status.replicas && status.readyReplicas === rs.status.readyReplicas && status.availableReplicas === rs.status.availableReplicas) return;
    rs.status = status;
    this.store.update('replicaset-controller', rs);
  }
}
