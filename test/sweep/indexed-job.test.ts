// `podsim sweep --emit-job`: an Indexed Job with one completion per shard, each pod running its
// shard of the sweep into its own directory.
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DOCKERFILE, indexedJobManifest } from '../../src/sweep/indexed-job.js';

describe('Indexed Job manifest', () => {
  const text = indexedJobManifest({ name: 'grace-period', sweepFile: 'scenarios/sweeps/grace-period.yaml', shards: 3, image: 'registry.example/podsim:1', resultsClaim: 'results', workers: 2 });
  const job = parse(text);

  it('is an Indexed Job with one completion per shard', () => {
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(job.spec.completions).toBe(3);
    expect(job.spec.parallelism).toBe(3);
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('runs the shard named by JOB_COMPLETION_INDEX into its own directory', () => {
    const container = job.spec.template.spec.containers[0];
    expect(container.image).toBe('registry.example/podsim:1');
    const command = container.command.join(' ');
    expect(command).toContain('--shard "$JOB_COMPLETION_INDEX/3"');
    expect(command).toContain('--out "/results/grace-period/shard-$JOB_COMPLETION_INDEX"');
    expect(job.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe('results');
  });

  it('carries the Dockerfile it expects as a comment', () => {
    for (const line of DOCKERFILE) expect(text).toContain(`#   ${line}`);
  });
});
