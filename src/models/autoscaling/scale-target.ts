// The workload an autoscaler scales (a Deployment or a StatefulSet, by kind and name) and its pods.

import type { DeploymentObject, PodObject, StatefulSetObject } from '../api/objects.js';
import type { ObjectStore } from '../api/store.js';

export type ScaleTarget = DeploymentObject | StatefulSetObject;

export function scaleTarget(store: ObjectStore, namespace: string, ref: { kind: string; name: string }): ScaleTarget | undefined {
  if (ref.kind === 'Deployment') return store.get('Deployment', namespace, ref.name);
  if (ref.kind === 'StatefulSet') return store.get('StatefulSet', namespace, ref.name);
  return undefined;
}

/** The target's pods: a StatefulSet's own, a Deployment's through its ReplicaSets. */
export function podsOfTarget(store: ObjectStore, target: ScaleTarget): PodObject[] {
  if (target.kind === 'StatefulSet') return [...store.podsOwnedBy(target.metadata.uid)];
  return store.replicaSetsOwnedBy(target.metadata.uid).flatMap((rs) => [...store.podsOwnedBy(rs.metadata.uid)]);
}
