// The Deployment controller: owns ReplicaSets, one per pod template (named
// <deployment>-<template hash>, revision numbered). It creates the new ReplicaSet, and rolls
// from old to new as upstream's rolling.go does: scale the new one up within maxSurge, then
// scale old ones down within maxUnavailable (unhealthy old replicas first); Recreate scales the
// old ones to 0 and waits for their pods to go before scaling the new one up (the arithmetic is in
// algorithms/deployment-math.ts, tested against upstream's tables). Old ReplicaSets
// at 0 beyond revisionHistoryLimit are deleted. Status sums its ReplicaSets.
// Upstream: pkg/controller/deployment/{deployment_controller,rolling,recreate,sync}.go.
// Simplifications: no proportional scaling of several active ReplicaSets when the replica count
// changes mid-rollout (the new ReplicaSet takes the change); no progress deadline; no pause.

import { fnv1a, type Simulation } from '../../kernel/index.js';
import { isActive, objectKey, type DeploymentObject, type ReplicaSetObject } from '../api/objects.js';
import type { ObjectStore } from '../api/store.js';
import { rollingUpdateStep, type DeploymentLike, type ReplicaSetLike } from './algorithms/deployment-math.js';
import { Controller, splitKey } from './controller.js';

export class DeploymentController extends Controller {
  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'deployment-controller');
    store.watch('Deployment', (event) => this.enqueue(objectKey(event.object.metadata)));
    store.watch('ReplicaSet', (event) => this.enqueueOwner(event.object, 'Deployment'));
    // Recreate waits for the old pods to be gone: their deletion re-queues the Deployment.
    store.watch('Pod', (event) => {
      if (event.type !== 'DELETED') return;
      const top = this.store.topOwner(event.object);
      if (top?.kind === 'Deployment') this.enqueue(`${event.object.metadata.namespace}/${top.name}`);
    });
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const deployment = this.store.get('Deployment', namespace, name);
    if (!deployment) return;
    const owned = this.store.replicaSetsOwnedBy(deployment.metadata.uid);
    const hash = templateHash(deployment);
    let newRS = owned.find((rs) => rs.spec.templateHash === hash);
    // Most reconciles (after a status change) find only the ReplicaSet of the current template.
    const old =
      newRS !== undefined && owned.length === 1
        ? NO_REPLICA_SETS
        : owned.filter((rs) => rs !== newRS).sort((a, b) => a.metadata.creationTimestamp - b.metadata.creationTimestamp || a.spec.revision - b.spec.revision);
    if (!newRS) {
      newRS = this.createReplicaSet(deployment, hash, old);
      owned.push(newRS);
    } else if (old.some((rs) => rs.spec.revision > (newRS as ReplicaSetObject).spec.revision)) {
      // A rollback to an earlier template: the reused ReplicaSet becomes the newest revision.
      newRS.spec.revision = Math.max(...old.map((rs) => rs.spec.revision)) + 1;
      newRS.metadata.annotations = { ...newRS.metadata.annotations, 'deployment.kubernetes.io/revision': String(newRS.spec.revision) };
      this.store.update('deployment-controller', newRS);
    }
    // No old ReplicaSet: no rollout, whatever the strategy; a plain resize, nothing to clean up.
    if (old.length === 0) this.scale(newRS, deployment.spec.replicas);
    else if (deployment.spec.strategy.type === 'Recreate') this.recreate(deployment, newRS, old);
    else this.rollingUpdate(deployment, newRS, old);
    this.cleanup(deployment, old);
    this.updateStatus(deployment, newRS, owned);
  }

  private createReplicaSet(deployment: DeploymentObject, hash: string, old: readonly ReplicaSetObject[]): ReplicaSetObject {
    const revision = Math.max(0, ...old.map((rs) => rs.spec.revision)) + 1;
    const rs: ReplicaSetObject = {
      kind: 'ReplicaSet',
      metadata: {
        name: `${deployment.metadata.name}-${hash}`,
        namespace: deployment.metadata.namespace,
        uid: 0,
        labels: { ...deployment.spec.template.labels, 'pod-template-hash': hash },
        annotations: { 'deployment.kubernetes.io/revision': String(revision) },
        resourceVersion: 0,
        generation: 1,
        creationTimestamp: 0,
        ownerReference: { kind: 'Deployment', name: deployment.metadata.name, uid: deployment.metadata.uid },
      },
      spec: {
        replicas: 0,
        // The pod-template-hash label keeps each ReplicaSet's pods apart from the others'.
        selector: { ...deployment.spec.selector, matchLabels: { ...deployment.spec.selector.matchLabels, 'pod-template-hash': hash } },
        template: { ...deployment.spec.template, labels: { ...deployment.spec.template.labels, 'pod-template-hash': hash } },
        minReadySeconds: deployment.spec.minReadySeconds,
        revision,
        templateHash: hash,
      },
      status: { replicas: 0, readyReplicas: 0, availableReplicas: 0 },
    };
    return this.store.create('deployment-controller', rs);
  }

  /** One step of upstream's rolloutRolling (deployment-math.ts), as each reconcile does. */
  private rollingUpdate(deployment: DeploymentObject, newRS: ReplicaSetObject, old: readonly ReplicaSetObject[]): void {
    if (old.every((rs) => rs.spec.replicas === 0)) {
      this.scale(newRS, deployment.spec.replicas); // no rollout in progress: a plain resize
      return;
    }
    const d: DeploymentLike = {
      replicas: deployment.spec.replicas,
      strategy: 'RollingUpdate',
      maxSurge: deployment.spec.strategy.maxSurge,
      maxUnavailable: deployment.spec.strategy.maxUnavailable,
    };
    const like = (rs: ReplicaSetObject): ReplicaSetLike => ({
      name: rs.metadata.name,
      replicas: rs.spec.replicas,
      availableReplicas: rs.status.availableReplicas,
      creationTimestamp: rs.metadata.creationTimestamp,
    });
    const step = rollingUpdateStep(d, like(newRS), old.map(like));
    for (const rs of [newRS, ...old]) {
      const target = step.changes.get(rs.metadata.name);
      if (target !== undefined) this.scale(rs, target);
    }
  }

  private recreate(deployment: DeploymentObject, newRS: ReplicaSetObject, old: readonly ReplicaSetObject[]): void {
    for (const rs of old) this.scale(rs, 0);
    const oldPodsLeft = old.some((rs) => [...this.store.podsOwnedBy(rs.metadata.uid)].some((p) => isActive(p) || p.metadata.deletionTimestamp !== undefined));
    if (!oldPodsLeft) this.scale(newRS, deployment.spec.replicas);
  }

  private cleanup(deployment: DeploymentObject, old: readonly ReplicaSetObject[]): void {
    const idle = old.filter((rs) => rs.spec.replicas === 0 && rs.status.replicas === 0);
    const excess = idle.length - deployment.spec.revisionHistoryLimit;
    for (const rs of idle.slice(0, Math.max(0, excess))) this.store.delete('deployment-controller', rs);
  }

  private scale(rs: ReplicaSetObject, replicas: number): void {
    if (rs.spec.replicas === replicas) return;
    rs.spec.replicas = replicas;
    rs.metadata.generation++;
    this.store.update('deployment-controller', rs);
  }

  private updateStatus(deployment: DeploymentObject, newRS: ReplicaSetObject, owned: ReplicaSetObject[]): void {
    // Sums over the ReplicaSets still in the store, in one pass: this runs after nearly every
    // change of a ReplicaSet's status, that is after nearly every pod change.
    let replicas = 0;
    let readyReplicas = 0;
    let availableReplicas = 0;
    for (const rs of owned) {
      if (this.store.get('ReplicaSet', rs.metadata.namespace, rs.metadata.name) !== rs) continue;
      replicas += rs.status.replicas;
      readyReplicas += rs.status.readyReplicas;
      availableReplicas += rs.status.availableReplicas;
    }
    const status = { replicas, updatedReplicas: newRS.status.replicas, readyReplicas, availableReplicas, revision: newRS.spec.revision };
    const before = deployment.status;
    if (
      status.replicas === before.replicas &&
      status.updatedReplicas === before.updatedReplicas &&
      status.readyReplicas === before.readyReplicas &&
      status.availableReplicas === before.availableReplicas &&
      status.revision === before.revision
    ) {
      return;
    }
    deployment.status = status;
    const version = deployment.metadata.resourceVersion;
    this.store.update('deployment-controller', deployment);
    keepTemplateHash(deployment, version);
  }
}

const NO_REPLICA_SETS: readonly ReplicaSetObject[] = [];

const hashes = new WeakMap<DeploymentObject, { resourceVersion: number; hash: string }>();

/** A stable short hash of the pod template (the pod-template-hash label); recomputed when the Deployment changes. */
export function templateHash(deployment: DeploymentObject): string {
  const template = deployment.spec.template;
  const cached = hashes.get(deployment);
  if (cached?.resourceVersion === deployment.metadata.resourceVersion) return cached.hash;
  const text = JSON.stringify({ labels: template.labels, annotations: template.annotations, spec: { ...template.spec, runDuration: template.spec.runDuration?.text } });
  const hash = (fnv1a(text) >>> 0).toString(36).padStart(7, '0').slice(0, 10);
  hashes.set(deployment, { resourceVersion: deployment.metadata.resourceVersion, hash });
  return hash;
}

/**
 * The controller's own status write leaves the template alone, so a hash cached at the version
 * before the write stays valid after it (else every status change would re-hash the template).
 */
function keepTemplateHash(deployment: DeploymentObject, before: number): void {
  const cached = hashes.get(deployment);
  if (cached?.resourceVersion === before) cached.resourceVersion = deployment.metadata.resourceVersion;
}
