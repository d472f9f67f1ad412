// Deployment controller arithmetic as pure functions (plain data in, plain data out, no simulation
// state): intstr fenceposts (maxSurge / maxUnavailable), the RollingUpdate scale-up limit of the new
// ReplicaSet, the scale-down of old ReplicaSets (unhealthy replicas first, then down to
// minAvailable), proportional scaling of all active ReplicaSets when a Deployment is resized during
// a rollout, and the completeness / progress / deadline predicates.
//
// Upstream (kubernetes/kubernetes, read at recent master):
// - k8s.io/apimachinery pkg/util/intstr GetScaledValueFromIntOrPercent (percent: float64 value*total/100,
//   ceil when rounding up, floor otherwise).
// - pkg/controller/deployment/util/deployment_util.go: ResolveFenceposts, MaxUnavailable, MinAvailable,
//   MaxSurge, NewRSNewReplicas, DeploymentComplete, DeploymentProgressing, DeploymentTimedOut,
//   IsSaturated, FindActiveOrLatest, GetProportion, getReplicaSetFraction.
// - pkg/controller/deployment/rolling.go: rolloutRolling, reconcileNewReplicaSet, reconcileOldReplicaSets,
//   cleanupUnhealthyReplicas, scaleDownOldReplicaSetsForRollingUpdate.
// - pkg/controller/deployment/sync.go: scale (proportional scaling) and controller_utils.go
//   ReplicaSetsByCreationTimestamp / ReplicaSetsBySizeOlder / ReplicaSetsBySizeNewer orderings.
//
// Simplifications:
// - IntOrString is `number | string`. A string without '%' that is a plain integer ("5") is read as
//   that integer (upstream's intstr.FromString("5") is an error; API validation rejects it anyway).
//   `undefined`/`null` means unset and counts as 0, as in ResolveFenceposts; API defaults (25%/25%)
//   are the caller's job (DEFAULT_MAX_SURGE / DEFAULT_MAX_UNAVAILABLE).
// - ReplicaSets are identified by unique `name`; creation time is a virtual millisecond timestamp.
//   Annotations (desired-replicas, max-replicas) are plain optional numbers; an invalid annotation is
//   modelled as absent.
// - Functions return the replica counts to write instead of writing them; events, revision history,
//   pod-template hashing and the DeploymentPodReplacementPolicy (terminating pods) are not modelled.
// - DeploymentComplete's observedGeneration check applies only when both generations are given.

export type IntOrString = number | string;
export type DeploymentStrategyType = 'RollingUpdate' | 'Recreate';

/** API defaults (pkg/apis/apps/v1/defaults.go). */
export const DEFAULT_MAX_SURGE: IntOrString = '25%';
export const DEFAULT_MAX_UNAVAILABLE: IntOrString = '25%';
export const DEFAULT_PROGRESS_DEADLINE_SECONDS = 600;
export const DEFAULT_REVISION_HISTORY_LIMIT = 10;
const MAX_INT32 = 2_147_483_647;

/** The Deployment fields this math reads. */
export interface DeploymentLike {
  /** spec.replicas */
  readonly replicas: number;
  readonly strategy: DeploymentStrategyType;
  /** spec.strategy.rollingUpdate.maxSurge; unset counts as 0. */
  readonly maxSurge?: IntOrString | null;
  /** spec.strategy.rollingUpdate.maxUnavailable; unset counts as 0. */
  readonly maxUnavailable?: IntOrString | null;
  /** status.replicas: fallback base for proportional scaling when an RS lacks its max-replicas annotation. */
  readonly statusReplicas?: number;
}

/** The ReplicaSet fields this math reads. */
export interface ReplicaSetLike {
  readonly name: string;
  /** spec.replicas */
  readonly replicas: number;
  /** status.availableReplicas */
  readonly availableReplicas: number;
  /** metadata.creationTimestamp in virtual ms (ties broken by name); default 0. */
  readonly creationTimestamp?: number;
  /** deployment.kubernetes.io/desired-replicas */
  readonly desiredReplicasAnnotation?: number;
  /** deployment.kubernetes.io/max-replicas */
  readonly maxReplicasAnnotation?: number;
}

export class IntOrStringError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IntOrStringError';
  }
}

const INTEGER = /^[+-]?\d+$/;

/**
 * intstr.GetScaledValueFromIntOrPercent: an int is returned as is; "N%" is scaled against `total`
 * (ceil when `roundUp`, floor otherwise). Throws IntOrStringError for unset or malformed values.
 */
export function getScaledValueFromIntOrPercent(value: IntOrString | null | undefined, total: number, roundUp: boolean): number {
  if (value === null || value === undefined) throw new IntOrStringError('nil value for IntOrString');
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new IntOrStringError(`invalid value for IntOrString: ${value} is not an integer`);
    return value;
  }
  if (value.endsWith('%')) {
    const body = value.slice(0, -1);
    if (!INTEGER.test(body)) throw new IntOrStringError(`invalid value for IntOrString: invalid value "${value}"`);
    // Same float64 operations and order as upstream: float64(v) * float64(total) / 100.
    const scaled = (Number(body) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  if (INTEGER.test(value)) return Number(value); // lenient: "5" reads as 5 (see header)
  throw new IntOrStringError('invalid value for IntOrString: invalid type: string is not a percentage');
}

export interface Fenceposts {
  readonly surge: number;
  readonly unavailable: number;
  /** Set (with surge = unavailable = 0) when either value is malformed, like upstream's error return. */
  readonly error?: string;
}

/**
 * ResolveFenceposts: surge rounds up, unavailable rounds down, unset counts as 0; if both resolve to
 * 0, unavailable becomes 1 (so a rollout can always make progress).
 */
export function resolveFenceposts(
  maxSurge: IntOrString | null | undefined,
  maxUnavailable: IntOrString | null | undefined,
  desired: number,
): Fenceposts {
  try {
    const surge = getScaledValueFromIntOrPercent(maxSurge ?? 0, desired, true);
    const unavailable = getScaledValueFromIntOrPercent(maxUnavailable ?? 0, desired, false);
    if (surge === 0 && unavailable === 0) return { surge: 0, unavailable: 1 };
    return { surge, unavailable };
  } catch (err) {
    if (err instanceof IntOrStringError) return { surge: 0, unavailable: 0, error: err.message };
    throw err;
  }
}

export function isRollingUpdate(d: DeploymentLike): boolean {
  return d.strategy === 'RollingUpdate';
}

/** MaxUnavailable: 0 for Recreate or 0 replicas, else min(resolved maxUnavailable, replicas). */
export function maxUnavailable(d: DeploymentLike): number {
  if (!isRollingUpdate(d) || d.replicas === 0) return 0;
  const { unavailable } = resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas); // errors resolve to 0
  return Math.min(unavailable, d.replicas);
}

/** MinAvailable: replicas − MaxUnavailable for RollingUpdate, 0 for Recreate. */
export function minAvailable(d: DeploymentLike): number {
  if (!isRollingUpdate(d)) return 0;
  return d.replicas - maxUnavailable(d);
}

/** MaxSurge: resolved surge for RollingUpdate, 0 for Recreate. */
export function maxSurge(d: DeploymentLike): number {
  if (!isRollingUpdate(d)) return 0;
  return resolveFenceposts(d.maxSurge, d.maxUnavailable, d.replicas).surge;
}

/** Values of the desired-replicas / max-replicas annotations the controller writes on a ReplicaSet it scales. */
export function replicasAnnotations(d: DeploymentLike): { desiredReplicas: number; maxReplicas: number } {
  return { desiredReplicas: d.replicas, maxReplicas: d.replicas + maxSurge(d) };
}

function sumReplicas(rss: ReadonlyArray<{ readonly replicas: number }>): number {
  let total = 0;
  for (const rs of rss) total += rs.replicas;
  return total;
}

function sumAvailable(rss: ReadonlyArray<{ readonly availableReplicas: number }>): number {
  let total = 0;
  for (const rs of rss) total += rs.availableReplicas;
  return total;
}

/**
 * NewRSNewReplicas: the size the new ReplicaSet may have now. RollingUpdate: grow by at most
 * replicas + maxSurge − Σ(all RS replicas), never beyond spec.replicas; Recreate: spec.replicas.
 * `allRSs` is every ReplicaSet of the Deployment (upstream passes old and new). Throws
 * IntOrStringError for a malformed maxSurge.
 */
export function newRSNewReplicas(d: DeploymentLike, allRSs: ReadonlyArray<{ readonly replicas: number }>, newRSReplicas: number): number {
  switch (d.strategy) {
    case 'RollingUpdate': {
      const surge = getScaledValueFromIntOrPercent(d.maxSurge ?? 0, d.replicas, true);
      const currentPodCount = sumReplicas(allRSs);
      const maxTotalPods = d.replicas + surge;
      if (currentPodCount >= maxTotalPods) return newRSReplicas; // cannot scale up
      const scaleUpCount = Math.min(maxTotalPods - currentPodCount, d.replicas - newRSReplicas);
      return newRSReplicas + scaleUpCount;
    }
    case 'Recreate':
      return d.replicas;
  }
}

export interface DeploymentStatusLike {
  /** status.replicas (pods of all ReplicaSets) */
  readonly replicas: number;
  readonly updatedReplicas: number;
  readonly readyReplicas?: number;
  readonly availableReplicas: number;
  readonly observedGeneration?: number;
}

/** DeploymentComplete: updated == replicas == status.replicas == available (and the generation observed). */
export function deploymentComplete(d: { readonly replicas: number; readonly generation?: number }, status: DeploymentStatusLike): boolean {
  const generationObserved =
    d.generation === undefined || status.observedGeneration === undefined || status.observedGeneration >= d.generation;
  return (
    status.updatedReplicas === d.replicas &&
    status.replicas === d.replicas &&
    status.availableReplicas === d.replicas &&
    generationObserved
  );
}

/** DeploymentProgressing: more updated, fewer old, more ready or more available pods than before. */
export function deploymentProgressing(oldStatus: DeploymentStatusLike, newStatus: DeploymentStatusLike): boolean {
  const oldStatusOldReplicas = oldStatus.replicas - oldStatus.updatedReplicas;
  const newStatusOldReplicas = newStatus.replicas - newStatus.updatedReplicas;
  return (
    newStatus.updatedReplicas > oldStatus.updatedReplicas ||
    newStatusOldReplicas < oldStatusOldReplicas ||
    (newStatus.readyReplicas ?? 0) > (oldStatus.readyReplicas ?? 0) ||
    newStatus.availableReplicas > oldStatus.availableReplicas
  );
}

export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

/**
 * DeploymentTimedOut: the Progressing condition's lastUpdateTime + progressDeadlineSeconds is
 * strictly before `now`. No deadline (unset or MaxInt32), no condition, or a NewReplicaSetAvailable
 * reason → false; an existing ProgressDeadlineExceeded reason → true.
 */
export function deploymentTimedOut(
  progressDeadlineSeconds: number | null | undefined,
  progressing: { readonly reason: string; readonly lastUpdateTime: number } | undefined,
  now: number,
): boolean {
  if (progressDeadlineSeconds === null || progressDeadlineSeconds === undefined || progressDeadlineSeconds === MAX_INT32) return false;
  if (progressing === undefined) return false;
  if (progressing.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (progressing.reason === TIMED_OUT_REASON) return true;
  return progressing.lastUpdateTime + progressDeadlineSeconds * 1000 < now;
}

/** IsSaturated: the RS owns all desired replicas (spec, desired-replicas annotation and available). */
export function isSaturated(d: DeploymentLike, rs: ReplicaSetLike | undefined): boolean {
  if (rs === undefined || rs.desiredReplicasAnnotation === undefined) return false;
  return rs.replicas === d.replicas && rs.desiredReplicasAnnotation === d.replicas && rs.availableReplicas === d.replicas;
}

/** ReplicaSetsByCreationTimestamp: oldest first, ties by name. */
export function compareByCreation(a: ReplicaSetLike, b: ReplicaSetLike): number {
  const ta = a.creationTimestamp ?? 0;
  const tb = b.creationTimestamp ?? 0;
  if (ta !== tb) return ta - tb;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** ReplicaSetsBySizeOlder: largest first, ties oldest first. */
function compareBySizeOlder(a: ReplicaSetLike, b: ReplicaSetLike): number {
  if (a.replicas !== b.replicas) return b.replicas - a.replicas;
  return compareByCreation(a, b);
}

/** ReplicaSetsBySizeNewer: largest first, ties newest first. */
function compareBySizeNewer(a: ReplicaSetLike, b: ReplicaSetLike): number {
  if (a.replicas !== b.replicas) return b.replicas - a.replicas;
  return compareByCreation(b, a);
}

/**
 * FindActiveOrLatest: the only active (replicas > 0) ReplicaSet; with none active, the new RS or else
 * the newest old one; undefined when several are active (then proportional scaling applies).
 */
export function findActiveOrLatest(newRS: ReplicaSetLike | undefined, oldRSs: readonly ReplicaSetLike[]): ReplicaSetLike | undefined {
  if (newRS === undefined && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => compareByCreation(b, a));
  const candidates = newRS === undefined ? newestFirst : [...newestFirst, newRS];
  const active = candidates.filter((rs) => rs.replicas > 0);
  if (active.length === 0) return newRS ?? newestFirst[0];
  if (active.length === 1) return active[0];
  return undefined;
}

/** integer.RoundToInt32: math.Round, halves away from zero. */
function roundHalfAwayFromZero(x: number): number {
  return x < 0 ? -Math.round(-x) : Math.round(x);
}

/**
 * getReplicaSetFraction: how many replicas `rs` gains (or loses, negative) when the Deployment's
 * replicas + maxSurge changes from the value recorded in the RS's max-replicas annotation:
 * round(rs.replicas × (replicas + maxSurge) / annotated) − rs.replicas. Scaling to 0 removes the whole
 * RS. A missing (or 0) annotation falls back to status.replicas; if that is 0 too, the RS does not move.
 */
export function getReplicaSetFraction(rs: ReplicaSetLike, d: DeploymentLike): number {
  if (d.replicas === 0) return -rs.replicas;
  const deploymentMaxReplicas = d.replicas + maxSurge(d);
  let before = rs.maxReplicasAnnotation;
  if (before === undefined || before <= 0) {
    before = d.statusReplicas ?? 0;
    if (before <= 0) return 0;
  }
  const newRSSize = (rs.replicas * deploymentMaxReplicas) / before;
  return roundHalfAwayFromZero(newRSSize) - rs.replicas;
}

/**
 * GetProportion: the fraction of `rs`, bounded by what is still left to add (scaling up) or remove
 * (scaling down, negative numbers).
 */
export function getProportion(
  rs: ReplicaSetLike | undefined,
  d: DeploymentLike,
  deploymentReplicasToAdd: number,
  deploymentReplicasAdded: number,
): number {
  if (rs === undefined || rs.replicas === 0 || deploymentReplicasToAdd === 0 || deploymentReplicasToAdd === deploymentReplicasAdded) {
    return 0;
  }
  const rsFraction = getReplicaSetFraction(rs, d);
  const allowed = deploymentReplicasToAdd - deploymentReplicasAdded;
  return deploymentReplicasToAdd > 0 ? Math.min(rsFraction, allowed) : Math.max(rsFraction, allowed);
}

/** Target spec.replicas per ReplicaSet name, only for the ReplicaSets whose size changes. */
export type ReplicaChanges = Map<string, number>;

/**
 * The scale step of sync.go `scale`: resize the only active (or latest) ReplicaSet to spec.replicas;
 * if the new RS is saturated, scale old ones to 0; otherwise (RollingUpdate) spread
 * (replicas + maxSurge − Σ active replicas) over the active ReplicaSets in proportion to their size
 * (largest first; ties newest first when growing, oldest first when shrinking), the rounding
 * leftover going to the first (largest) one.
 */
export function proportionalScale(d: DeploymentLike, newRS: ReplicaSetLike | undefined, oldRSs: readonly ReplicaSetLike[]): ReplicaChanges {
  const changes: ReplicaChanges = new Map();
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest !== undefined) {
    if (activeOrLatest.replicas !== d.replicas) changes.set(activeOrLatest.name, d.replicas);
    return changes;
  }
  if (isSaturated(d, newRS)) {
    for (const old of oldRSs) if (old.replicas > 0) changes.set(old.name, 0);
    return changes;
  }
  if (!isRollingUpdate(d)) return changes;

  const allRSs = (newRS === undefined ? [...oldRSs] : [...oldRSs, newRS]).filter((rs) => rs.replicas > 0);
  const allowedSize = d.replicas > 0 ? d.replicas + maxSurge(d) : 0;
  const toAdd = allowedSize - sumReplicas(allRSs);
  if (toAdd === 0) return changes;
  allRSs.sort(toAdd > 0 ? compareBySizeNewer : compareBySizeOlder);

  const sizes: number[] = [];
  let added = 0;
  for (const rs of allRSs) {
    const proportion = getProportion(rs, d, toAdd, added);
    sizes.push(rs.replicas + proportion);
    added += proportion;
  }
  sizes[0] = Math.max(0, (sizes[0] as number) + (toAdd - added));
  allRSs.forEach((rs, i) => {
    const size = sizes[i] as number;
    if (size !== rs.replicas) changes.set(rs.name, size);
  });
  return changes;
}

/**
 * reconcileNewReplicaSet: the new size of the new ReplicaSet, or undefined if it stays. Larger than
 * spec.replicas → spec.replicas; smaller → NewRSNewReplicas. `allRSs` includes the new RS.
 */
export function reconcileNewReplicaSet(d: DeploymentLike, allRSs: ReadonlyArray<{ readonly replicas: number }>, newRS: ReplicaSetLike): number | undefined {
  if (newRS.replicas === d.replicas) return undefined;
  if (newRS.replicas > d.replicas) return d.replicas;
  const target = newRSNewReplicas(d, allRSs, newRS.replicas);
  return target === newRS.replicas ? undefined : target;
}

export interface ScaleDownResult {
  /** Replicas removed. */
  readonly count: number;
  readonly changes: ReplicaChanges;
  /** Set when upstream would return an error (an RS with more available than spec replicas). */
  readonly error?: string;
}

/**
 * cleanupUnhealthyReplicas: oldest first, scale each old RS down by its unavailable replicas
 * (spec − available), in total at most `maxCleanupCount`.
 */
export function cleanupUnhealthyReplicas(oldRSs: readonly ReplicaSetLike[], maxCleanupCount: number): ScaleDownResult {
  const changes: ReplicaChanges = new Map();
  let total = 0;
  for (const rs of [...oldRSs].sort(compareByCreation)) {
    if (total >= maxCleanupCount) break;
    if (rs.replicas === 0) continue;
    if (rs.replicas === rs.availableReplicas) continue; // no unhealthy replicas
    const scaledDownCount = Math.min(maxCleanupCount - total, rs.replicas - rs.availableReplicas);
    const newReplicasCount = rs.replicas - scaledDownCount;
    if (newReplicasCount > rs.replicas) {
      return {
        count: total,
        changes,
        error: `when cleaning up unhealthy replicas, got invalid request to scale down ${rs.name} ${rs.replicas} -> ${newReplicasCount}`,
      };
    }
    changes.set(rs.name, newReplicasCount);
    total += scaledDownCount;
  }
  return { count: total, changes };
}

/**
 * scaleDownOldReplicaSetsForRollingUpdate: remove (Σ available over allRSs − minAvailable) replicas
 * from the old ReplicaSets, oldest first.
 */
export function scaleDownOldReplicaSetsForRollingUpdate(
  d: DeploymentLike,
  allRSs: ReadonlyArray<{ readonly availableReplicas: number }>,
  oldRSs: readonly ReplicaSetLike[],
): ScaleDownResult {
  const changes: ReplicaChanges = new Map();
  const minAvail = d.replicas - maxUnavailable(d);
  const availablePodCount = sumAvailable(allRSs);
  if (availablePodCount <= minAvail) return { count: 0, changes };
  const totalScaleDownCount = availablePodCount - minAvail;
  let total = 0;
  for (const rs of [...oldRSs].sort(compareByCreation)) {
    if (total >= totalScaleDownCount) break;
    if (rs.replicas === 0) continue;
    const scaleDownCount = Math.min(rs.replicas, totalScaleDownCount - total);
    changes.set(rs.name, rs.replicas - scaleDownCount);
    total += scaleDownCount;
  }
  return { count: total, changes };
}

export interface ReconcileOldResult {
  readonly scaled: boolean;
  /** allPodsCount − minAvailable − newRSUnavailablePodCount (≤ 0: nothing may be removed). */
  readonly maxScaledDown: number;
  readonly cleanupCount: number;
  readonly scaledDownCount: number;
  readonly changes: ReplicaChanges;
}

/**
 * reconcileOldReplicaSets: with maxScaledDown = Σ all replicas − minAvailable − (new RS replicas −
 * new RS available), first clean up unhealthy old replicas (at most maxScaledDown), then scale old
 * ReplicaSets down while Σ available stays ≥ minAvailable. `oldRSs` are the active old ReplicaSets,
 * `allRSs` all ReplicaSets including the new one.
 */
export function reconcileOldReplicaSets(
  d: DeploymentLike,
  allRSs: readonly ReplicaSetLike[],
  oldRSs: readonly ReplicaSetLike[],
  newRS: ReplicaSetLike,
): ReconcileOldResult {
  const none = (maxScaledDown: number): ReconcileOldResult => ({ scaled: false, maxScaledDown, cleanupCount: 0, scaledDownCount: 0, changes: new Map() });
  if (sumReplicas(oldRSs) === 0) return none(0);
  const minAvail = d.replicas - maxUnavailable(d);
  const newRSUnavailablePodCount = newRS.replicas - newRS.availableReplicas;
  const maxScaledDown = sumReplicas(allRSs) - minAvail - newRSUnavailablePodCount;
  if (maxScaledDown <= 0) return none(maxScaledDown);

  const cleanup = cleanupUnhealthyReplicas(oldRSs, maxScaledDown);
  if (cleanup.error !== undefined) {
    // Upstream returns (false, nil); the writes already made stay.
    return { scaled: false, maxScaledDown, cleanupCount: cleanup.count, scaledDownCount: 0, changes: cleanup.changes };
  }
  const cleanedOld = oldRSs.map((rs) => {
    const replicas = cleanup.changes.get(rs.name);
    return replicas === undefined ? rs : { ...rs, replicas };
  });
  const scaleDown = scaleDownOldReplicaSetsForRollingUpdate(d, [...cleanedOld, newRS], cleanedOld);
  const changes: ReplicaChanges = new Map(cleanup.changes);
  for (const [name, replicas] of scaleDown.changes) changes.set(name, replicas);
  return {
    scaled: cleanup.count + scaleDown.count > 0,
    maxScaledDown,
    cleanupCount: cleanup.count,
    scaledDownCount: scaleDown.count,
    changes,
  };
}

export interface RollingStep {
  /** scaleNewRS: the new RS is resized (up, or down to spec.replicas); scaleDownOld: old RSs shrink. */
  readonly action: 'scaleNewRS' | 'scaleDownOld' | 'none';
  /** Target replicas per RS name (with action 'none' only the writes upstream keeps after an error). */
  readonly changes: ReplicaChanges;
}

/**
 * One rolloutRolling sync (scaling part only): scale the new ReplicaSet up if possible, otherwise
 * scale old ones down. `oldRSs` are all old ReplicaSets (inactive ones included).
 */
export function rollingUpdateStep(d: DeploymentLike, newRS: ReplicaSetLike, oldRSs: readonly ReplicaSetLike[]): RollingStep {
  const allRSs = [...oldRSs, newRS];
  const newTarget = reconcileNewReplicaSet(d, allRSs, newRS);
  if (newTarget !== undefined) return { action: 'scaleNewRS', changes: new Map([[newRS.name, newTarget]]) };
  const activeOld = oldRSs.filter((rs) => rs.replicas > 0);
  const old = reconcileOldReplicaSets(d, allRSs, activeOld, newRS);
  if (old.scaled) return { action: 'scaleDownOld', changes: old.changes };
  return { action: 'none', changes: old.changes };
}
