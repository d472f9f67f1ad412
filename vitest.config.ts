import { defineConfig } from 'vitest/config';

// Besides the console report, vitest writes a JSON report that .ci/run turns into the plain
// "N passed, N failed" line CI reads.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    testTimeout: 60_000,
    pool: 'forks',
  },
});
