// The endpoints controller: for each Service with a selector, the pods it selects (same
// namespace, bound to a node, not terminating), split into ready and not ready by their Ready
// condition; publishNotReadyAddresses puts them all in ready. Kept up to date incrementally: a
// pod change touches only the Services whose selector matches the pod's labels.
// Upstream: pkg/controller/endpoint (and the EndpointSlice controller, which podsim does not split out).

import type { Simulation } from '../../kernel/index.js';
import { objectKey, type EndpointsObject, type PodObject, type ServiceObject } from '../api/objects.js';
import { mapSelectorMatches } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import { Controller, splitKey } from './controller.js';

export class EndpointsController extends Controller {
  /** Per Service key: the pods it selects and whether each is an endpoint that is ready. */
  private readonly members = new Map<string, Map<string, boolean>>();

  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'endpoints-controller');
    store.watch('Service', (event) => {
      const key = objectKey(event.object.metadata);
      if (event.type === 'ADDED') this.members.set(key, this.scan(event.object));
      if (event.type === 'DELETED') this.members.delete(key);
      this.enqueue(key);
    });
    store.watch('Pod', (event) => {
      const pod = event.object;
      for (const service of this.store.servicesSelecting(pod)) {
        const key = objectKey(service.metadata);
        const members = this.members.get(key);
        if (!members) continue;
        const state = event.type === 'DELETED' ? undefined : endpointState(service, pod);
        if (members.get(pod.metadata.name) === state) continue;
        if (state === undefined) members.delete(pod.metadata.name);
        else members.set(pod.metadata.name, state);
        this.enqueue(key);
      }
    });
  }

  protected reconcile(key: string): void {
    const [namespace, name] = splitKey(key);
    const service = this.store.get('Service', namespace, name);
    const existing = this.store.get('Endpoints', namespace, name);
    if (!service || service.spec.selector === undefined) {
      if (existing) this.store.delete('endpoints-controller', existing);
      return;
    }
    const ready: string[] = [];
    const notReady: string[] = [];
    for (const [pod, isReady] of this.members.get(key) ?? []) (isReady ? ready : notReady).push(pod);
    ready.sort();
    notReady.sort();
    if (!existing) {
      const endpoints: EndpointsObject = {
        kind: 'Endpoints',
        metadata: { name, namespace, uid: 0, labels: {}, annotations: {}, resourceVersion: 0, generation: 1, creationTimestamp: 0 },
        ready,
        notReady,
      };
      this.store.create('endpoints-controller', endpoints);
    } else if (!sameList(existing.ready, ready) || !sameList(existing.notReady, notReady)) {
      existing.ready = ready;
      existing.notReady = notReady;
      this.store.update('endpoints-controller', existing);
    }
  }

  /** The pods a new Service selects (once, when it is created). */
  private scan(service: ServiceObject): Map<string, boolean> {
    const members = new Map<string, boolean>();
    if (service.spec.selector === undefined) return members;
    for (const pod of this.store.list('Pod')) {
      if (pod.metadata.namespace !== service.metadata.namespace || !selects(service, pod)) continue;
      const state = endpointState(service, pod);
      if (state !== undefined) members.set(pod.metadata.name, state);
    }
    return members;
  }
}

/** undefined: not an endpoint (unbound, terminating, finished); else whether it is ready. */
function endpointState(service: ServiceObject, pod: PodObject): boolean | undefined {
  if (pod.spec.nodeName === undefined || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return undefined;
  // publishNotReadyAddresses keeps every pod, terminating ones included, as upstream does.
  if (service.spec.publishNotReadyAddresses) return true;
  if (pod.metadata.deletionTimestamp !== undefined) return undefined;
  return pod.status.ready;
}

function selects(service: ServiceObject, pod: PodObject): boolean {
  return service.spec.selector !== undefined && mapSelectorMatches(service.spec.selector, pod.metadata.labels);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
