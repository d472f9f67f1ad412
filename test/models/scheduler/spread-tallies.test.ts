// The soft PodTopologySpread tallies (spread-tallies.ts) are kept per selector object and caught
// up from the snapshot's log of placement changes. Whatever happens between two cycles (pods
// placed and removed, nodes relabelled, removed and re-created under the same name, long gaps),
// a tally must equal counting the placed pods it matches, node label by node label.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulation } from '../../../src/kernel/index.js';
import type { NodeObject, PodObject } from '../../../src/models/api/objects.js';
import { selectorMatches, type LabelSelector, type Labels } from '../../../src/models/api/selectors.js';
import { ObjectStore } from '../../../src/models/api/store.js';
import { ClusterSnapshot } from '../../../src/models/scheduler/cluster-snapshot.js';
import { barePod } from '../world-fixtures.js';

const KEYS = ['zone', 'kubernetes.io/hostname'];
const NODE_NAMES = ['n0', 'n1', 'n2', 'n3', 'n4'];
const ZONES = ['a', 'b', 'c'];
/** Shared labels objects, as a ReplicaSet's pods share theirs; the selectors are shared objects too. */
const POD_LABELS: Labels[] = [{ app: 'web' }, { app: 'web', tier: 'front' }, { app: 'db' }, {}];
const SELECTORS: LabelSelector[] = [{ matchLabels: { app: 'web' } }, { matchLabels: { app: 'web', tier: 'front' } }, { matchExpressions: [{ key: 'app', operator: 'Exists' }] }];

type Op =
  | { op: 'place'; pod: number; node: number; labels: number; namespace: number }
  | { op: 'remove'; pod: number }
  | { op: 'relabel'; node: number; zone: number }
  | { op: 'deleteNode'; node: number }
  | { op: 'addNode'; node: number; zone: number }
  | { op: 'churn'; count: number };

const ops: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('place' as const), pod: fc.nat(30), node: fc.nat(4), labels: fc.nat(3), namespace: fc.nat(1) }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('remove' as const), pod: fc.nat(30) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('relabel' as const), node: fc.nat(4), zone: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteNode' as const), node: fc.nat(4) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('addNode' as const), node: fc.nat(4), zone: fc.nat(2) }) },
  // Enough placements and removals to outrun the replay allowance and the log's kept records.
  { weight: 1, arbitrary: fc.record({ op: fc.constant('churn' as const), count: fc.constantFrom(10, 300, 5000) }) },
);

function node(name: string, zone: string): NodeObject {
  return {
    kind: 'Node',
    metadata: { name, namespace: '', uid: 0, labels: { zone, 'kubernetes.io/hostname': name }, annotations: {}, resourceVersion: 0, generation: 1, creationTimestamp: 0 },
    spec: { unschedulable: false, taints: [] },
    status: { capacity: { cpu: 8000, memory: 2 ** 34, pods: 1000 }, allocatable: { cpu: 8000, memory: 2 ** 34, pods: 1000 }, ready: 'True', readyTransition: 0, lastHeartbeat: 0, everPostedReady: true, images: [] },
    cloud: { index: 0, pool: 'p', zone, pricePerHour: 0, spot: false, billedFrom: 0 },
  };
}

class Cluster {
  readonly sim = new Simulation();
  readonly store = new ObjectStore(this.sim);
  readonly snapshot: ClusterSnapshot;
  private churned = 0;

  constructor() {
    NODE_NAMES.forEach((name, i) => this.store.create('scenario', node(name, ZONES[i % 3] as string)));
    this.snapshot = new ClusterSnapshot(this.store);
  }

  apply(op: Op): void {
    const podName = (i: number): string => `p${i}`;
    switch (op.op) {
      case 'place': {
        const name = podName(op.pod);
        const nodeName = NODE_NAMES[op.node] as string;
        if (this.pod(name) || !this.store.get('Node', '', nodeName)) return;
        const pod = barePod(name, nodeName);
        pod.metadata.labels = POD_LABELS[op.labels] as Labels;
        pod.metadata.namespace = `ns${op.namespace}`;
        this.store.create('scenario', pod);
        break;
      }
      case 'remove': {
        const pod = this.pod(podName(op.pod));
        if (pod) this.store.delete('scenario', pod);
        break;
      }
      case 'relabel': {
        const n = this.store.get('Node', '', NODE_NAMES[op.node] as string);
        if (!n) return;
        n.metadata.labels = { ...n.metadata.labels, zone: ZONES[op.zone] as string };
        this.store.update('scenario', n);
        break;
      }
      case 'deleteNode': {
        const n = this.store.get('Node', '', NODE_NAMES[op.node] as string);
        if (n) this.store.delete('scenario', n);
        break;
      }
      case 'addNode': {
        const name = NODE_NAMES[op.node] as string;
        if (!this.store.get('Node', '', name)) this.store.create('scenario', node(name, ZONES[op.zone] as string));
        break;
      }
      case 'churn':
        for (let i = 0; i < op.count; i++) {
          const pod = barePod(`churn-${this.churned++}`, NODE_NAMES.find((name) => this.store.get('Node', '', name)));
          if (pod.spec.nodeName === undefined) return;
          pod.metadata.labels = POD_LABELS[i % POD_LABELS.length] as Labels;
          this.store.create('scenario', pod);
          this.sim.run(this.sim.now);
          if (i % 2 === 1) this.store.delete('scenario', pod);
        }
        break;
    }
    this.sim.run(this.sim.now);
  }

  private pod(name: string): PodObject | undefined {
    return ['ns0', 'ns1', 'default'].map((ns) => this.store.get('Pod', ns, name)).find((p) => p !== undefined);
  }

  /** The tally against counting, per node present: pods on nodes whose label value is the node's. */
  check(selector: LabelSelector, namespace: string, key: string): void {
    const { domains } = this.snapshot;
    const k = domains.keyNumber(key);
    const tally = this.snapshot.spreadTally(selector, namespace, k);
    const expected = new Map<string, number>();
    for (const pod of this.store.list('Pod')) {
      const value = pod.spec.nodeName === undefined ? undefined : this.store.get('Node', '', pod.spec.nodeName)?.metadata.labels[key];
      if (pod.metadata.namespace !== namespace || value === undefined || !selectorMatches(selector, pod.metadata.labels)) continue;
      expected.set(value, (expected.get(value) ?? 0) + 1);
    }
    for (const [name, state] of this.snapshot.nodes) {
      const id = domains.of(state.slot, k);
      const counted = id < tally.length ? tally[id] : 0;
      expect(counted, `${key}=${state.labels[key]} (node ${name})`).toBe(expected.get(state.labels[key] as string) ?? 0);
    }
  }
}

describe('spread tallies', () => {
  it('equal counting the matching placed pods after any sequence of pod and node changes (property)', () => {
    fc.assert(
      fc.property(fc.array(ops, { minLength: 5, maxLength: 40 }), (sequence) => {
        const cluster = new Cluster();
        // Asked after every change in one namespace, the tallies catch up from the log; asked in
        // the others at the end, they are recounted.
        const askAll = (namespace: string): void => {
          for (const selector of SELECTORS) for (const key of KEYS) cluster.check(selector, namespace, key);
        };
        for (const op of sequence) {
          cluster.apply(op);
          askAll('ns0');
        }
        askAll('ns1');
        askAll('default');
      }),
      { numRuns: 150 },
    );
  });

  it('catch up from the log: the tally of a selector asked before follows later placements', () => {
    const cluster = new Cluster();
    const selector = SELECTORS[0] as LabelSelector;
    const zone = cluster.snapshot.domains.keyNumber('zone');
    const before = cluster.snapshot.spreadTally(selector, 'ns0', zone);
    expect(Array.from(before).every((count) => count === 0)).toBe(true);
    cluster.apply({ op: 'place', pod: 1, node: 0, labels: 0, namespace: 0 });
    cluster.apply({ op: 'place', pod: 2, node: 3, labels: 1, namespace: 0 });
    cluster.apply({ op: 'place', pod: 3, node: 1, labels: 2, namespace: 0 });
    const after = cluster.snapshot.spreadTally(selector, 'ns0', zone);
    const zoneA = cluster.snapshot.domains.of(cluster.snapshot.nodes.get('n0')!.slot, zone);
    expect(after[zoneA]).toBe(2); // n0 and n3 are both in zone a; the db pod does not match
    cluster.check(selector, 'ns0', 'zone');
  });

  it('recount a tally whose records the log no longer keeps, even when replaying would be allowed', () => {
    // 7,000 matching pods allow a replay of 7,256 records; 5,300 changes later the log has
    // dropped the records after the tally's position (it keeps between 4,096 and 8,191).
    const cluster = new Cluster();
    const selector = SELECTORS[0] as LabelSelector;
    const zone = cluster.snapshot.domains.keyNumber('zone');
    for (let i = 0; i < 7000; i++) cluster.apply({ op: 'place', pod: 100 + i, node: i % 5, labels: 0, namespace: 0 });
    cluster.snapshot.spreadTally(selector, 'ns0', zone);
    cluster.apply({ op: 'place', pod: 2, node: 2, labels: 0, namespace: 0 }); // a record the log will drop
    for (let i = 0; i < 5300; i++) cluster.apply({ op: 'place', pod: 100_000 + i, node: i % 5, labels: 2, namespace: 0 });
    cluster.apply({ op: 'place', pod: 1, node: 1, labels: 0, namespace: 0 });
    cluster.check(selector, 'ns0', 'zone');
  });
});
