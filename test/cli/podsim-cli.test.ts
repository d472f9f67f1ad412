// The podsim command end to end, as a user runs it: exit codes, output files, error paragraphs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const bin = path.join(root, 'bin/podsim.js');
const good = path.join(root, 'test/fixtures/good/minimal.yaml');

function podsim(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, PODSIM_DEBUG: '' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function scratch(): string {
  return mkdtempSync(path.join(tmpdir(), 'podsim-cli-'));
}

describe('podsim run', () => {
  it('prints a summary table and writes summary.json with the contract keys', () => {
    const out = scratch();
    const { status, stdout, stderr } = podsim('run', good, '--out', out, '--duration', '1h');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/podsim run: minimal \(seed 1\)/);
    expect(stdout).toMatch(/lease renewals/);
    const summary = JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8'));
    for (const key of ['scenario', 'seed', 'simulatedSeconds', 'events', 'wallSeconds', 'fingerprint', 'density', 'cost', 'failures', 'controlPlane']) {
      expect(summary).toHaveProperty(key);
    }
    expect(summary.simulatedSeconds).toBe(3600);
    // 2 nodes renew every 10 s for an hour, each first at a phase within the first 10 s.
    expect(summary.controlPlane.leaseRenewals).toBeGreaterThanOrEqual(718);
    expect(summary.controlPlane.leaseRenewals).toBeLessThanOrEqual(720);
    expect(summary.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  it('--json prints summary.json to stdout', () => {
    const out = scratch();
    const { status, stdout } = podsim('run', good, '--out', out, '--json', '--duration', '10m', '--seed', '3');
    expect(status).toBe(0);
    const printed = JSON.parse(stdout);
    expect(printed.seed).toBe(3);
    expect(printed).toEqual(JSON.parse(readFileSync(path.join(out, 'summary.json'), 'utf8')));
  });

  it('gives byte-identical summaries, time series and reports for the same scenario and seed, wall time aside', () => {
    const [a, b] = [scratch(), scratch()];
    podsim('run', 'scenarios/zeus-zap.yaml', '--out', a, '--duration', '1d');
    podsim('run', 'scenarios/zeus-zap.yaml', '--out', b, '--duration', '1d');
    const read = (dir: string): string => readFileSync(path.join(dir, 'summary.json'), 'utf8').replace(/"wallSeconds": [0-9.e-]+/, '"wallSeconds": 0');
    expect(read(a)).toBe(read(b));
    expect(read(a).length).toBeGreaterThan(200);
    for (const file of ['timeseries.csv', 'report.html']) {
      expect(readFileSync(path.join(a, file), 'utf8')).toBe(readFileSync(path.join(b, file), 'utf8'));
    }
    expect(readFileSync(path.join(a, 'report.html'), 'utf8')).toMatch(/<svg /);
  });

  it('--no-report writes no report.html', () => {
    const out = scratch();
    expect(podsim('run', good, '--out', out, '--duration', '10m', '--no-report').status).toBe(0);
    expect(existsSync(path.join(out, 'summary.json'))).toBe(true);
    expect(existsSync(path.join(out, 'report.html'))).toBe(false);
  });

  it('exits 2 with one paragraph naming file, line and field, and writes nothing, for an invalid scenario', () => {
    const out = scratch();
    const { status, stdout, stderr } = podsim('run', 'scenarios/zeus-zap.yaml', '--out', out, '--set', 'spec.nodePools[0].capacity.cpu=4K');
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^scenarios\/zeus-zap\.yaml:\d+:\d+: spec\.nodePools\[0\]\.capacity\.cpu: expected a Kubernetes quantity/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(out, 'summary.json'))).toBe(false);
  });

  it('exits 2 for a missing file, a bad --seed and a bad --set path', () => {
    expect(podsim('run', 'no/such/file.yaml').stderr).toMatch(/^no\/such\/file\.yaml: no such file/);
    expect(podsim('run', 'no/such/file.yaml').status).toBe(2);
    const seed = podsim('run', good, '--seed', '-4');
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/--seed: expected a non-negative integer/);
    const set = podsim('run', good, '--set', 'spec.nodePools[name=gpu].count=3');
    expect(set.status).toBe(2);
    expect(set.stderr).toMatch(/no element named "gpu"/);
  });

  it('exits 2 with usage help for an unknown command or option', () => {
    const command = podsim('frobnicate');
    expect(command.status).toBe(2);
    expect(command.stderr).toMatch(/Run "podsim --help"/);
    const option = podsim('run', good, '--sed', '3');
    expect(option.status).toBe(2);
    expect(option.stderr).toMatch(/Unknown argument: sed/);
  });
});

describe('podsim validate, schema and help', () => {
  it('validate passes good files and exits 2 naming each bad one', () => {
    expect(podsim('validate', good, 'scenarios/zeus-zap.yaml').status).toBe(0);
    const result = podsim('validate', good, 'no/such.yaml');
    expect(result.status).toBe(2);
    expect(result.stdout).toMatch(/minimal\.yaml: ok/);
    expect(result.stderr).toMatch(/no\/such\.yaml: no such file/);
  });

  it('schema prints a JSON Schema that describes the scenario shape', () => {
    const { status, stdout } = podsim('schema');
    expect(status).toBe(0);
    const schema = JSON.parse(stdout);
    expect(schema.$schema).toMatch(/json-schema\.org/);
    expect(schema.properties.spec.properties.nodePools.type).toBe('array');
    expect(schema.properties.kind.const).toBe('Scenario');
    expect(schema.additionalProperties).toBe(false);
  });

  it('bench names the benchmarks it has when asked for another (exit 2)', () => {
    const { status, stderr } = podsim('bench', '--only', 'nope');
    expect(status).toBe(2);
    expect(stderr).toMatch(/--only: no benchmark named "nope" \(there are: kernel, scale, sweep\)/);
  });

  it('--help shows an example for each command', () => {
    for (const command of ['run', 'validate', 'schema', 'sweep', 'merge', 'bench']) {
      const { status, stdout } = podsim(command, '--help');
      expect(status).toBe(0);
      expect(stdout).toMatch(/Examples:/);
    }
  });
});
