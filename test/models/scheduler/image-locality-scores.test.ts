// ImageLocality inside scoreNodes: each feasible node's score, read from the snapshot's image
// holders, equals imageLocalityScore over the node's reported image list (upstream's plugin),
// for one-image pods, several images and more than 30, while the nodes' lists change.
import { describe, expect, it } from 'vitest';
import type { NodeObject, PodObject } from '../../../src/models/api/objects.js';
import { imageLocalityScore } from '../../../src/models/scheduler/algorithms/image-locality.js';
import { ASSUMED_IMAGE_SIZE, CycleState, scoreNodes } from '../../../src/models/scheduler/plugins.js';
import { defaultProfile } from '../../../src/models/scheduler/profile.js';
import { VolumeBinder } from '../../../src/models/volume-binder.js';
import { barePod, container, makeWorld, pool } from '../world-fixtures.js';

const IMAGES = ['a:1', 'b:1', 'c:1', 'd:1'];
const onlyImageLocality = defaultProfile({
  weights: { TaintToleration: 0, NodeAffinity: 0, NodeResourcesFit: 0, PodTopologySpread: 0, InterPodAffinity: 0, NodeResourcesBalancedAllocation: 0, ImageLocality: 1 },
});

function podWithImages(name: string, images: string[]): PodObject {
  return barePod(name, undefined, images.map((image, i) => ({ ...container(`c${i}`), image })));
}

describe('ImageLocality in scoreNodes', () => {
  it('scores every node as upstream does from its image list, as the lists change (seeded cases)', () => {
    const { sim, world } = makeWorld({ nodePools: [pool('n', 8)] });
    world.start();
    sim.run(1000);
    const snapshot = world.scheduler.snapshot;
    const nodes = world.store.list('Node');
    const volumes = new VolumeBinder(world.store);
    let seed = 7;
    const random = (below: number): number => {
      seed = (seed + 0x6d2b79f5) | 0; // mulberry32
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) % below;
    };
    const manyImages = Array.from({ length: 33 }, (_, i) => IMAGES[i % IMAGES.length] as string);
    const pods = [podWithImages('one', ['b:1']), podWithImages('three', ['a:1', 'c:1', 'd:1']), podWithImages('many', manyImages)];

    for (let round = 0; round < 20; round++) {
      // New image lists: sorted (as the kubelet reports them) or not, growing or shrinking.
      for (const node of nodes) {
        if (random(3) === 0) continue;
        const images = IMAGES.filter(() => random(2) === 0);
        node.status.images = random(4) === 0 ? images.reverse() : images;
        world.store.update('scenario', node);
      }
      const holding = (image: string): number => nodes.filter((n) => n.status.images.includes(image)).length;
      const expected = (pod: PodObject, node: NodeObject): number =>
        imageLocalityScore(
          pod.spec.containers.map((c) => (node.status.images.includes(c.image) ? { sizeBytes: ASSUMED_IMAGE_SIZE, numNodesWithImage: holding(c.image) } : null)),
          nodes.length,
        );
      for (const pod of pods) {
        const cycle = new CycleState(pod, snapshot, volumes, undefined);
        const feasible = Int32Array.from(nodes, (node) => (snapshot.nodes.get(node.metadata.name) as { slot: number }).slot);
        const scores = scoreNodes(feasible, nodes.length, cycle, onlyImageLocality, nodes.length, holding);
        expect([...scores]).toEqual(nodes.map((node) => expected(pod, node)));
      }
    }
  });
});
