// KubeletStall: a kubelet out of touch with the API server while its containers go on serving.
// One replica pinned to general-0, a second node so that the zone is not wholly disrupted (in
// which case Kubernetes stops evicting): a stall shorter than the eviction timeout costs only the time the
// pod is marked not ready (a false alarm, no eviction); a longer one also gets the pod evicted
// from a live node, and it is replaced when the kubelet is back.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';

function scenario(failures: string, grace = '50s'): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'podsim-stall-')), 'stall.yaml');
  writeFileSync(
    file,
    `apiVersion: podsim.dev/v1alpha1
kind: Scenario
metadata: { name: stall }
spec:
  duration: 1h
  controlPlane: { nodeMonitorGracePeriod: ${grace} }
  podStartup: { imagePull: 5s, containerStart: 1s }
  nodePools:
    - { name: general, count: 2, zones: [zone-a], capacity: { cpu: "4", memory: 16Gi, pods: 110 }, pricePerHour: 0.2 }
  workloads:
    - apiVersion: apps/v1
      kind: Deployment
      metadata: { name: web }
      spec:
        replicas: 1
        selector: { matchLabels: { app: web } }
        template:
          metadata: { labels: { app: web } }
          spec:
            nodeSelector: { kubernetes.io/hostname: general-0 }
            containers: [ { name: web, image: nginx, resources: { requests: { cpu: 250m, memory: 256Mi } } } ]
    - { apiVersion: v1, kind: Service, metadata: { name: web }, spec: { selector: { app: web }, ports: [ { port: 80 } ] } }
  availability: [ { service: web } ]
  failures:
${failures}
`,
  );
  return file;
}

describe('KubeletStall', () => {
  it('a 2-minute stall: the node is marked Unknown and its pod not ready (false downtime), nothing is evicted', () => {
    const { result, outages } = runScenario(loadScenario(scenario('    - { type: KubeletStall, node: general-0, at: 30m, duration: 2m }')));
    expect(result.failures.kubeletStalls).toBe(1);
    expect(result.failures.nodesMarkedUnknownWhileAlive).toBe(1);
    expect(result.failures.evictionsFromLiveNodes).toBe(0);
    expect(result.controlPlane.evictions).toBe(0);
    // Down from the Unknown mark (last renewal ≤ 10 s before the stall, + 50 s grace, on 5 s
    // ticks) until the kubelet is back at 32m and marks its pod ready again at once.
    expect(outages).toHaveLength(1);
    const [outage] = outages;
    expect(outage!.end).toBe(32 * 60_000);
    expect(outage!.start).toBeGreaterThan(30 * 60_000 + 40_000);
    expect(outage!.start).toBeLessThanOrEqual(30 * 60_000 + 55_000);
    expect(result.failures.nodeCrashes).toBe(0);
  });

  it('a stall shorter than the grace period raises no alarm at all', () => {
    const { result, outages } = runScenario(loadScenario(scenario('    - { type: KubeletStall, node: general-0, at: 30m, duration: 30s }')));
    expect(result.failures.nodesMarkedUnknownWhileAlive).toBe(0);
    expect(outages).toEqual([]);
  });

  it('the same 30 s stall is a false alarm with a 20 s grace period', () => {
    const { result } = runScenario(loadScenario(scenario('    - { type: KubeletStall, node: general-0, at: 30m, duration: 30s }', '20s')));
    expect(result.failures.nodesMarkedUnknownWhileAlive).toBe(1);
  });

  it('a 10-minute stall: the pod is evicted from a live node and replaced after the kubelet is back', () => {
    const { result, outages } = runScenario(loadScenario(scenario('    - { type: KubeletStall, node: general-0, at: 30m, duration: 10m }')));
    expect(result.failures.evictionsFromLiveNodes).toBe(1);
    expect(result.controlPlane.evictions).toBe(1);
    // The replacement waits for its node: scheduled once the taints go, it starts at 40m
    // and later (cached image, 1 s container start); the service is up again after that.
    expect(outages).toHaveLength(1);
    expect(outages[0]!.end).toBeGreaterThan(40 * 60_000);
    expect(outages[0]!.end).toBeLessThan(41 * 60_000);
    expect(result.services[0]!.availability).toBeLessThan(1);
  });
});
