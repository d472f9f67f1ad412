// ImageLocality plugin: prefer nodes that already hold the pod's container images, scaled down
// for images present on many nodes to avoid piling pods onto the same few nodes.
//
// Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/imagelocality/image_locality.go
// (master 2025-2026): per container (init containers included) whose image the node has, add
// int64(size × nodesWithImage / totalNodes); clamp the sum to [23 MiB, 1000 MiB × containers];
// score = 100 × (sum − 23 MiB) / (1000 MiB × containers − 23 MiB), integer division.
// Simplification: image names are matched by the caller (normalizedImageName helps); sizes and the
// count of nodes holding each image are inputs.

import { goMulDiv, goTruncate } from './int-math.js';
import { MAX_NODE_SCORE } from './normalize.js';

export const MB = 1024 * 1024;
export const MIN_THRESHOLD = 23 * MB;
export const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** The image state of one container's image on the scored node. */
export interface ContainerImageOnNode {
  sizeBytes: number;
  /** Nodes in the cluster snapshot that hold the image (ImageStateSummary.NumNodes). */
  numNodesWithImage: number;
}

/** size × (nodesWithImage / totalNodes), truncated. */
export function scaledImageScore(image: ContainerImageOnNode, totalNumNodes: number): number {
  const spread = image.numNodesWithImage / totalNumNodes;
  return goTruncate(image.sizeBytes * spread);
}

/** calculatePriority: clamp the summed image scores and map them onto 0..100. */
export function imageLocalityPriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  let sum = sumScores;
  if (sum < MIN_THRESHOLD) sum = MIN_THRESHOLD;
  else if (sum > maxThreshold) sum = maxThreshold;
  return goMulDiv(MAX_NODE_SCORE, sum - MIN_THRESHOLD, maxThreshold - MIN_THRESHOLD);
}

/**
 * The node's score. `containers` has one entry per init and regular container of the pod:
 * the image's state when the node holds that container's image, undefined/null otherwise.
 * `totalNumNodes` is the number of nodes in the snapshot (all nodes, not only feasible ones).
 */
export function imageLocalityScore(containers: ReadonlyArray<ContainerImageOnNode | null | undefined>, totalNumNodes: number): number {
  let sum = 0;
  for (const image of containers) if (image) sum += scaledImageScore(image, totalNumNodes);
  return imageLocalityPriority(sum, containers.length);
}

/** The CRI name a container image is looked up by: `:latest` appended when no tag is given. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}
