// The disruption controller: keeps each PodDisruptionBudget's status. expectedPods is the number
// of selected pods for an integer minAvailable, else the scale of the controllers owning them (a
// Deployment's replicas through its ReplicaSets, a StatefulSet's or ReplicaSet's replicas; the
// pod count for bare pods); desiredHealthy comes
// from minAvailable, or expectedPods − maxUnavailable (percentages rounded up);
// currentHealthy counts selected pods that are Ready and not terminating;
// disruptionsAllowed = max(0, currentHealthy − desiredHealthy), 0 when nothing is expected.
// Upstream: pkg/controller/disruption/disruption.go (getExpectedScale, countHealthyPods).

import type { Simulation } from '../../kernel/index.js';
import { objectKey, type PodDisruptionBudgetObject, type PodObject } from '../api/objects.js';
import { selectorMatches } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import { Controller, splitKey } from './controller.js';

export class DisruptionController extends Controller {
  private readonly members = new Map<string, Set<PodObject>>();

  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'disruption-controller');
    store.watch('PodDisruptionBudget', (event) => {
      const key = objectKey(event.object.metadata);
      if (event.type === 'ADDED') {
        const selected = new Set(this.store.list('Pod').filter((p) => selects(event.object, p)));
        this.members.set(key, selected);
      }
      if (event.type === 'DELETED') this.members.delete(key);
      else this.enqueue(key);
    });
    store.watch('Pod', (event) => {
      const pod = event.object;
      for (const pdb of this.store.budgetsSelecting(pod)) {
        const members = this.members.get(objectKey(pdb.metadata));
        if (!members) continue;
        if (event.type === 'DELETED') members.delete(pod);
        else members.add(pod);
        this.enqueue(objectKey(pdb.metadata));
      }
    });
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const pdb = this.store.get('PodDisruptionBudget', namespace, name);
    if (!pdb) return;
    const pods = [...(this.members.get(key) ?? [])];
    // An integer minAvailable counts the selected pods; percentages and maxUnavailable need the
    // controllers' scale (upstream getExpectedPodCount).
    const expected = typeof pdb.spec.minAvailable === 'number' ? pods.length : this.expectedScale(pods);
    const healthy = pods.filter((p) => p.status.ready && p.metadata.deletionTimestamp === undefined).length;
    const desired = desiredHealthy(pdb, expected);
    const status = { currentHealthy: healthy, desiredHealthy: desired, expectedPods: expected, disruptionsAllowed: expected <= 0 ? 0 : Math.max(0, healthy - desired) };
    const s = pdb.status;
    if (s.currentHealthy === status.currentHealthy && s.desiredHealthy === status.desiredHealthy && s.expectedPods === status.expectedPods && s.disruptionsAllowed === status.disruptionsAllowed) return;
    pdb.status = status;
    this.store.update('disruption-controller', pdb);
  }

  private expectedScale(pods: PodObject[]): number {
    const scales = new Map<string, number>();
    let bare = 0;
    for (const pod of pods) {
      const owner = pod.metadata.ownerReference;
      if (!owner) {
        bare++;
        continue;
      }
      const ns = pod.metadata.namespace;
      if (owner.kind === 'ReplicaSet') {
        const rs = this.store.get('ReplicaSet', ns, owner.name);
        const top = rs?.metadata.ownerReference;
        const deployment = top?.kind === 'Deployment' ? this.store.get('Deployment', ns, top.name) : undefined;
        if (deployment) scales.set(`Deployment/${deployment.metadata.name}`, deployment.spec.replicas);
        else if (rs) scales.set(`ReplicaSet/${rs.metadata.name}`, rs.spec.replicas);
      } else if (owner.kind === 'StatefulSet') {
        const set = this.store.get('StatefulSet', ns, owner.name);
        if (set) scales.set(`StatefulSet/${set.metadata.name}`, set.spec.replicas);
      } else {
        bare++;
      }
    }
    return [...scales.values()].reduce((a, b) => a + b, 0) + bare;
  }
}

/** desiredHealthy from minAvailable or maxUnavailable (int or percentage, rounded up). */
export function desiredHealthy(pdb: PodDisruptionBudgetObject, expected: number): number {
  const scaled = (value: number | string): number =>
    typeof value === 'number' ? value : Math.ceil((Number(value.slice(0, -1)) * expected) / 100);
  if (pdb.spec.minAvailable !== undefined) return scaled(pdb.spec.minAvailable);
  if (pdb.spec.maxUnavailable !== undefined) return Math.max(0, expected - scaled(pdb.spec.maxUnavailable));
  return 0;
}

function selects(pdb: PodDisruptionBudgetObject, pod: PodObject): boolean {
  return pdb.metadata.namespace === pod.metadata.namespace && selectorMatches(pdb.spec.selector, pod.metadata.labels);
}
