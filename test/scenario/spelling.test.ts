// "Did you mean": an edit distance that counts what people do, a swap of two letters included.
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/scenario/spelling.js';

describe('editDistance', () => {
  it.each([
    ['ports', 'ports', 0],
    ['prots', 'ports', 1], // two adjacent letters swapped: one edit
    ['sepc', 'spec', 1],
    ['replcias', 'replicas', 1],
    ['pricePerHuor', 'pricePerHour', 1],
    ['nodePool', 'nodePools', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['ca', 'abc', 3], // optimal string alignment: a swapped pair is not edited again
  ])('%s → %s: %d', (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe('closest', () => {
  it('suggests a transposition even for short words', () => {
    expect(closest('prots', ['selector', 'type', 'ports', 'clusterIP'])).toBe('ports');
    expect(closest('sepc', ['apiVersion', 'kind', 'metadata', 'spec'])).toBe('spec');
  });

  it('ignores case and suggests nothing that is far off', () => {
    expect(closest('deploymnet', ['Deployment', 'Job'])).toBe('Deployment');
    expect(closest('gamma', ['exp', 'normal', 'lognormal', 'weibull'])).toBeUndefined();
  });
});
