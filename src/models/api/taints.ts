// Taints and tolerations as Kubernetes matches them (k8s.io/api/core/v1 toleration.go
// ToleratesTaint, v1helper.TolerationsTolerateTaint).

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  key: string;
  value?: string | undefined;
  effect: TaintEffect;
  /** When the taint was added (NoExecute taints; virtual ms). */
  timeAdded?: number | undefined;
}

export interface Toleration {
  key?: string | undefined;
  operator?: 'Exists' | 'Equal' | undefined;
  value?: string | undefined;
  effect?: TaintEffect | '' | undefined;
  tolerationSeconds?: number | undefined;
}

/**
 * Upstream ToleratesTaint: the effects match (an empty toleration effect matches all), the keys
 * match (an empty toleration key matches every key), then Equal (the default operator) compares
 * values and Exists ignores them.
 */
export function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  return (toleration.value ?? '') === (taint.value ?? '');
}

export function toleratesTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => tolerates(t, taint));
}

/** The first taint with one of the effects that no toleration tolerates, if any. */
export function firstUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
  effects: readonly TaintEffect[],
): Taint | undefined {
  return taints.find((taint) => effects.includes(taint.effect) && !toleratesTaint(tolerations, taint));
}

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';
