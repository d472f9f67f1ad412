import { describe, expect, it } from 'vitest';
import type { PodTemplate } from '../../../src/models/api/objects.js';
import { admitPod } from '../../../src/models/api/admission.js';
import { podFromTemplate } from '../../../src/models/controllers/pod-factory.js';

const owner = { kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default', uid: 7, labels: {}, annotations: {}, resourceVersion: 1, generation: 1, creationTimestamp: 0 } };

function template(spec: Partial<PodTemplate['spec']> = {}): PodTemplate {
  return {
    labels: { app: 'web' },
    annotations: {},
    spec: {
      containers: [{ name: 'app', image: 'web:1', requests: { cpu: 100, memory: 1 }, limits: {} }],
      initContainers: [],
      tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
      topologySpreadConstraints: [],
      priority: 0,
      terminationGracePeriod: 30_000,
      restartPolicy: 'Always',
      volumeClaims: [],
      baseUsage: { cpu: 10, memory: 20 },
      ...spec,
    },
  };
}

describe('podFromTemplate', () => {
  it('writes every spec field in one order, whatever the template holds, so all pods share one shape', () => {
    const plain = podFromTemplate(template(), 'a', 'default', owner);
    const rich = podFromTemplate(template({ nodeSelector: { disk: 'ssd' }, overhead: { cpu: 5 } }), 'b', 'default', owner, { spec: { nodeName: 'n1' } });
    expect(Object.keys(plain.spec)).toEqual(Object.keys(rich.spec));
    expect(Object.keys(plain.spec)[0]).toBe('nodeName');
    expect(plain.spec.nodeName).toBeUndefined();
  });

  it('takes extra fields over the template, sharing what nobody edits in place', () => {
    const t = template();
    const pod = podFromTemplate(t, 'a', 'default', owner, { labels: { extra: 'x' }, spec: { nodeName: 'n1', priority: 5 } });
    expect(pod.spec.nodeName).toBe('n1');
    expect(pod.spec.priority).toBe(5);
    expect(pod.spec.containers).toBe(t.spec.containers);
    expect(pod.spec.tolerations).toBe(t.spec.tolerations);
    expect(pod.metadata.labels).toEqual({ app: 'web', extra: 'x' });
    expect(pod.metadata.ownerReference).toEqual({ kind: 'ReplicaSet', name: 'web-abc', uid: 7 });
    expect(podFromTemplate(t, 'b', 'default', owner).metadata.ownerReference).toBe(pod.metadata.ownerReference);
  });

  it('admission replaces the shared tolerations list, leaving the template as it was', () => {
    const t = template();
    const settings = { defaultNotReadyTolerationSeconds: 300, defaultUnreachableTolerationSeconds: 300 };
    const [a, b] = [podFromTemplate(t, 'a', 'default', owner), podFromTemplate(t, 'b', 'default', owner)];
    admitPod(a, settings);
    admitPod(b, settings);
    expect(t.spec.tolerations).toEqual([{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }]);
    expect(a.spec.tolerations.map((x) => x.key)).toEqual(['k', 'node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']);
    expect(b.spec.tolerations).toBe(a.spec.tolerations);
    const other = podFromTemplate(t, 'c', 'default', owner);
    admitPod(other, { defaultNotReadyTolerationSeconds: 60, defaultUnreachableTolerationSeconds: 60 });
    expect(other.spec.tolerations.map((x) => x.tolerationSeconds)).toEqual([undefined, 60, 60]);
  });
});
