// podsim sweep: expansion and keys, sweep file errors, and outputs that do not depend on the
// worker count, on resuming, or on sharding and merging.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/errors.js';
import { expandSweep } from '../../src/sweep/expand.js';
import { loadSweep, type Sweep } from '../../src/sweep/load-sweep.js';
import { mergeSweeps, parseShard, runSweep } from '../../src/sweep/run-sweep.js';
import { runTasks } from '../../src/sweep/worker-pool.js';
import type { RunOutcome } from '../../src/sweep/worker.js';

const root = new URL('../../', import.meta.url).pathname;
const scenario = path.join(root, 'scenarios/single-node-failure.yaml');

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'podsim-sweep-'));
}

function sweepFile(body: string): string {
  const file = path.join(scratch(), 'sweep.yaml');
  writeFileSync(file, body);
  return file;
}

const TINY = `apiVersion: podsim.dev/v1alpha1
kind: Sweep
metadata: { name: tiny }
spec:
  scenario: ${scenario}
  seeds: 2
  parameters:
    - path: spec.duration
      values: [30m]
    - path: spec.controlPlane.nodeMonitorGracePeriod
      values: [20s, 50s]
`;

function read(directory: string, name: string): string {
  return readFileSync(path.join(directory, name), 'utf8');
}

describe('sweep expansion', () => {
  const base: Sweep = {
    file: 'x.yaml',
    name: 'x',
    scenario: 's.yaml',
    scenarioHash: 'abc',
    seeds: [1, 2],
    parameters: [
      { path: 'a', values: [1, 2] },
      { path: 'b', values: ['x', 'y', 'z'] },
    ],
  };

  it('is the cartesian product, first parameter outermost and seeds innermost', () => {
    const runs = expandSweep(base);
    expect(runs).toHaveLength(12);
    expect(runs.slice(0, 3).map((r) => [r.parameters, r.seed])).toEqual([
      [{ a: 1, b: 'x' }, 1],
      [{ a: 1, b: 'x' }, 2],
      [{ a: 1, b: 'y' }, 1],
    ]);
    expect(runs[11]?.parameters).toEqual({ a: 2, b: 'z' });
    expect(runs.map((r) => r.index)).toEqual([...runs.keys()]);
    expect(runs[2]?.combination).toBe(1);
    expect(runs[0]?.sets).toEqual(['a=1', 'b="x"']);
  });

  it('keys runs by a stable hash of their inputs', () => {
    const runs = expandSweep(base);
    for (const run of runs) expect(run.key).toMatch(/^[0-9a-f]{16}$/);
    expect(new Set(runs.map((r) => r.key)).size).toBe(runs.length);
    expect(expandSweep(base).map((r) => r.key)).toEqual(runs.map((r) => r.key));
    const changed = expandSweep({ ...base, parameters: [{ path: 'a', values: [1, 3] }, base.parameters[1] as Sweep['parameters'][number]] });
    expect(changed[0]?.key).toBe(runs[0]?.key);
    expect(changed[6]?.key).not.toBe(runs[6]?.key);
    expect(expandSweep({ ...base, scenarioHash: 'abd' })[0]?.key).not.toBe(runs[0]?.key);
  });

  it('expands inclusive ranges and seed counts', () => {
    const file = sweepFile(TINY.replace('seeds: 2', 'seeds: [7, 9]').replace('values: [20s, 50s]', 'values: [20s]').replace(
      '    - path: spec.duration\n      values: [30m]\n',
      '    - path: spec.nodePools[name=general].count\n      range: { start: 2, stop: 4, step: 1 }\n',
    ));
    const sweep = loadSweep(file);
    expect(sweep.seeds).toEqual([7, 9]);
    expect(sweep.parameters[0]?.values).toEqual([2, 3, 4]);
  });
});

describe('bad sweep files', () => {
  const errorOf = (body: string): InputError => {
    const file = sweepFile(body);
    try {
      loadSweep(file);
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return error as InputError;
    }
    throw new Error('expected an InputError');
  };

  it('reports an unknown key at its line', () => {
    const error = errorOf(TINY.replace('  seeds: 2\n', '  seeds: 2\n  sedes: 3\n'));
    expect(error.position?.line).toBe(7);
    expect(error.message).toMatch(/sweep\.yaml:7:3: spec\.sedes: unknown key "sedes"; did you mean "seeds"\?/);
  });

  it('reports a wrong kind and a bad range', () => {
    expect(errorOf(TINY.replace('kind: Sweep', 'kind: Swep')).message).toMatch(/:2:7: kind: expected "Sweep"/);
    const range = errorOf(TINY.replace('values: [30m]', 'range: { start: 5, stop: 1, step: 1 }'));
    expect(range.message).toMatch(/:9:\d+: spec\.parameters\[0\]\.range: stop \(1\) is below start \(5\)/);
  });

  it('reports a parameter path the scenario does not have at the sweep file line', () => {
    const error = errorOf(TINY.replace('nodeMonitorGracePeriod', 'nodeMonitorGracePerod'));
    expect(error.file).toMatch(/sweep\.yaml$/);
    expect(error.position?.line).toBe(10);
    expect(error.message).toMatch(/nodeMonitorGracePerod/);
    expect(error.message).toMatch(/did you mean "nodeMonitorGracePeriod"/);
  });

  it('reports a value the scenario rejects at the value', () => {
    const error = errorOf(TINY.replace('values: [20s, 50s]', 'values: [20s, fast]'));
    expect(error.message).toMatch(/sweep\.yaml:11:\d+: spec\.parameters\[1\]\.values\[1\]/);
  });

  it('reports a missing scenario file', () => {
    expect(errorOf(TINY.replace(scenario, 'nope.yaml')).message).toMatch(/:5:\d+: spec\.scenario: cannot read the scenario/);
  });

  it('parses --shard', () => {
    expect(parseShard('1/3')).toEqual({ index: 1, count: 3 });
    expect(() => parseShard('3/3')).toThrow(InputError);
    expect(() => parseShard('x')).toThrow(InputError);
  });
});

describe('running a sweep', () => {
  let sweep: Sweep;
  const dirs: Record<string, string> = {};

  beforeAll(async () => {
    sweep = loadSweep(sweepFile(TINY));
    dirs.one = path.join(scratch(), 'one');
    dirs.two = path.join(scratch(), 'two');
    await runSweep(sweep, { out: dirs.one, workers: 1 });
    await runSweep(sweep, { out: dirs.two, workers: 2 });
  });

  it('writes the same runs.csv, aggregate.csv and report.html with one worker and with two threads', () => {
    const runs = read(dirs.one as string, 'runs.csv');
    expect(runs.split('\n')[0]).toMatch(/^spec\.duration,spec\.controlPlane\.nodeMonitorGracePeriod,seed,scenario,/);
    expect(runs.split('\n')[0]).toContain('services.web.nines');
    expect(runs.split('\n')[0]).not.toContain('wallSeconds');
    expect(runs.trim().split('\n')).toHaveLength(5);
    expect(runs.split('\n')[1]).toMatch(/^30m,20s,1,single-node-failure,1800,/);
    expect(read(dirs.two as string, 'runs.csv')).toBe(runs);
    const aggregate = read(dirs.one as string, 'aggregate.csv');
    expect(aggregate.trim().split('\n')).toHaveLength(3);
    expect(aggregate.split('\n')[0]).toContain('cost.total.ci95High');
    expect(read(dirs.two as string, 'aggregate.csv')).toBe(aggregate);
    expect(read(dirs.two as string, 'report.html')).toBe(read(dirs.one as string, 'report.html'));
  });

  it('refuses an existing store without --resume', async () => {
    await expect(runSweep(sweep, { out: dirs.one as string, workers: 1 })).rejects.toThrow(/pass --resume/);
  });

  it('resumes, repeating only the runs missing from the store (a torn last line is ignored)', async () => {
    const out = path.join(scratch(), 'resume');
    cpSync(dirs.one as string, out, { recursive: true });
    const lines = read(out, 'runs.jsonl').split('\n');
    const kept = lines.slice(0, 2).join('\n') + '\n' + (lines[2] as string).slice(0, 40);
    writeFileSync(path.join(out, 'runs.jsonl'), kept);
    const repeated: string[] = [];
    const summary = await runSweep(sweep, { out, workers: 1, resume: true, onProgress: ({ run }) => repeated.push(run.key) });
    expect(summary.resumed).toBe(2);
    expect(repeated).toHaveLength(2);
    expect(read(out, 'runs.csv')).toBe(read(dirs.one as string, 'runs.csv'));
    expect(read(out, 'aggregate.csv')).toBe(read(dirs.one as string, 'aggregate.csv'));
    expect(read(out, 'report.html')).toBe(read(dirs.one as string, 'report.html'));
  });

  it('merges shards 0/2 and 1/2 into exactly the unsharded outputs', async () => {
    const shard0 = path.join(scratch(), 's0');
    const shard1 = path.join(scratch(), 's1');
    const a = await runSweep(sweep, { out: shard0, workers: 1, shard: parseShard('0/2') });
    const b = await runSweep(sweep, { out: shard1, workers: 1, shard: parseShard('1/2') });
    expect(a.total + b.total).toBe(4);
    const merged = path.join(scratch(), 'merged');
    const summary = await mergeSweeps([shard1, shard0], merged);
    expect(summary.done).toBe(4);
    expect(read(merged, 'runs.csv')).toBe(read(dirs.one as string, 'runs.csv'));
    expect(read(merged, 'aggregate.csv')).toBe(read(dirs.one as string, 'aggregate.csv'));
    expect(read(merged, 'report.html')).toBe(read(dirs.one as string, 'report.html'));
  });
});

describe('the worker pool', () => {
  it('reports a run that throws and goes on with the others, on threads and in-process', async () => {
    for (const workers of [2, 1]) {
      const outcomes: RunOutcome[] = [];
      const tasks = [
        { key: 'bad', scenario: path.join(root, 'no-such.yaml'), sets: [], seed: 1 },
        { key: 'good', scenario, sets: ['spec.duration=5m'], seed: 1 },
      ];
      await runTasks(tasks, workers, (outcome) => outcomes.push(outcome));
      const byKey = Object.fromEntries(outcomes.map((o) => [o.key, o]));
      expect(byKey.bad).toMatchObject({ ok: false, message: expect.stringMatching(/no such file/) });
      expect(byKey.good?.ok).toBe(true);
    }
  });
});

describe('podsim sweep and merge on the command line', () => {
  const podsim = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(root, 'bin/podsim.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PODSIM_DEBUG: '' } });

  it('runs a sweep and merges it; bad input exits 2', () => {
    const out = path.join(scratch(), 'cli');
    const file = sweepFile(TINY.replace('values: [20s, 50s]', 'values: [20s]').replace('seeds: 2', 'seeds: 1'));
    const run = podsim('sweep', file, '--workers', '1', '--out', out);
    expect(run.stderr).toMatch(/podsim sweep: 1 done, 0 failed, 1 total/);
    expect(run.status).toBe(0);
    expect(existsSync(path.join(out, 'aggregate.csv'))).toBe(true);
    const merged = path.join(scratch(), 'm');
    expect(podsim('merge', out, '--out', merged).status).toBe(0);
    expect(read(merged, 'runs.csv')).toBe(read(out, 'runs.csv'));
    const again = podsim('sweep', file, '--workers', '1', '--out', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/--resume/);
    const bad = podsim('sweep', sweepFile(TINY.replace('kind: Sweep', 'kind: Sweeep')));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/sweep\.yaml:2:7: kind/);
  });
});
