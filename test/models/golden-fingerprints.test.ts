// Golden fingerprints: the exact event sequence of each bundled scenario is pinned, so any
// behavioural drift (an event more, a time changed, an order swapped) fails here first. When a
// change is intended, update the value and say why in the commit.
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/scenario/load.js';
import { runScenario } from '../../src/scenario/run.js';

const GOLDEN: Record<string, { fingerprint: string; events: number }> = {
  'scenarios/zeus-zap.yaml': { fingerprint: 'e2b5ab8916347455', events: 755_575 },
  'scenarios/single-node-failure.yaml': { fingerprint: 'bd66eb04aabb3294', events: 3_692 },
  'scenarios/bin-packing.yaml': { fingerprint: 'd0b7dcd218b28cfc', events: 33_332 },
  'scenarios/esports-burst.yaml': { fingerprint: '67dfe84e01db1572', events: 19_086 },
  'scenarios/weekend-scale-to-zero.yaml': { fingerprint: '2a7252f728ebb311', events: 576_976 },
  'scenarios/vpa-rightsizing.yaml': { fingerprint: 'd6599d34561b5b58', events: 117_251 },
  'scenarios/flaky-kubelets.yaml': { fingerprint: '56fd7c8490bf8aee', events: 525_436 },
};

describe('bundled scenarios keep their exact event sequence', () => {
  for (const [file, expected] of Object.entries(GOLDEN)) {
    it(file, () => {
      const { result } = runScenario(loadScenario(new URL(`../../${file}`, import.meta.url).pathname));
      expect({ fingerprint: result.fingerprint, events: result.events }).toEqual(expected);
    });
  }

  it('a different seed gives a different event sequence', () => {
    const path = new URL('../../scenarios/zeus-zap.yaml', import.meta.url).pathname;
    const a = runScenario(loadScenario(path, { seed: 1, duration: '1d' })).result;
    const b = runScenario(loadScenario(path, { seed: 2, duration: '1d' })).result;
    expect(a.fingerprint).not.toBe(b.fingerprint);
  });

  it('the same seed gives an identical result, wall time aside', () => {
    const path = new URL('../../scenarios/zeus-zap.yaml', import.meta.url).pathname;
    const a = runScenario(loadScenario(path, { duration: '1d' })).result;
    const b = runScenario(loadScenario(path, { duration: '1d' })).result;
    expect({ ...a, wallSeconds: 0 }).toEqual({ ...b, wallSeconds: 0 });
  });
});
