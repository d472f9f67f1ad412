// The sweep file (DESIGN.md section 7): a base scenario, parameters (paths into the scenario, as
// for --set, with value lists, inclusive numeric ranges or random / latin-hypercube samples) and
// seeds. Parameters combine as a cartesian product, except samples marked `joint`, which are
// drawn together: `count` points in the space of all joint parameters (a latin hypercube over
// several parameters when the method is latin-hypercube).

import { z } from 'zod';

const scalar = z.union([z.string(), z.number(), z.boolean()]);

const parameter = z.union([
  z.strictObject({
    path: z.string().min(1),
    values: z.array(z.union([scalar, z.record(z.string(), z.unknown()), z.array(z.unknown())])).min(1),
  }),
  z.strictObject({
    path: z.string().min(1),
    range: z.strictObject({ start: z.number(), stop: z.number(), step: z.number().positive() }),
  }),
  z.strictObject({
    path: z.string().min(1),
    /**
     * `count` values drawn in [min, max): uniformly at random, or one from each of `count` equal
     * strata (latin-hypercube for this parameter); seeded by the sweep name and the path. With
     * `joint: true` the values are paired point by point with the other joint samples (same count
     * and method) instead of crossed with them.
     */
    sample: z.strictObject({
      count: z.number().int().min(1).max(1000),
      min: z.number(),
      max: z.number(),
      method: z.enum(['random', 'latin-hypercube']).optional(),
      integer: z.boolean().optional(),
      joint: z.boolean().optional(),
    }),
  }),
]);

export const sweepSchema = z.strictObject({
  apiVersion: z.literal('podsim.dev/v1alpha1'),
  kind: z.literal('Sweep'),
  metadata: z.strictObject({
    name: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a lowercase name such as replicas-vs-cost'),
    description: z.string().optional(),
  }),
  spec: z.strictObject({
    /** The base scenario, relative to the sweep file. */
    scenario: z.string().min(1),
    /** A count N (seeds 1..N) or an explicit list. */
    seeds: z.union([z.number().int().min(1), z.array(z.number().int().min(0)).min(1)]),
    parameters: z.array(parameter).default([]),
  }),
});

export type SweepFile = z.infer<typeof sweepSchema>;
export type SweepParameterSpec = SweepFile['spec']['parameters'][number];
