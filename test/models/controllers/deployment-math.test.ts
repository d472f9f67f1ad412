// Deployment controller math: every case of the upstream vector file deployment_util.json, extra
// cases transcribed from the upstream test tables (each cites its test), and fast-check properties of
// a rolling update driven by these functions.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  type DeploymentLike,
  type IntOrString,
  type ReplicaSetLike,
  cleanupUnhealthyReplicas,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  findActiveOrLatest,
  getProportion,
  getReplicaSetFraction,
  getScaledValueFromIntOrPercent,
  isSaturated,
  maxSurge,
  maxUnavailable,
  minAvailable,
  newRSNewReplicas,
  proportionalScale,
  reconcileNewReplicaSet,
  reconcileOldReplicaSets,
  resolveFenceposts,
  rollingUpdateStep,
  scaleDownOldReplicaSetsForRollingUpdate,
} from '../../../src/models/controllers/algorithms/deployment-math.js';

// ---------------------------------------------------------------------------------------------
// Upstream vectors (deployment_util.json)
// ---------------------------------------------------------------------------------------------

interface VectorCase {
  name: string;
  source: string;
  function: string;
  [field: string]: any;
}

const vectors = JSON.parse(
  readFileSync(new URL('../../fixtures/upstream/vectors/deployment_util.json', import.meta.url), 'utf8'),
) as VectorCase[];

const intOrString = (v: unknown): IntOrString | undefined => (v === null || v === undefined ? undefined : (v as IntOrString));

function runVector(c: VectorCase): void {
  switch (c.function) {
    case 'ResolveFenceposts': {
      const got = resolveFenceposts(intOrString(c.maxSurge), intOrString(c.maxUnavailable), c.desiredReplicas);
      expect(got.error !== undefined, 'error expected?').toBe(c.expected.error === true);
      expect({ surge: got.surge, unavailable: got.unavailable }).toEqual({ surge: c.expected.surge, unavailable: c.expected.unavailable });
      return;
    }
    case 'NewRSNewReplicas': {
      const d: DeploymentLike = {
        replicas: c.deploymentReplicas,
        strategy: c.strategy,
        maxSurge: intOrString(c.maxSurge),
        maxUnavailable: intOrString(c.maxUnavailable),
      };
      // Upstream passes allRSs = [the old RS] and the new RS separately.
      const allRSs = (c.oldRSReplicas as number[]).map((replicas) => ({ replicas }));
      expect(newRSNewReplicas(d, allRSs, c.newRSReplicas)).toBe(c.expected.newRSReplicas);
      return;
    }
    case 'DeploymentComplete': {
      const got = deploymentComplete(
        { replicas: c.desired },
        { replicas: c.statusReplicas, updatedReplicas: c.updatedReplicas, availableReplicas: c.availableReplicas },
      );
      expect(got).toBe(c.expected.complete);
      return;
    }
    case 'MaxUnavailable': {
      const d: DeploymentLike = {
        replicas: c.replicas ?? 0,
        strategy: c.strategy,
        maxSurge: intOrString(c.maxSurge),
        maxUnavailable: intOrString(c.maxUnavailable),
      };
      expect(maxUnavailable(d)).toBe(c.expected.maxUnavailable);
      return;
    }
    default:
      throw new Error(`unknown vector function ${c.function}`);
  }
}

describe('deployment_util.json upstream vectors', () => {
  it('has cases', () => expect(vectors.length).toBeGreaterThan(0));
  for (const c of vectors) {
    it(`${c.function}: ${c.name}`, () => runVector(c));
  }
});

// ---------------------------------------------------------------------------------------------
// Extra cases transcribed from kubernetes/kubernetes pkg/controller/deployment/util/deployment_util_test.go
// ---------------------------------------------------------------------------------------------

describe('TestResolveFenceposts (all upstream rows)', () => {
  const rows: Array<[string | null, string | null, number, number, number, boolean]> = [
    ['0%', '0%', 0, 0, 1, false],
    ['39%', '39%', 10, 4, 3, false],
    ['oops', '39%', 10, 0, 0, true],
    ['55%', 'urg', 10, 0, 0, true],
    [null, '39%', 10, 0, 3, false],
    ['39%', null, 10, 4, 0, false],
    [null, null, 10, 0, 1, false],
  ];
  for (const [s, u, desired, es, eu, err] of rows) {
    it(`maxSurge=${s} maxUnavailable=${u} desired=${desired}`, () => {
      const got = resolveFenceposts(s ?? undefined, u ?? undefined, desired);
      expect([got.surge, got.unavailable, got.error !== undefined]).toEqual([es, eu, err]);
    });
  }
});

describe('intstr scaling', () => {
  it('rounds percentages up or down and passes ints through', () => {
    expect(getScaledValueFromIntOrPercent('25%', 10, true)).toBe(3);
    expect(getScaledValueFromIntOrPercent('25%', 10, false)).toBe(2);
    expect(getScaledValueFromIntOrPercent(7, 10, false)).toBe(7);
    expect(getScaledValueFromIntOrPercent('7', 10, false)).toBe(7);
  });
  it('rejects malformed values', () => {
    expect(() => getScaledValueFromIntOrPercent('oops', 10, true)).toThrow(/not a percentage/);
    expect(() => getScaledValueFromIntOrPercent('x%', 10, true)).toThrow(/invalid value/);
    expect(() => getScaledValueFromIntOrPercent(undefined, 10, true)).toThrow(/nil/);
  });
});

describe('TestNewRSNewReplicas (all upstream rows; allRSs = [old RS with 5])', () => {
  const rows: Array<[string, 'RollingUpdate' | 'Recreate', number, number, number, number]> = [
    ['can not scale up - to newRSReplicas', 'RollingUpdate', 1, 5, 1, 5],
    ['scale up - to depReplicas', 'RollingUpdate', 6, 2, 10, 6],
    ['recreate - to depReplicas', 'Recreate', 3, 1, 1, 3],
  ];
  for (const [name, strategy, depReplicas, newRSReplicas, surge, expected] of rows) {
    it(name, () => {
      const d: DeploymentLike = { replicas: depReplicas, strategy, maxSurge: surge, maxUnavailable: 1 };
      expect(newRSNewReplicas(d, [{ replicas: 5 }], newRSReplicas)).toBe(expected);
    });
  }
});

describe('TestDeploymentComplete (all upstream rows)', () => {
  // deployment(desired, current, updated, available, maxUnavailable, maxSurge)
  const rows: Array<[string, number, number, number, number, boolean]> = [
    ['not complete: min but not all pods become available', 5, 5, 5, 4, false],
    ['not complete: min availability is not honored', 5, 5, 5, 3, false],
    ['complete', 5, 5, 5, 5, true],
    ['not complete: all pods are available but not updated', 5, 5, 4, 5, false],
    ['not complete: still running old pods', 1, 2, 1, 1, false],
    ['not complete: one replica deployment never comes up', 1, 1, 1, 0, false],
  ];
  for (const [name, desired, current, updated, available, expected] of rows) {
    it(name, () => {
      expect(deploymentComplete({ replicas: desired }, { replicas: current, updatedReplicas: updated, availableReplicas: available })).toBe(expected);
    });
  }
  it('honours observedGeneration when given', () => {
    const status = { replicas: 2, updatedReplicas: 2, availableReplicas: 2 };
    expect(deploymentComplete({ replicas: 2, generation: 3 }, { ...status, observedGeneration: 2 })).toBe(false);
    expect(deploymentComplete({ replicas: 2, generation: 3 }, { ...status, observedGeneration: 3 })).toBe(true);
  });
});

describe('TestDeploymentProgressing (all upstream rows)', () => {
  // (current, updated, ready, available) before and after
  const rows: Array<[string, [number, number, number, number], [number, number, number, number], boolean]> = [
    ['progressing: updated pods', [10, 4, 4, 4], [10, 6, 4, 4], true],
    ['not progressing', [10, 4, 4, 4], [10, 4, 4, 4], false],
    ['progressing: old pods removed', [10, 4, 6, 6], [8, 4, 6, 6], true],
    ['not progressing: less new pods', [10, 7, 3, 3], [10, 6, 3, 3], false],
    ['progressing: less overall but more new pods', [10, 4, 7, 7], [8, 8, 5, 5], true],
    ['progressing: more ready pods', [10, 10, 9, 8], [10, 10, 10, 8], true],
    ['progressing: more available pods', [10, 10, 10, 9], [10, 10, 10, 10], true],
  ];
  const status = ([replicas, updatedReplicas, readyReplicas, availableReplicas]: [number, number, number, number]) => ({
    replicas,
    updatedReplicas,
    readyReplicas,
    availableReplicas,
  });
  for (const [name, before, after, expected] of rows) {
    it(name, () => expect(deploymentProgressing(status(before), status(after))).toBe(expected));
  }
});

describe('TestDeploymentTimedOut (all upstream rows)', () => {
  const t = (min: number, sec: number) => (min * 60 + sec) * 1000;
  const rows: Array<[string, number | null, string, number, number, boolean]> = [
    ['nil progressDeadlineSeconds specified - no timeout', null, '', t(1, 9), t(1, 20), false],
    ['infinite progressDeadlineSeconds specified - no timeout', 2_147_483_647, '', t(1, 9), t(1, 20), false],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:09 => 11s', 10, '', t(1, 9), t(1, 20), true],
    ['progressDeadlineSeconds: 10s, now - started => 00:01:20 - 00:01:11 => 9s', 10, '', t(1, 11), t(1, 20), false],
    ['previous status was a complete deployment', null, 'NewReplicaSetAvailable', 0, 0, false],
  ];
  for (const [name, pds, reason, from, now, expected] of rows) {
    it(name, () => expect(deploymentTimedOut(pds, { reason, lastUpdateTime: from }, now)).toBe(expected));
  }
  it('exactly at the deadline is not yet timed out (strict Before)', () => {
    expect(deploymentTimedOut(10, { reason: 'ReplicaSetUpdated', lastUpdateTime: 0 }, 10_000)).toBe(false);
    expect(deploymentTimedOut(10, { reason: 'ReplicaSetUpdated', lastUpdateTime: 0 }, 10_001)).toBe(true);
  });
});

describe('TestMaxUnavailable (all upstream rows; maxSurge 1)', () => {
  const rows: Array<[string, number, IntOrString, number]> = [
    ['maxUnavailable less than replicas', 10, 5, 5],
    ['maxUnavailable equal replicas', 10, 10, 10],
    ['maxUnavailable greater than replicas', 5, 10, 5],
    ['maxUnavailable with replicas is 0', 0, 10, 0],
    ['maxUnavailable less than replicas with percents', 10, '50%', 5],
    ['maxUnavailable equal replicas with percents', 10, '100%', 10],
    ['maxUnavailable greater than replicas with percents', 5, '100%', 5],
  ];
  for (const [name, replicas, mu, expected] of rows) {
    it(name, () => expect(maxUnavailable({ replicas, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: mu })).toBe(expected));
  }
  it('maxUnavailable with Recreate deployment strategy', () => {
    expect(maxUnavailable({ replicas: 0, strategy: 'Recreate' })).toBe(0);
    expect(maxSurge({ replicas: 3, strategy: 'Recreate', maxSurge: 2 })).toBe(0);
  });
});

describe('TestMinAvailable (all upstream rows; maxSurge 1)', () => {
  const rows: Array<[string, number, IntOrString, number]> = [
    ['replicas greater than maxUnavailable', 10, 5, 5],
    ['replicas equal maxUnavailable', 10, 10, 0],
    ['replicas less than maxUnavailable', 5, 10, 0],
    ['replicas is 0', 0, 10, 0],
    ['replicas greater than maxUnavailable with percents', 10, '60%', 4],
    ['replicas equal maxUnavailable with percents', 10, '100%', 0],
    ['replicas less than maxUnavailable with percents', 5, '100%', 0],
  ];
  for (const [name, replicas, mu, expected] of rows) {
    it(name, () => expect(minAvailable({ replicas, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: mu })).toBe(expected));
  }
  it('minAvailable with Recreate deployment strategy', () => expect(minAvailable({ replicas: 10, strategy: 'Recreate' })).toBe(0));
});

describe('TestGetReplicaSetFraction (all upstream rows; maxUnavailable 1)', () => {
  // [name, deploymentReplicas, deploymentStatusReplicas, maxSurge, rsReplicas, maxReplicasAnnotation, expected]
  const rows: Array<[string, number, number, number, number, number | undefined, number]> = [
    ['empty deployment always scales to 0', 0, 0, 0, 10, undefined, -10],
    ['unsynced deployment does not scale when max-replicas annotation is missing (removed by a 3rd party)', 10, 0, 0, 5, undefined, 0],
    ['unsynced deployment does not scale when max-replicas annotation is incorrectly set to 0 (by a 3rd party)', 10, 0, 0, 5, 0, 0],
    ['scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is missing (removed by a 3rd party)', 120, 100, 0, 50, undefined, 10],
    ['scale up by 1/5 should increase RS replicas by 1/5 when max-replicas annotation is incorrectly set to 0 (by a 3rd party)', 120, 100, 0, 50, 0, 10],
    ['scale up by 1/5 should increase RS replicas by 1/5', 120, 0, 0, 50, 100, 10],
    ['scale up with maxSurge by 1/5 should increase RS replicas approximately by 1/5', 120, 0, 10, 50, 110, 9],
    ['scale down by 1/6 should decrease RS replicas by 1/6', 10, 0, 0, 6, 12, -1],
    ['scale down with maxSurge by 1/6 should decrease RS replicas approximately by 1/6', 100, 0, 10, 50, 130, -8],
  ];
  for (const [name, replicas, statusReplicas, surge, rsReplicas, annotation, expected] of rows) {
    it(name, () => {
      const d: DeploymentLike = { replicas, statusReplicas, strategy: 'RollingUpdate', maxSurge: surge, maxUnavailable: 1 };
      const rs: ReplicaSetLike = { name: 'rs', replicas: rsReplicas, availableReplicas: 0, maxReplicasAnnotation: annotation };
      expect(getReplicaSetFraction(rs, d)).toBe(expected);
    });
  }
  it('GetProportion bounds the fraction by what is left to add or remove', () => {
    const d: DeploymentLike = { replicas: 120, strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 };
    const rs: ReplicaSetLike = { name: 'rs', replicas: 50, availableReplicas: 50, maxReplicasAnnotation: 100 };
    expect(getProportion(rs, d, 20, 0)).toBe(10);
    expect(getProportion(rs, d, 20, 15)).toBe(5);
    expect(getProportion(rs, d, 20, 20)).toBe(0);
    expect(getProportion(undefined, d, 20, 0)).toBe(0);
    const down: DeploymentLike = { replicas: 50, strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: 1 };
    expect(getProportion(rs, down, -50, 0)).toBe(-25);
    expect(getProportion(rs, down, -50, -40)).toBe(-10);
  });
});

describe('IsSaturated / FindActiveOrLatest', () => {
  const d: DeploymentLike = { replicas: 1, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 };
  it('TestAnnotationUtils/IsSaturated: spec, desired annotation and available all equal replicas', () => {
    expect(isSaturated(d, { name: 'a', replicas: 1, availableReplicas: 1, desiredReplicasAnnotation: 1 })).toBe(true);
    expect(isSaturated(d, { name: 'a', replicas: 1, availableReplicas: 0, desiredReplicasAnnotation: 1 })).toBe(false);
    expect(isSaturated(d, { name: 'a', replicas: 1, availableReplicas: 1 })).toBe(false);
  });
  it('returns the only active RS, the newest when none is active, nothing when several are', () => {
    const old1: ReplicaSetLike = { name: 'v1', replicas: 0, availableReplicas: 0, creationTimestamp: 1 };
    const old2: ReplicaSetLike = { name: 'v2', replicas: 0, availableReplicas: 0, creationTimestamp: 2 };
    expect(findActiveOrLatest(undefined, [old1, old2])?.name).toBe('v2');
    const newRS: ReplicaSetLike = { name: 'v3', replicas: 0, availableReplicas: 0, creationTimestamp: 3 };
    expect(findActiveOrLatest(newRS, [old1, old2])?.name).toBe('v3');
    expect(findActiveOrLatest(newRS, [{ ...old1, replicas: 2 }, old2])?.name).toBe('v1');
    expect(findActiveOrLatest({ ...newRS, replicas: 1 }, [{ ...old1, replicas: 2 }, old2])).toBeUndefined();
  });
});

// ---------------------------------------------------------------------------------------------
// Extra cases from kubernetes/kubernetes pkg/controller/deployment/rolling_test.go
// ---------------------------------------------------------------------------------------------

describe('TestDeploymentController_reconcileNewReplicaSet (all upstream rows; 10 replicas, maxUnavailable 0)', () => {
  // [maxSurge, oldReplicas, newReplicas, expected new replicas or undefined (no scaling)]
  const rows: Array<[number, number, number, number | undefined]> = [
    [0, 10, 0, undefined],
    [2, 10, 0, 2],
    [2, 5, 0, 7],
    [2, 10, 2, undefined],
    [2, 2, 11, 10],
  ];
  rows.forEach(([surge, oldReplicas, newReplicas, expected], i) => {
    it(`scenario ${i}: surge ${surge}, old ${oldReplicas}, new ${newReplicas}`, () => {
      const d: DeploymentLike = { replicas: 10, strategy: 'RollingUpdate', maxSurge: surge, maxUnavailable: 0 };
      const newRS: ReplicaSetLike = { name: 'foo-new', replicas: newReplicas, availableReplicas: newReplicas };
      const oldRS: ReplicaSetLike = { name: 'foo-old', replicas: oldReplicas, availableReplicas: oldReplicas };
      expect(reconcileNewReplicaSet(d, [newRS, oldRS], newRS)).toBe(expected);
    });
  });
});

describe('TestDeploymentController_reconcileOldReplicaSets (all upstream rows; 10 replicas, maxSurge 0)', () => {
  // [maxUnavailable, oldReplicas, newReplicas, readyFromOld, readyFromNew, scaleExpected, expectedOldReplicas]
  const rows: Array<[number, number, number, number, number, boolean, number]> = [
    [0, 10, 0, 10, 0, true, 9],
    [2, 10, 0, 10, 0, true, 8],
    [2, 10, 0, 8, 0, true, 8], // unhealthy old replicas cleaned up
    [2, 10, 0, 9, 0, true, 8], // 1 unhealthy cleaned up, 1 ready scaled down
    [2, 8, 2, 8, 0, false, 8], // unavailable new pods block further scale-down
  ];
  rows.forEach(([mu, oldReplicas, newReplicas, readyOld, readyNew, scaleExpected, expectedOld], i) => {
    it(`scenario ${i}`, () => {
      const d: DeploymentLike = { replicas: 10, strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: mu };
      const newRS: ReplicaSetLike = { name: 'foo-new', replicas: newReplicas, availableReplicas: readyNew };
      const oldRS: ReplicaSetLike = { name: 'foo-old', replicas: oldReplicas, availableReplicas: readyOld };
      const got = reconcileOldReplicaSets(d, [oldRS, newRS], [oldRS], newRS);
      expect(got.scaled).toBe(scaleExpected);
      expect(got.changes.get('foo-old') ?? oldReplicas).toBe(expectedOld);
    });
  });
  it('rolling.go comment, case 1: crashlooping new RS blocks old scale-down (13 − 8 − 5 = 0)', () => {
    const d: DeploymentLike = { replicas: 10, strategy: 'RollingUpdate', maxSurge: 3, maxUnavailable: 2 };
    const newRS: ReplicaSetLike = { name: 'new', replicas: 5, availableReplicas: 0, creationTimestamp: 2 };
    const oldRS: ReplicaSetLike = { name: 'old', replicas: 8, availableReplicas: 7, creationTimestamp: 1 };
    expect(reconcileOldReplicaSets(d, [oldRS, newRS], [oldRS], newRS)).toMatchObject({ scaled: false, maxScaledDown: 0 });
  });
  it('rolling.go comment, case 1 after rollback: 4 crashlooping pods of the (now old) RS are removed first', () => {
    const d: DeploymentLike = { replicas: 10, strategy: 'RollingUpdate', maxSurge: 3, maxUnavailable: 2 };
    const back: ReplicaSetLike = { name: 'good', replicas: 8, availableReplicas: 7, creationTimestamp: 1 };
    const crash: ReplicaSetLike = { name: 'crash', replicas: 5, availableReplicas: 0, creationTimestamp: 2 };
    const got = reconcileOldReplicaSets(d, [back, crash], [crash], back);
    expect(got.maxScaledDown).toBe(4);
    expect(got.cleanupCount).toBe(4);
    expect(got.changes.get('crash')).toBe(1);
  });
});

describe('TestDeploymentController_cleanupUnhealthyReplicas (all upstream rows; old RS of 10)', () => {
  const rows: Array<[number, number, number]> = [
    // [readyPods, maxCleanupCount, cleanupCountExpected]
    [8, 1, 1],
    [8, 3, 2],
    [8, 0, 0],
    [10, 3, 0],
  ];
  for (const [ready, max, expected] of rows) {
    it(`ready ${ready}, max ${max}`, () => {
      const got = cleanupUnhealthyReplicas([{ name: 'foo-v2', replicas: 10, availableReplicas: ready }], max);
      expect(got.count).toBe(expected);
      expect(got.changes.get('foo-v2') ?? 10).toBe(10 - expected);
    });
  }
  it('an RS reporting more available than spec replicas is an error (upstream returns an error)', () => {
    expect(cleanupUnhealthyReplicas([{ name: 'x', replicas: 2, availableReplicas: 3 }], 5).error).toMatch(/invalid request/);
  });
  it('oldest ReplicaSets are cleaned first', () => {
    const got = cleanupUnhealthyReplicas(
      [
        { name: 'b', replicas: 3, availableReplicas: 1, creationTimestamp: 5 },
        { name: 'a', replicas: 3, availableReplicas: 1, creationTimestamp: 1 },
      ],
      3,
    );
    expect([...got.changes]).toEqual([
      ['a', 1],
      ['b', 2],
    ]);
  });
});

describe('TestDeploymentController_scaleDownOldReplicaSetsForRollingUpdate (all upstream rows; 10 replicas, maxSurge 0)', () => {
  // [maxUnavailable, readyPods, oldReplicas, scaleExpected, expectedOldReplicas]
  const rows: Array<[number, number, number, boolean, number]> = [
    [0, 10, 10, true, 9],
    [2, 10, 10, true, 8],
    [2, 8, 10, false, 10],
    [2, 10, 0, false, 0],
    [2, 1, 10, false, 10],
  ];
  rows.forEach(([mu, ready, oldReplicas, scaleExpected, expectedOld], i) => {
    it(`scenario ${i}`, () => {
      const d: DeploymentLike = { replicas: 10, strategy: 'RollingUpdate', maxSurge: 0, maxUnavailable: mu };
      const oldRS: ReplicaSetLike = { name: 'foo-v2', replicas: oldReplicas, availableReplicas: ready };
      const got = scaleDownOldReplicaSetsForRollingUpdate(d, [oldRS], [oldRS]);
      expect(got.count > 0).toBe(scaleExpected);
      expect(got.changes.get('foo-v2') ?? oldReplicas).toBe(expectedOld);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// Extra cases from kubernetes/kubernetes pkg/controller/deployment/sync_test.go TestScale
// (newDeployment defaults: maxSurge 0, maxUnavailable 0; every RS carries the annotations the old
// deployment would have written: desired = old replicas, max = old replicas + old maxSurge).
// ---------------------------------------------------------------------------------------------

describe('TestScale (proportional scaling)', () => {
  interface ScaleRow {
    name: string;
    replicas: number;
    surge?: number;
    oldReplicas: number;
    oldSurge?: number;
    newRS?: [string, number];
    oldRSs: Array<[string, number]>;
    expectedNew?: number;
    expectedOld: number[];
    newAvailable?: number;
  }
  const NEW = 3;
  const OLD = 2;
  const OLDER = 1;
  const rows: ScaleRow[] = [
    { name: 'normal scaling event: 10 -> 12', replicas: 12, oldReplicas: 10, newRS: ['foo-v1', 10], oldRSs: [], expectedNew: 12, expectedOld: [] },
    { name: 'normal scaling event: 10 -> 5', replicas: 5, oldReplicas: 10, newRS: ['foo-v1', 10], oldRSs: [], expectedNew: 5, expectedOld: [] },
    { name: 'proportional scaling: 5 -> 10', replicas: 10, oldReplicas: 5, newRS: ['foo-v2', 2], oldRSs: [['foo-v1', 3]], expectedNew: 4, expectedOld: [6] },
    { name: 'proportional scaling: 5 -> 3', replicas: 3, oldReplicas: 5, newRS: ['foo-v2', 2], oldRSs: [['foo-v1', 3]], expectedNew: 1, expectedOld: [2] },
    { name: 'proportional scaling: 9 -> 4', replicas: 4, oldReplicas: 9, newRS: ['foo-v2', 8], oldRSs: [['foo-v1', 1]], expectedNew: 4, expectedOld: [0] },
    {
      name: 'proportional scaling: 7 -> 10',
      replicas: 10,
      oldReplicas: 7,
      newRS: ['foo-v3', 2],
      oldRSs: [
        ['foo-v2', 3],
        ['foo-v1', 2],
      ],
      expectedNew: 3,
      expectedOld: [4, 3],
    },
    {
      name: 'proportional scaling: 13 -> 8',
      replicas: 8,
      oldReplicas: 13,
      newRS: ['foo-v3', 2],
      oldRSs: [
        ['foo-v2', 8],
        ['foo-v1', 3],
      ],
      expectedNew: 1,
      expectedOld: [5, 2],
    },
    {
      name: 'leftover distribution: 3 -> 4',
      replicas: 4,
      oldReplicas: 3,
      newRS: ['foo-v3', 1],
      oldRSs: [
        ['foo-v2', 1],
        ['foo-v1', 1],
      ],
      expectedNew: 2,
      expectedOld: [1, 1],
    },
    {
      name: 'leftover distribution: 3 -> 2',
      replicas: 2,
      oldReplicas: 3,
      newRS: ['foo-v3', 1],
      oldRSs: [
        ['foo-v2', 1],
        ['foo-v1', 1],
      ],
      expectedNew: 1,
      expectedOld: [1, 0],
    },
    {
      name: 'proportional scaling (no new rs): 4 -> 5',
      replicas: 5,
      oldReplicas: 4,
      oldRSs: [
        ['foo-v2', 2],
        ['foo-v1', 2],
      ],
      expectedOld: [3, 2],
    },
    {
      name: 'proportional scaling: 6 -> 0',
      replicas: 0,
      oldReplicas: 6,
      newRS: ['foo-v3', 3],
      oldRSs: [
        ['foo-v2', 2],
        ['foo-v1', 1],
      ],
      expectedNew: 0,
      expectedOld: [0, 0],
    },
    {
      name: 'proportional scaling: 0 -> 6',
      replicas: 6,
      oldReplicas: 6,
      newRS: ['foo-v3', 0],
      oldRSs: [
        ['foo-v2', 0],
        ['foo-v1', 0],
      ],
      expectedNew: 6,
      expectedOld: [0, 0],
    },
    { name: 'deployment with surge pods', replicas: 20, surge: 2, oldReplicas: 10, oldSurge: 2, newRS: ['foo-v2', 6], oldRSs: [['foo-v1', 6]], expectedNew: 11, expectedOld: [11] },
    { name: 'change both surge and size', replicas: 50, surge: 6, oldReplicas: 10, oldSurge: 3, newRS: ['foo-v2', 5], oldRSs: [['foo-v1', 8]], expectedNew: 22, expectedOld: [34] },
    {
      name: 'change both size and template',
      replicas: 14,
      oldReplicas: 10,
      oldRSs: [
        ['foo-v2', 7],
        ['foo-v1', 3],
      ],
      expectedOld: [10, 4],
    },
    {
      name: 'saturated but broken new replica set does not affect old pods',
      replicas: 2,
      surge: 1,
      oldReplicas: 2,
      oldSurge: 1,
      newRS: ['foo-v2', 2],
      newAvailable: 0,
      oldRSs: [['foo-v1', 1]],
      expectedNew: 2,
      expectedOld: [1],
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const d: DeploymentLike = { replicas: row.replicas, strategy: 'RollingUpdate', maxSurge: row.surge ?? 0, maxUnavailable: row.surge === undefined ? 0 : 1 };
      const annotations = { desiredReplicasAnnotation: row.oldReplicas, maxReplicasAnnotation: row.oldReplicas + (row.oldSurge ?? 0) };
      const stamps = [NEW, OLD, OLDER];
      const newRS: ReplicaSetLike | undefined =
        row.newRS === undefined
          ? undefined
          : { name: row.newRS[0], replicas: row.newRS[1], availableReplicas: row.newAvailable ?? row.newRS[1], creationTimestamp: NEW, ...annotations };
      const oldRSs: ReplicaSetLike[] = row.oldRSs.map(([name, replicas], i) => ({
        name,
        replicas,
        availableReplicas: replicas,
        creationTimestamp: stamps[row.newRS === undefined ? i : i + 1] as number,
        ...annotations,
      }));
      const changes = proportionalScale(d, newRS, oldRSs);
      if (newRS !== undefined) expect(changes.get(newRS.name) ?? newRS.replicas).toBe(row.expectedNew);
      expect(oldRSs.map((rs) => changes.get(rs.name) ?? rs.replicas)).toEqual(row.expectedOld);
    });
  }
  it('a saturated new RS scales the old ones to 0', () => {
    const d: DeploymentLike = { replicas: 3, strategy: 'RollingUpdate', maxSurge: 1, maxUnavailable: 0 };
    const newRS: ReplicaSetLike = { name: 'n', replicas: 3, availableReplicas: 3, desiredReplicasAnnotation: 3, creationTimestamp: 2 };
    const changes = proportionalScale(d, newRS, [{ name: 'o', replicas: 1, availableReplicas: 1, creationTimestamp: 1 }]);
    expect([...changes]).toEqual([['o', 0]]);
  });
});

// ---------------------------------------------------------------------------------------------
// Property: a rolling update driven by these functions respects both fenceposts and completes
// ---------------------------------------------------------------------------------------------

interface SimRS {
  name: string;
  replicas: number;
  availableReplicas: number;
  creationTimestamp: number;
}

/** Apply a scale: new pods start unavailable; a scale-down removes unavailable pods first (ReplicaSet controller ranking). */
function applyScale(rs: SimRS, target: number): void {
  if (target >= rs.replicas) {
    rs.replicas = target;
    return;
  }
  const remove = rs.replicas - target;
  const unavailable = rs.replicas - rs.availableReplicas;
  rs.availableReplicas -= Math.max(0, remove - unavailable);
  rs.replicas = target;
}

const intOrPercent = fc.oneof(fc.integer({ min: 0, max: 6 }), fc.integer({ min: 0, max: 100 }).map((p) => `${p}%`));

describe('rolling update property (fast-check)', () => {
  it('total pods ≤ replicas + maxSurge, available ≥ replicas − maxUnavailable, and the rollout completes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        intOrPercent,
        intOrPercent,
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 64 }),
        (desired, surgeSpec, unavailSpec, oldWeights, readiness) => {
          const d: DeploymentLike = { replicas: desired, strategy: 'RollingUpdate', maxSurge: surgeSpec, maxUnavailable: unavailSpec };
          const surge = maxSurge(d);
          const minAvail = desired - maxUnavailable(d);
          // Old ReplicaSets (oldest first) sharing `desired` fully available pods.
          const weightSum = oldWeights.reduce((a, b) => a + b, 0);
          let assigned = 0;
          const oldRSs: SimRS[] = oldWeights.map((w, i) => {
            const replicas = i === oldWeights.length - 1 ? desired - assigned : Math.floor((desired * w) / weightSum);
            assigned += replicas;
            return { name: `old-${i}`, replicas, availableReplicas: replicas, creationTimestamp: i };
          });
          const newRS: SimRS = { name: 'new', replicas: 0, availableReplicas: 0, creationTimestamp: 100 };
          const all = [...oldRSs, newRS];
          const check = () => {
            expect(all.reduce((s, rs) => s + rs.replicas, 0)).toBeLessThanOrEqual(desired + surge);
            expect(all.reduce((s, rs) => s + rs.availableReplicas, 0)).toBeGreaterThanOrEqual(minAvail);
          };
          check();
          const maxSteps = 4 * desired + 200;
          for (let step = 0; step < maxSteps; step++) {
            const done =
              newRS.replicas === desired && newRS.availableReplicas === desired && oldRSs.every((rs) => rs.replicas === 0);
            if (done) return;
            const { changes } = rollingUpdateStep(d, newRS, oldRSs);
            for (const rs of all) {
              const target = changes.get(rs.name);
              if (target !== undefined) applyScale(rs, target);
            }
            check();
            // Some of the new, unavailable pods become available (after 64 steps: all of them).
            const fraction = step < readiness.length ? (readiness[step] as number) : 1;
            newRS.availableReplicas += Math.round((newRS.replicas - newRS.availableReplicas) * fraction);
            check();
          }
          throw new Error('rollout did not complete');
        },
      ),
      { numRuns: 300 },
    );
  });
});
