// The runs of a sweep: the cartesian product of the parameter values (first parameter
// outermost; joint samples paired point by point and crossed as one, at the place of the first)
// × seeds (innermost), in a stable order. Each run is keyed by a hash of its inputs,
// so a result store can tell which runs are done whatever order they finished in. Runs with the
// same seed use the same named random streams: common random numbers across parameter values.

import { createHash } from 'node:crypto';
import { assignment, type Sweep } from './load-sweep.js';

export interface RunSpec {
  /** Position in the expansion (the order of runs.csv). */
  index: number;
  /** Index of the parameter combination (the row of aggregate.csv). */
  combination: number;
  key: string;
  parameters: Record<string, unknown>;
  seed: number;
  /** The `--set` assignments that apply the parameters. */
  sets: string[];
}

export function expandSweep(sweep: Sweep): RunSpec[] {
  const combinations = combine(axes(sweep)).map((points) => points.flat());
  const runs: RunSpec[] = [];
  combinations.forEach((combination, c) => {
    const parameters = Object.fromEntries(combination);
    for (const seed of sweep.seeds) {
      runs.push({
        index: runs.length,
        combination: c,
        key: runKey(sweep.scenarioHash, parameters, seed),
        parameters,
        seed,
        sets: combination.map(([p, value]) => assignment(p, value)),
      });
    }
  });
  return runs;
}

export function runKey(scenarioHash: string, parameters: Record<string, unknown>, seed: number): string {
  return createHash('sha256').update(canonicalJson({ scenario: scenarioHash, parameters, seed })).digest('hex').slice(0, 16);
}

/** JSON with object keys sorted at every level. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

type Assignment = readonly [path: string, value: unknown];

/** Per axis of the product, its points; a point assigns one or (for joint samples) several parameters. */
function axes(sweep: Sweep): Assignment[][][] {
  const joint = sweep.parameters.filter((p) => p.joint);
  const out: Assignment[][][] = [];
  for (const p of sweep.parameters) {
    if (!p.joint) out.push(p.values.map((value) => [[p.path, value]]));
    else if (p === joint[0]) out.push(p.values.map((_, k) => joint.map((q) => [q.path, q.values[k]] as const)));
  }
  return out;
}

function combine<T>(lists: ReadonlyArray<readonly T[]>): T[][] {
  let out: T[][] = [[]];
  for (const list of lists) out = out.flatMap((prefix) => list.map((item) => [...prefix, item]));
  return out;
}
