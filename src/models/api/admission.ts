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

export function admitPod(pod: PodObject, settings: AdmissionSettings): void {
  const tolerations = pod.spec.tolerations;
  // As upstream: only a toleration naming the key (with effect NoExecute or empty) counts.
  const has = (key: string): boolean => tolerations.some((t) => t.key === key && (!t.effect || t.effect === 'NoExecute'));
  const added: Toleration[] = [];
  if (!has(TAINT_NOT_READY)) {
    added.push({ key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: settings.defaultNotReadyTolerationSeconds });
  }
  if (!has(TAINT_UNREACHABLE)) {
    added.push({ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: settings.defaultUnreachableTolerationSeconds });
  }
  if (added.length > 0) pod.spec.tolerations = [...tolerations, ...added];
}
