import { describe, expect, it } from 'vitest';
import type { PodTemplate } from '../../../src/models/api/objects.js';
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

  it('takes extra fields over the template and copies the tolerations, so admission cannot edit the template', () => {
    const t = template();
    const pod = podFromTemplate(t, 'a', 'default', owner, { labels: { extra: 'x' }, spec: { nodeName: 'n1', priority: 5 } });
    expect(pod.spec.nodeName).toBe('n1');
    expect(pod.spec.priority).toBe(5);
    expect(pod.spec.containers).toBe(t.spec.containers);
    expect(pod.spec.tolerations).toEqual(t.spec.tolerations);
    expect(pod.spec.tolerations).not.toBe(t.spec.tolerations);
    expect(pod.metadata.labels).toEqual({ app: 'web', extra: 'x' });
    expect(pod.metadata.ownerReference).toEqual({ kind: 'ReplicaSet', name: 'web-abc', uid: 7 });
  });
});
