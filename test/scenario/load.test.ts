// Loading valid scenarios: defaults, multi-document files, manifest globs, --set overrides.
import { describe, expect, it } from 'vitest';
import { HOUR, SECOND } from '../../src/kernel/index.js';
import { InputError } from '../../src/scenario/errors.js';
import { loadScenario } from '../../src/scenario/load.js';

const fixture = (name: string): string => new URL(`../fixtures/good/${name}`, import.meta.url).pathname;

describe('loadScenario', () => {
  it('fills Kubernetes and podsim defaults for everything left out', () => {
    const s = loadScenario(fixture('minimal.yaml'));
    expect(s.duration).toBe(24 * HOUR);
    expect(s.seed).toBe(1);
    expect(s.controlPlane.nodeLeaseDuration).toBe(40 * SECOND);
    expect(s.controlPlane.nodeMonitorPeriod).toBe(5 * SECOND);
    expect(s.controlPlane.nodeMonitorGracePeriod).toBe(50 * SECOND);
    expect(s.controlPlane.nodeStartupGracePeriod).toBe(60 * SECOND);
    expect(s.controlPlane.nodeStatusReportFrequency).toBe(300 * SECOND);
    expect(s.controlPlane.defaultUnreachableTolerationSeconds).toBe(300);
    expect(s.controlPlane.scheduler.scoringStrategy).toBe('LeastAllocated');
    const pool = s.nodePools[0]!;
    expect(pool.capacity).toEqual({ cpu: 2000, memory: 8 * 2 ** 30, pods: 110 });
    expect(pool.allocatable).toEqual(pool.capacity);
    expect(pool.zones).toEqual(['zone-a']);
    expect(s.workloads).toEqual([]);
  });

  it('reads extra documents and manifest globs, converting quantities', () => {
    const s = loadScenario(fixture('with-manifests.yaml'));
    expect(s.workloads.map((w) => `${w.kind}/${w.metadata.name}`)).toEqual(['Service/web', 'Deployment/web', 'PodDisruptionBudget/web']);
    const deployment = s.workloads[1]!;
    if (deployment.kind !== 'Deployment') throw new Error('expected a Deployment');
    expect(deployment.spec.template.spec.containers[0]!.resources?.requests).toEqual({ cpu: 250, memory: 256 * 2 ** 20 });
    expect(s.nodePools[0]!.allocatable).toEqual({ cpu: 3900, memory: 15 * 2 ** 30, pods: 50 });
    expect(s.duration).toBe(HOUR);
    expect(s.seed).toBe(42);
  });

  it('lets nodeStatusReportFrequency follow an explicit nodeStatusUpdateFrequency, as the kubelet does', () => {
    const s = loadScenario(fixture('with-manifests.yaml'));
    expect(s.controlPlane.nodeStatusUpdateFrequency).toBe(20 * SECOND);
    expect(s.controlPlane.nodeStatusReportFrequency).toBe(20 * SECOND);
  });

  it('applies --set overrides, --seed and --duration', () => {
    const s = loadScenario(fixture('with-manifests.yaml'), {
      sets: ['spec.nodePools[name=general].count=7', 'spec.controlPlane.nodeMonitorGracePeriod=20s', 'spec.nodePools[0].spot=true'],
      seed: 9,
      duration: '2d',
    });
    expect(s.nodePools[0]!.count).toBe(7);
    expect(s.nodePools[0]!.spot).toBe(true);
    expect(s.controlPlane.nodeMonitorGracePeriod).toBe(20 * SECOND);
    expect(s.seed).toBe(9);
    expect(s.duration).toBe(48 * HOUR);
  });

  it('says when an invalid value came from --set', () => {
    expect(() => loadScenario(fixture('minimal.yaml'), { sets: ['spec.nodePools[0].count=-1'] })).toThrow(/comes from --set spec\.nodePools\[0\]\.count=-1/);
  });

  it('rejects a --set path that names nothing, listing the names there are', () => {
    expect(() => loadScenario(fixture('minimal.yaml'), { sets: ['spec.nodePools[name=gpu].count=1'] })).toThrow(/no element named "gpu" \(names: general\)/);
  });

  it('rejects a bad --duration as invalid input', () => {
    expect(() => loadScenario(fixture('minimal.yaml'), { duration: '2 hours' })).toThrow(InputError);
  });

  it('loads every bundled scenario', async () => {
    const { readdirSync } = await import('node:fs');
    const dir = new URL('../../scenarios/', import.meta.url).pathname;
    const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(loadScenario(dir + file).name).toMatch(/^[a-z0-9-]+$/);
  });
});
