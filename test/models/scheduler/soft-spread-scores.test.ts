// The scheduler's soft PodTopologySpread pass (plugins.ts addSoftSpreadScores) works on dense
// domain numbers and tallies, with a separate loop for the two system-default constraints. For
// any nodes, labels, tallies and number of constraints it must add exactly what the upstream
// formulas give (topologySpreadRawScore and topologySpreadNormalizeScores, tested against
// upstream's table): raw Σ count × ln(domains + 2) + maxSkew − 1, nodes lacking a key ignored.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Labels } from '../../../src/models/api/selectors.js';
import { topologySpreadNormalizeScores, topologySpreadRawScore } from '../../../src/models/scheduler/algorithms/topology-spread-scoring.js';
import { addSoftSpreadScores, type SpreadConstraint } from '../../../src/models/scheduler/plugins.js';
import { labelledDomains } from './labelled-domains-fixture.js';

const KEYS = ['host', 'zone', 'rack'];

const nodeArb = fc.record({
  host: fc.option(fc.constantFrom('h0', 'h1', 'h2', 'h3', 'h4', 'h5'), { nil: undefined, freq: 8 }),
  zone: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined, freq: 8 }),
  rack: fc.option(fc.constantFrom('r0', 'r1'), { nil: undefined, freq: 8 }),
});
const constraintArb = fc.record({ key: fc.constantFrom(...KEYS), maxSkew: fc.integer({ min: 1, max: 6 }), pods: fc.array(fc.integer({ min: 0, max: 7 }), { maxLength: 8 }) });

describe('soft PodTopologySpread scores', () => {
  it('equal the upstream formulas for one, two and three constraints (property)', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { minLength: 1, maxLength: 12 }), fc.array(constraintArb, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 3 }), (nodes, specs, weight) => {
        const { domains, node } = labelledDomains();
        const slots = nodes.map((labels) => node(Object.fromEntries(Object.entries(labels).filter(([, v]) => v !== undefined)) as Labels));
        const values = (key: string): Array<string | undefined> => nodes.map((labels) => labels[key as keyof typeof labels]);
        // Each constraint's tally: pods[d] matching pods in the d-th domain numbered for its key.
        const constraints = specs.map((spec) => {
          const k = domains.keyNumber(spec.key);
          for (const slot of slots) domains.of(slot, k);
          const tally = Int32Array.from({ length: domains.domainCount(k) }, (_, d) => spec.pods[d] ?? 0);
          return { constraint: { maxSkew: spec.maxSkew, topologyKey: spec.key, whenUnsatisfiable: 'ScheduleAnyway' }, selector: undefined, selfMatch: false, counts: new Map(), tally, minMatch: 0 } as SpreadConstraint;
        });
        const totals = new Float64Array(nodes.length).fill(1000);
        addSoftSpreadScores(Int32Array.from(slots), slots.length, constraints, domains, weight, totals);

        const raw = slots.map((slot, i) => {
          if (specs.some((spec) => values(spec.key)[i] === undefined)) return null;
          return topologySpreadRawScore(
            specs.map((spec, j) => {
              const k = domains.keyNumber(spec.key);
              const present = values(spec.key).filter((v) => v !== undefined);
              const tally = (constraints[j] as SpreadConstraint).tally;
              return { count: tally[domains.of(slot, k)] ?? 0, maxSkew: spec.maxSkew, topologySize: new Set(present).size };
            }),
          );
        });
        const expected = raw.every((r) => r === null) ? raw.map(() => 1000) : topologySpreadNormalizeScores(raw).map((s) => 1000 + weight * s);
        expect(Array.from(totals)).toEqual(expected);
      }),
      { numRuns: 400 },
    );
  });
});
