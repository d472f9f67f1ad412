// ImageLocality score. Upstream: kubernetes/kubernetes pkg/scheduler/framework/plugins/imagelocality/
// image_locality_test.go TestImageLocalityPriority (all table cases, current "1000M × containers"
// version) and TestNormalizedImageName.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { imageLocalityScore, MB, normalizedImageName } from '../../../src/models/scheduler/algorithms/image-locality.js';
import type { ContainerImageOnNode } from '../../../src/models/scheduler/algorithms/image-locality.js';

/** Nodes as upstream's image lists (sizes in MB); a pod's images; returns each node's score. */
function scoreNodes(nodes: Array<Record<string, number>>, podImages: string[]): number[] {
  const holders = (image: string) => nodes.filter((n) => image in n).length;
  return nodes.map((n) =>
    imageLocalityScore(
      podImages.map((image): ContainerImageOnNode | undefined =>
        image in n ? { sizeBytes: (n[image] as number) * MB, numNodesWithImage: holders(image) } : undefined,
      ),
      nodes.length,
    ),
  );
}

const node403002000 = { 'gcr.io/40': 40, 'gcr.io/300': 300, 'gcr.io/2000': 2000 };
const node25010 = { 'gcr.io/250': 250, 'gcr.io/10': 10 };
const node60040900 = { 'gcr.io/600': 600, 'gcr.io/40': 40, 'gcr.io/900': 900 };
const node300600900 = { 'gcr.io/300': 300, 'gcr.io/600': 600, 'gcr.io/900': 900 };
const node400030 = { 'gcr.io/4000': 4000, 'gcr.io/30': 30 };
const node203040 = { 'gcr.io/20': 20, 'gcr.io/30': 30, 'gcr.io/40': 40 };
const nodeWithNoImages = {};

describe('imageLocalityScore (image_locality_test.go TestImageLocalityPriority)', () => {
  it.each<[string, Array<Record<string, number>>, string[], number[]]>([
    ['two images spread on two nodes, prefer the larger image one', [node403002000, node25010], ['gcr.io/40', 'gcr.io/250'], [0, 5]],
    ['two images on one node, prefer this node', [node403002000, node25010], ['gcr.io/40', 'gcr.io/300'], [7, 0]],
    ['if exceed limit, use limit', [node400030, node25010], ['gcr.io/10', 'gcr.io/4000'], [100, 0]],
    ['if exceed limit, use limit (with node which has no images present)', [node400030, node25010, nodeWithNoImages], ['gcr.io/10', 'gcr.io/4000'], [66, 0, 0]],
    ['pod with multiple large images, node2 is preferred', [node60040900, node300600900, nodeWithNoImages], ['gcr.io/300', 'gcr.io/600', 'gcr.io/900'], [32, 36, 0]],
    ['pod with multiple small images', [node203040, node400030], ['gcr.io/30', 'gcr.io/40'], [1, 0]],
    // init container gcr.io/300 counts like a container
    ['include InitContainers: two images spread on two nodes, prefer the larger image one', [node403002000, node203040], ['gcr.io/300', 'gcr.io/30'], [6, 0]],
  ])('%s', (_name, nodes, images, expected) => {
    expect(scoreNodes(nodes, images)).toEqual(expected);
  });

  it('a pod without containers scores 0', () => {
    expect(imageLocalityScore([], 3)).toBe(0);
  });

  it('scores lie in 0..100 (property)', () => {
    const image = fc.option(fc.record({ sizeBytes: fc.integer({ min: 0, max: 10_000 * MB }), numNodesWithImage: fc.integer({ min: 1, max: 50 }) }), { nil: undefined });
    fc.assert(
      fc.property(fc.array(image, { maxLength: 8 }), fc.integer({ min: 50, max: 100 }), (containers, total) => {
        const s = imageLocalityScore(containers, total);
        expect(Number.isInteger(s)).toBe(true);
        expect(s).toBeGreaterThanOrEqual(0);
        expect(s).toBeLessThanOrEqual(100);
      }),
    );
  });
});

describe('normalizedImageName (image_locality_test.go TestNormalizedImageName)', () => {
  it.each<[string, string, string]>([
    ['add :latest postfix 1', 'root', 'root:latest'],
    ['add :latest postfix 2', 'gcr.io:5000/root', 'gcr.io:5000/root:latest'],
    ['keep it as is 1', 'root:tag', 'root:tag'],
    ['keep it as is 2', 'root@sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2', 'root@sha256:4813494d137e1631bba301d5acab6e7bb7aa74ce1185d456565ef51d737677b2'],
  ])('%s', (_name, input, output) => {
    expect(normalizedImageName(input)).toBe(output);
  });
});
