// Admission for new pods, as kube-apiserver's default plugins do it:
// DefaultTolerationSeconds adds `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable`
// NoExecute tolerations (300 s by default) to every pod that has none for those keys.
// DaemonSet pods get them without tolerationSeconds from the DaemonSet controller, so they are
// never evicted. Upstream: plugin/pkg/admission/defaulttolerationseconds/admission.go.

import type { PodObject } from './objects.js';
import { TAINT_NOT_READY, TAINT_UNREACHABLE, type Toleration } from './taints.js';

export interface AdmissionSettings {
  defaultNotReadyTolerationSeconds: number;
  defaultUnreachableTolerationSeconds: number;
}

/**
 * The admitted list for each list a pod came with (pods of one template share theirs, and lists
 * are replaced, never edited): one array and two tolerations per template, not per pod.
 */
const ADMITTED = new WeakMap<readonly Toleration[], { settings: AdmissionSettings; admitted: Toleration[] }>();

export function admitPod(pod: PodObject, settings: AdmissionSettings): void {
  const tolerations = pod.spec.tolerations;
  const cached = ADMITTED.get(tolerations);
  if (cached?.settings === settings) {
    pod.spec.tolerations = cached.admitted;
    return;
  }
  // As upstream: only a toleration naming the key (with effect NoExecute or empty) counts.
  const has = (key: string): boolean => tolerations.some((t) => t.key === key && (!t.effect || t.effect === 'NoExecute'));
  const added: Toleration[] = [];
  if (!has(TAINT_NOT_READY)) {
    added.push({ key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: settings.defaultNotReadyTolerationSeconds });
  }
  if (!has(TAINT_UNREACHABLE)) {
    added.push({ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: settings.defaultUnreachableTolerationSeconds });
  }
  const admitted = added.length > 0 ? [...tolerations, ...added] : tolerations;
  ADMITTED.set(tolerations, { settings, admitted });
  pod.spec.tolerations = admitted;
}
