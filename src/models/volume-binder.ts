// Zonal persistent volumes with WaitForFirstConsumer binding: a claim stays Pending until the
// first pod using it is scheduled; then a volume is provisioned in that node's zone and bound.
// From then on the claim pins every pod that uses it to that zone (the scheduler's VolumeZone
// filter). Upstream: the scheduler's VolumeBinding plugin and the external provisioner.
// Simplification: provisioning is instant and never fails; storage classes are not told apart.

import type { NodeObject, PersistentVolumeObject, PodObject } from './api/objects.js';
import type { ObjectStore } from './api/store.js';

export class VolumeBinder {
  constructor(private readonly store: ObjectStore) {}

  /** The zone a pod's bound volumes pin it to, or undefined; null if they conflict. */
  requiredZone(pod: PodObject): string | undefined | null {
    let zone: string | undefined;
    for (const claimName of pod.spec.volumeClaims) {
      const claim = this.store.get('PersistentVolumeClaim', pod.metadata.namespace, claimName);
      if (!claim?.status.volumeName) continue;
      const volume = this.store.get('PersistentVolume', '', claim.status.volumeName);
      if (!volume) continue;
      if (zone !== undefined && zone !== volume.spec.zone) return null;
      zone = volume.spec.zone;
    }
    return zone;
  }

  /** Claims the pod needs that do not exist yet (the pod cannot be scheduled until they do). */
  missingClaims(pod: PodObject): readonly string[] {
    if (pod.spec.volumeClaims.length === 0) return NO_CLAIMS;
    return pod.spec.volumeClaims.filter((name) => !this.store.get('PersistentVolumeClaim', pod.metadata.namespace, name));
  }

  /** Provisions and binds a volume in the node's zone for each of the pod's pending claims. */
  bindPodVolumes(pod: PodObject, node: NodeObject): void {
    for (const claimName of pod.spec.volumeClaims) {
      const claim = this.store.get('PersistentVolumeClaim', pod.metadata.namespace, claimName);
      if (!claim || claim.status.volumeName) continue;
      const volume: PersistentVolumeObject = {
        kind: 'PersistentVolume',
        metadata: { name: `pv-${pod.metadata.namespace}-${claimName}`, namespace: '', uid: 0, labels: { 'topology.kubernetes.io/zone': node.cloud.zone }, annotations: {}, resourceVersion: 0, generation: 1, creationTimestamp: 0 },
        spec: { storage: claim.spec.storage, zone: node.cloud.zone, claim: claimName },
      };
      this.store.create('persistentvolume-controller', volume);
      claim.status = { phase: 'Bound', volumeName: volume.metadata.name };
      this.store.update('persistentvolume-controller', claim);
    }
  }
}

const NO_CLAIMS: readonly string[] = [];
