// Loads a sweep file: YAML with positions, strict schema (errors as file:line:column like
// scenarios), then checks that the base scenario loads with every parameter value applied, so a
// wrong path or value is reported at the sweep file's line rather than as a failed run.

import { createHash } from 'node:crypto';
import { accessSync, constants, readFileSync } from 'node:fs';
import path from 'node:path';
import { RandomStreams } from '../kernel/index.js';
import { InputError, issuesToError } from '../scenario/errors.js';
import { loadScenario, readYamlFile, type Scenario } from '../scenario/load.js';
import type { SourceDocument } from '../scenario/yaml-source.js';
import { sweepSchema } from './sweep-schema.js';

export interface SweepParameter {
  path: string;
  values: unknown[];
  /** Paired point by point with the other joint parameters instead of crossed with them. */
  joint?: boolean;
}

export interface Sweep {
  file: string;
  name: string;
  /** The base scenario's path (relative to the working directory when the sweep file's was). */
  scenario: string;
  /** sha256 (hex) of the bytes of every file the base scenario is read from: part of every run key. */
  scenarioHash: string;
  seeds: number[];
  parameters: SweepParameter[];
}

/** The most runs one range may expand to (a typo in step should not mean a million runs). */
const MAX_RANGE_VALUES = 10_000;

export function loadSweep(file: string): Sweep {
  const source = readSweepDocument(file);
  const data = source.toJS();
  const parsed = sweepSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) throw issuesToError(parsed.error.issues, source, sweepSchema, data);
  const spec = parsed.data.spec;
  const fail = (where: Array<string | number>, fieldPath: string, detail: string): never => {
    throw new InputError(file, source.locate(where), fieldPath, detail);
  };

  const seeds = typeof spec.seeds === 'number' ? Array.from({ length: spec.seeds }, (_, i) => i + 1) : spec.seeds;
  const seen = new Set<number>();
  seeds.forEach((seed, i) => {
    if (seen.has(seed)) fail(['spec', 'seeds', i], `spec.seeds[${i}]`, `seed ${seed} is listed twice`);
    seen.add(seed);
  });

  // Joint samples must share the first joint sample's count and method.
  const firstJoint = spec.parameters.flatMap((p) => ('sample' in p && p.sample.joint ? [p] : []))[0];
  const parameters: SweepParameter[] = spec.parameters.map((parameter, i) => {
    if (spec.parameters.findIndex((p) => p.path === parameter.path) !== i) {
      fail(['spec', 'parameters', i, 'path'], `spec.parameters[${i}].path`, `a second parameter with the path ${parameter.path}`);
    }
    if ('values' in parameter) return { path: parameter.path, values: parameter.values };
    if ('sample' in parameter) {
      const { count, min, max, method, integer, joint } = parameter.sample;
      if (!(max > min)) fail(['spec', 'parameters', i, 'sample'], `spec.parameters[${i}].sample`, `max (${max}) must be above min (${min})`);
      if (joint && firstJoint && (firstJoint.sample.count !== count || (firstJoint.sample.method ?? 'random') !== (method ?? 'random'))) {
        fail(['spec', 'parameters', i, 'sample'], `spec.parameters[${i}].sample`, `a joint sample must have the count and method of the first joint sample (${firstJoint.path}: count ${firstJoint.sample.count}, ${firstJoint.sample.method ?? 'random'})`);
      }
      const values = sampleValues(`${parsed.data.metadata.name}/${parameter.path}`, count, min, max, method ?? 'random', integer ?? false, joint ?? false);
      return joint ? { path: parameter.path, values, joint: true } : { path: parameter.path, values };
    }
    const { start, stop, step } = parameter.range;
    const where = ['spec', 'parameters', i, 'range'];
    if (stop < start) fail(where, `spec.parameters[${i}].range`, `stop (${stop}) is below start (${start})`);
    const count = Math.floor((stop - start) / step + 1e-9) + 1;
    if (count > MAX_RANGE_VALUES) fail(where, `spec.parameters[${i}].range`, `expands to ${count} values; at most ${MAX_RANGE_VALUES} are allowed`);
    // start + i·step, rounded so that 0.1 steps give 0.3 and not 0.30000000000000004.
    const values = Array.from({ length: count }, (_, k) => Number((start + k * step).toPrecision(12)));
    return { path: parameter.path, values };
  });

  const scenario = path.isAbsolute(spec.scenario) ? spec.scenario : path.join(path.dirname(file), spec.scenario);
  try {
    accessSync(scenario, constants.R_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return fail(['spec', 'scenario'], 'spec.scenario', `cannot read the scenario ${scenario} (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))}); the path is relative to the sweep file`);
  }
  const sweep: Sweep = { file, name: parsed.data.metadata.name, scenario, scenarioHash: '', seeds, parameters };
  const base = checkParameters(sweep, source);
  sweep.scenarioHash = hashFiles(base.sourceFiles);
  return sweep;
}

/** A `--set` assignment for a parameter value (JSON is YAML, so the value round-trips). */
export function assignment(parameterPath: string, value: unknown): string {
  return `${parameterPath}=${JSON.stringify(value)}`;
}

/**
 * The base scenario must load on its own (its errors name the scenario file), with each value of
 * each parameter alone (an error names that parameter's line), and with the first values of all
 * parameters together.
 */
function checkParameters(sweep: Sweep, source: SourceDocument): Scenario {
  const base = loadScenario(sweep.scenario);
  const blame = (error: unknown, where: Array<string | number>, fieldPath: string, sets: string[]): never => {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(sweep.file, source.locate(where), fieldPath, `the scenario ${sweep.scenario} does not accept ${sets.join(' ')}: ${error.message}`);
  };
  sweep.parameters.forEach((parameter, i) => {
    parameter.values.forEach((value, k) => {
      const sets = [assignment(parameter.path, value)];
      try {
        loadScenario(sweep.scenario, { sets });
      } catch (error) {
        if (k === 0) blame(error, ['spec', 'parameters', i, 'path'], `spec.parameters[${i}].path`, sets);
        blame(error, ['spec', 'parameters', i, 'values', k], `spec.parameters[${i}].values[${k}]`, sets);
      }
    });
  });
  const first = sweep.parameters.map((p) => assignment(p.path, p.values[0]));
  try {
    loadScenario(sweep.scenario, { sets: first });
  } catch (error) {
    blame(error, ['spec', 'parameters'], 'spec.parameters', first);
  }
  return base;
}

/**
 * sha256 of the scenario file's bytes, then of each further file (manifests, traces) as its name
 * relative to the scenario and its bytes: a change to any input changes every run key.
 */
function hashFiles(files: readonly string[]): string {
  const [first, ...rest] = files as [string, ...string[]];
  const hash = createHash('sha256').update(readFileSync(first));
  for (const file of rest) hash.update(`\0${path.relative(path.dirname(first), file)}\0`).update(readFileSync(file));
  return hash.digest('hex');
}

function readSweepDocument(file: string): SourceDocument {
  const documents = readYamlFile(file, 'a sweep (kind: Sweep)');
  if (documents.length > 1) throw new InputError(file, documents[1]?.locate([]), '', 'a sweep file holds one document (kind: Sweep)');
  return documents[0] as SourceDocument;
}

/**
 * Seeded samples in [min, max): uniform draws, or one draw in each of `count` equal strata, in
 * stratum order (latin-hypercube for one parameter). A joint latin-hypercube sample shuffles the
 * strata, so that pairing several parameters' values point by point gives a latin hypercube in
 * their joint space. The streams are seeded by the sweep's name and the parameter's path, so the
 * values are the same on every machine and every run of the sweep.
 */
export function sampleValues(seed: string, count: number, min: number, max: number, method: 'random' | 'latin-hypercube', integer: boolean, joint = false): number[] {
  const streams = new RandomStreams(`sweep:${seed}`);
  const stream = streams.get('sweep.sample');
  const span = max - min;
  const values = Array.from({ length: count }, (_, k) => {
    const u = method === 'latin-hypercube' ? (k + stream.next()) / count : stream.next();
    const value = min + u * span;
    return integer ? Math.floor(value) : Number(value.toPrecision(12));
  });
  if (joint && method === 'latin-hypercube') {
    const permutation = streams.get('sweep.strata');
    for (let k = values.length - 1; k > 0; k--) {
      const j = Math.floor(permutation.next() * (k + 1));
      [values[k], values[j]] = [values[j] as number, values[k] as number];
    }
  }
  return values;
}
