// The endpoints controller: for each Service with a selector, the pods it selects (same
// namespace, bound to a node, not terminating), split into ready and not ready by their Ready
// condition; publishNotReadyAddresses puts them all in ready. Kept up to date incrementally: a
// pod change touches only the Services whose selector matches the pod's labels.
// Upstream: pkg/controller/endpoint (and the EndpointSlice controller, which podsim does not split out).

import type { Simulation } from '../../kernel/index.js';
import { objectKey, type EndpointsObject, type PodObject, type ServiceObject } from '../api/objects.js';
import { mapSelectorMatches } from '../api/selectors.js';
import type { ObjectStore } from '../api/store.js';
import { insertSorted, removeSorted } from '../sorted-names.js';
import { Controller, splitKey } from './controller.js';

/**
 * A Service's endpoint pods: whether each is ready, and the ready and not-ready names kept
 * sorted as they change (re-sorting every member list on each reconcile was a measurable cost).
 * A list handed to the Endpoints object is shared with it, never edited again: the next change
 * edits a copy (copying every list at every publish, as before, cost more).
 */
interface Members {
  /** The Service's work-queue key (namespace/name), built once rather than per pod event. */
  key: string;
  state: Map<string, boolean>;
  ready: string[];
  notReady: string[];
  readyShared: boolean;
  notReadyShared: boolean;
}

export class EndpointsController extends Controller {
  /**
   * Per Service: the pods it selects and whether each is an endpoint that is ready. Keyed by the
   * object (the store keeps one per Service until it is deleted): no key text per pod event.
   */
  private readonly members = new Map<ServiceObject, Members>();

  constructor(
    sim: Simulation,
    private readonly store: ObjectStore,
  ) {
    super(sim, 'endpoints-controller');
    store.watch('Service', (event) => {
      if (event.type === 'ADDED') this.members.set(event.object, this.scan(event.object));
      if (event.type === 'DELETED') this.members.delete(event.object);
      this.enqueue(objectKey(event.object.metadata));
    });
    store.watch('Pod', (event) => {
      const pod = event.object;
      for (const service of this.store.servicesSelecting(pod)) {
        const members = this.members.get(service);
        if (!members) continue;
        const state = event.type === 'DELETED' ? undefined : endpointState(service, pod);
        if (members.state.get(pod.metadata.name) === state) continue;
        setMember(members, pod.metadata.name, state);
        this.enqueue(members.key);
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
    const members = this.members.get(service) ?? emptyMembers(key);
    const { ready, notReady } = members;
    if (!existing) {
      const endpoints: EndpointsObject = {
        kind: 'Endpoints',
        metadata: { name, namespace, uid: 0, labels: {}, annotations: {}, resourceVersion: 0, generation: 1, creationTimestamp: 0 },
        ready,
        notReady,
      };
      members.readyShared = members.notReadyShared = true;
      this.store.create('endpoints-controller', endpoints);
    } else if (!sameList(existing.ready, ready) || !sameList(existing.notReady, notReady)) {
      existing.ready = ready;
      existing.notReady = notReady;
      members.readyShared = members.notReadyShared = true;
      this.store.update('endpoints-controller', existing);
    }
  }

  /** The pods a new Service selects (once, when it is created). */
  private scan(service: ServiceObject): Members {
    const members = emptyMembers(objectKey(service.metadata));
    if (service.spec.selector === undefined) return members;
    for (const pod of this.store.list('Pod')) {
      if (pod.metadata.namespace !== service.metadata.namespace || !selects(service, pod)) continue;
      const state = endpointState(service, pod);
      if (state !== undefined) setMember(members, pod.metadata.name, state);
    }
    return members;
  }
}

function emptyMembers(key: string): Members {
  return { key, state: new Map(), ready: [], notReady: [], readyShared: false, notReadyShared: false };
}

/** Records a pod's new endpoint state (undefined: not an endpoint), keeping both lists sorted. */
function setMember(members: Members, pod: string, state: boolean | undefined): void {
  const previous = members.state.get(pod);
  if (previous !== undefined) edit(members, previous, pod, false);
  if (state === undefined) {
    members.state.delete(pod);
    return;
  }
  members.state.set(pod, state);
  edit(members, state, pod, true);
}

/**
 * Inserts or removes the pod in the ready (or not-ready) list: in place, or, while the Endpoints
 * object shares the list, in a copy made in the same pass (copying first and then inserting
 * copied the list twice: the exact-size copy had to grow at once).
 */
function edit(members: Members, ready: boolean, pod: string, insert: boolean): void {
  const list = ready ? members.ready : members.notReady;
  const copy = ready ? members.readyShared : members.notReadyShared;
  const edited = insert ? insertSorted(list, pod, copy) : removeSorted(list, pod, copy);
  if (ready) {
    members.ready = edited;
    members.readyShared = false;
  } else {
    members.notReady = edited;
    members.notReadyShared = false;
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
  return a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
}
