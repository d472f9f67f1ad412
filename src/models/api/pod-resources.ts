// What a pod asks for: the sum of its containers' requests (millicores, bytes). The scheduler's
// own accounting (init containers, overhead, non-zero defaults) is in scheduler/algorithms.

import type { PodObject } from './objects.js';

export function podRequests(pod: PodObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec.containers) {
    cpu += c.requests.cpu ?? 0;
    memory += c.requests.memory ?? 0;
  }
  return { cpu, memory };
}
