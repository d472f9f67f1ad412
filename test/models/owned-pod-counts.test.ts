// The store keeps, per controller owner, how many of its pods are active and how many of those
// are Ready (the ReplicaSet controller's common reconcile reads them instead of walking the
// pods). Checked after every single event of runs with crashes, kubelet stalls, evictions,
// rolling scale-ups and scale-downs, against counting the owned pods.
import { describe, expect, it } from 'vitest';
import { isActive } from '../../src/models/api/objects.js';
import type { World } from '../../src/models/world.js';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';

function mismatches(world: World): string[] {
  const out: string[] = [];
  for (const kind of ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'] as const) {
    for (const owner of world.store.list(kind)) {
      const pods = [...world.store.podsOwnedBy(owner.metadata.uid)].filter(isActive);
      const counted = { active: pods.length, ready: pods.filter((p) => p.status.ready).length };
      const kept = world.store.ownedPodCounts(owner.metadata.uid);
      if (kept.active !== counted.active || kept.ready !== counted.ready) {
        out.push(`${kind} ${owner.metadata.name} at ${world.sim.now}: kept ${JSON.stringify(kept)}, counted ${JSON.stringify(counted)}`);
      }
    }
  }
  return out;
}

describe('the store counts each owner’s active and Ready pods as they are written', () => {
  for (const [file, duration] of [
    ['flaky-kubelets.yaml', '1d'],
    ['zeus-zap.yaml', '12h'],
    ['esports-burst.yaml', '6h'],
  ] as const) {
    it(`${file} (${duration}), after every event`, () => {
      const wrong: string[] = [];
      let checks = 0;
      runScenario(loadScenario(new URL(`../../scenarios/${file}`, import.meta.url).pathname, { duration }), {
        afterEvent(world) {
          checks++;
          if (wrong.length < 5) wrong.push(...mismatches(world));
        },
      });
      expect(checks).toBeGreaterThan(1000);
      expect(wrong).toEqual([]);
    });
  }
});
