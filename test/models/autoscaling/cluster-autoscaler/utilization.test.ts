// Node utilization for scale-down. Cases transcribed from kubernetes/autoscaler
// cluster-autoscaler/simulator/utilization/info_test.go TestCalculate (cpu/memory part):
// BuildTestNode("node1", 2000, 2000000); pod = BuildTestPod("p1", 100, 200000); pod2 = BuildTestPod("p2", -1, -1) (no requests).
import { describe, expect, it } from 'vitest';
import {
  isAtOrBelowUtilizationThreshold,
  isPodLongTerminating,
  isUnderutilized,
  nodeUtilization,
  type UtilizationPod,
} from '../../../../src/models/autoscaling/cluster-autoscaler/utilization.js';

const testTime = Date.UTC(2020, 11, 18, 17, 0, 0);
const node = { cpuMilli: 2000, memoryBytes: 2000000 };
const pod: UtilizationPod = { cpuMilli: 100, memoryBytes: 200000 };
const pod2: UtilizationPod = { cpuMilli: 0, memoryBytes: 0 };
const daemonSetPod: UtilizationPod = { ...pod, daemonSet: true };
const mirrorPod: UtilizationPod = { ...pod, mirror: true };
const opts = (skipDaemonSetPods = false, skipMirrorPods = false) => ({ skipDaemonSetPods, skipMirrorPods, nowMs: testTime });

describe('TestCalculate (upstream)', () => {
  it('two pods on a 2000m / 2 MB node: 0.2 (memory), cpu 0.1', () => {
    const info = nodeUtilization(node, [pod, pod, pod2], opts());
    expect(info?.utilization).toBeCloseTo(2.0 / 10, 12);
    expect(info?.cpu).toBe(0.1);
    expect(info?.resource).toBe('memory');
  });
  it('a node without memory allocatable is an error', () => {
    expect(nodeUtilization({ cpuMilli: 2000 }, [pod, pod, pod2], opts())).toBeUndefined();
    expect(nodeUtilization({ cpuMilli: 2000, memoryBytes: 0 }, [pod], opts())).toBeUndefined();
  });
  it('with skipped DaemonSet pods: their requests leave allocatable (2.5/10)', () => {
    const info = nodeUtilization(node, [pod, pod, pod2, daemonSetPod, { ...daemonSetPod }], opts(true));
    expect(info?.utilization).toBeCloseTo(2.5 / 10, 12);
  });
  it('DaemonSet pods count when not skipped', () => {
    expect(nodeUtilization(node, [pod, pod2, daemonSetPod], opts())?.utilization).toBeCloseTo(2.0 / 10, 12);
  });
  it('a long-terminating pod is ignored', () => {
    const terminated = { ...pod, deletionTimestampMs: testTime - 10 * 60_000 };
    expect(nodeUtilization(node, [pod, pod, pod2, terminated], opts())?.utilization).toBeCloseTo(2.0 / 10, 12);
  });
  it('with skipped mirror pods (2/9)', () => {
    expect(nodeUtilization(node, [pod, pod, pod2, mirrorPod], opts(false, true))?.utilization).toBeCloseTo(2.0 / 9.0, 12);
  });
  it('mirror pods count when not skipped', () => {
    expect(nodeUtilization(node, [pod, pod2, mirrorPod], opts())?.utilization).toBeCloseTo(2.0 / 10, 12);
  });
  it('both skipped (1/8)', () => {
    expect(nodeUtilization(node, [pod, mirrorPod, daemonSetPod], opts(true, true))?.utilization).toBeCloseTo(1.0 / 8.0, 12);
  });
});

describe('long-terminating pods (drain.IsPodLongTerminating)', () => {
  it('deletion + grace period + 30 s must be strictly before now', () => {
    const deleted = { ...pod, deletionTimestampMs: 1000, terminationGracePeriodMs: 10_000 };
    expect(isPodLongTerminating(deleted, 1000 + 40_000)).toBe(false);
    expect(isPodLongTerminating(deleted, 1000 + 40_001)).toBe(true);
    expect(isPodLongTerminating({ ...pod, deletionTimestampMs: 0 }, 60_000)).toBe(false);
    expect(isPodLongTerminating({ ...pod, deletionTimestampMs: 0 }, 60_001)).toBe(true);
    expect(isPodLongTerminating(pod, 1e12)).toBe(false);
  });
});

describe('scale-down candidate by utilization', () => {
  it('at or below the threshold (default 0.5)', () => {
    expect(isAtOrBelowUtilizationThreshold(0.5)).toBe(true);
    expect(isAtOrBelowUtilizationThreshold(0.5000001)).toBe(false);
    expect(isAtOrBelowUtilizationThreshold(0)).toBe(true);
    expect(isAtOrBelowUtilizationThreshold(0.7, 0.7)).toBe(true);
  });
  it('cpu is the larger utilization', () => {
    const info = nodeUtilization({ cpuMilli: 1000, memoryBytes: 1000 }, [{ cpuMilli: 500, memoryBytes: 100 }], opts());
    expect(info).toEqual({ cpu: 0.5, memory: 0.1, resource: 'cpu', utilization: 0.5 });
    expect(isUnderutilized({ cpuMilli: 1000, memoryBytes: 1000 }, [{ cpuMilli: 500, memoryBytes: 100 }], opts())).toBe(true);
    expect(isUnderutilized({ cpuMilli: 1000, memoryBytes: 1000 }, [{ cpuMilli: 501, memoryBytes: 100 }], opts())).toBe(false);
    expect(isUnderutilized({ cpuMilli: 1000, memoryBytes: 1000 }, [{ cpuMilli: 501, memoryBytes: 100 }], { ...opts(), threshold: 0.6 })).toBe(true);
    expect(isUnderutilized({ cpuMilli: 0, memoryBytes: 1000 }, [], opts())).toBe(false);
  });
});
