// A node of the simulated cluster as the cloud provider created it. Nodes are numbered densely
// (index) so that hot per-node state can live in typed arrays indexed by node.

import type { Resources, Taint } from './config.js';

export interface NodeInfo {
  index: number;
  name: string;
  pool: string;
  zone: string;
  labels: Record<string, string>;
  capacity: Resources;
  allocatable: Resources;
  pricePerHour: number;
  spot: boolean;
  taints: Taint[];
}

/** Standard node labels (kubernetes.io/hostname, topology.kubernetes.io/zone, instance type). */
export const HOSTNAME_LABEL = 'kubernetes.io/hostname';
export const ZONE_LABEL = 'topology.kubernetes.io/zone';
export const INSTANCE_TYPE_LABEL = 'node.kubernetes.io/instance-type';
