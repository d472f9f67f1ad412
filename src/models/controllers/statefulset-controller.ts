// The StatefulSet controller: pods named <set>-<ordinal>, each with its PersistentVolumeClaims
// <template>-<set>-<ordinal> (created once, never deleted: the default Retain policy).
// OrderedReady creates ordinal i only once every lower ordinal is Running and Ready, and scales
// down from the highest ordinal one at a time; Parallel creates and deletes all at once. A pod
// that is gone is recreated with the same name; a pod stuck Terminating (its node unreachable)
// is NOT replaced until it is really gone: at most one pod per identity, as upstream guarantees.
// Upstream: pkg/controller/statefulset/stateful_set_control.go.
// Simplifications: no rolling updates of the template; failed pods are deleted and recreated.

import type { Simulation } from '../../kernel/index.js';
import { objectKey, type PersistentVolumeClaimObject, type PodObject, type StatefulSetObject } from '../api/objects.js';
import type { ObjectStore } from '../api/store.js';
import { Controller, splitKey } from './controller.js';
import { podFromTemplate } from './pod-factory.js';

export class StatefulSetController extends Controller {
  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'statefulset-controller');
    store.watch('StatefulSet', (event) => this.enqueue(objectKey(event.object.metadata)));
    store.watch('Pod', (event) => this.enqueueOwner(event.object, 'StatefulSet'));
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const set = this.store.get('StatefulSet', namespace, name);
    if (!set) return;
    const byOrdinal = new Map<number, PodObject>();
    for (const pod of this.store.podsOwnedBy(set.metadata.uid)) byOrdinal.set(ordinalOf(pod, set), pod);
    const ordered = set.spec.podManagementPolicy === 'OrderedReady';
    const replicas = set.spec.replicas;

    // Failed pods are deleted so that they can be recreated.
    for (const pod of byOrdinal.values()) {
      if (pod.status.phase === 'Failed' && pod.metadata.deletionTimestamp === undefined) this.store.deleteGracefully('statefulset-controller', pod, 0);
    }
    // Create missing pods for ordinals below replicas.
    for (let ordinal = 0; ordinal < replicas; ordinal++) {
      const pod = byOrdinal.get(ordinal);
      if (pod) {
        if (ordered && !(pod.status.phase === 'Running' && pod.status.ready && pod.metadata.deletionTimestamp === undefined)) break;
        continue;
      }
      const created = this.createPod(set, ordinal);
      byOrdinal.set(ordinal, created);
      if (ordered) break;
    }
    // Scale down: ordinals at or above replicas, highest first.
    const excess = [...byOrdinal.entries()].filter(([ordinal, pod]) => ordinal >= replicas && pod.metadata.deletionTimestamp === undefined).sort((a, b) => b[0] - a[0]);
    for (const [, pod] of ordered ? excess.slice(0, 1) : excess) {
      if (ordered && [...byOrdinal.values()].some((p) => p.metadata.deletionTimestamp !== undefined)) break;
      this.store.deleteGracefully('statefulset-controller', pod);
    }
    this.updateStatus(set, [...byOrdinal.values()]);
  }

  private createPod(set: StatefulSetObject, ordinal: number): PodObject {
    const podName = `${set.metadata.name}-${ordinal}`;
    const claims = set.spec.volumeClaimTemplates.map((template) => {
      const claimName = `${template.name}-${podName}`;
      if (!this.store.get('PersistentVolumeClaim', set.metadata.namespace, claimName)) {
        const claim: PersistentVolumeClaimObject = {
          kind: 'PersistentVolumeClaim',
          metadata: { name: claimName, namespace: set.metadata.namespace, uid: 0, labels: { ...set.spec.template.labels }, annotations: {}, resourceVersion: 0, generation: 1, creationTimestamp: 0 },
          spec: { storage: template.storage, storageClassName: template.storageClassName },
          status: { phase: 'Pending' },
        };
        this.store.create('statefulset-controller', claim);
      }
      return claimName;
    });
    const pod = podFromTemplate(set.spec.template, podName, set.metadata.namespace, set, {
      labels: { 'statefulset.kubernetes.io/pod-name': podName, 'apps.kubernetes.io/pod-index': String(ordinal) },
      spec: { volumeClaims: [...set.spec.template.spec.volumeClaims, ...claims] },
    });
    return this.store.create('statefulset-controller', pod);
  }

  private updateStatus(set: StatefulSetObject, pods: PodObject[]): void {
    const live = pods.filter((p) => p.metadata.deletionTimestamp === undefined);
    const status = { replicas: live.length, readyReplicas: live.filter((p) => p.status.ready).length, currentReplicas: live.length };
    if (status.replicas === set.status.replicas && status.readyReplicas === set.status.readyReplicas) return;
    set.status = status;
    this.store.update('statefulset-controller', set);
  }
}

function ordinalOf(pod: PodObject, set: StatefulSetObject): number {
  return Number(pod.metadata.name.slice(set.metadata.name.length + 1));
}
