// The kernel's public surface. It knows nothing of Kubernetes.
export * from './duration.js';
export * from './simulation.js';
export * from './keyed-timers.js';
export * from './random.js';
export * from './distribution.js';
export { fnv1a, mix32, hex32 } from './hash.js';
export { EventRing } from './event-ring.js';
