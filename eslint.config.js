// Lint: typescript-eslint's recommended rules plus the one architectural rule of DESIGN.md:
// imports point inward only (cli → sweep → scenario → metrics → models → kernel; report reads
// metrics' result types). The kernel imports nothing of the project; models never import
// scenario, metrics, report, sweep or cli; no wall clock or Math.random in kernel or models.
import tseslint from 'typescript-eslint';

const forbid = (...layers) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: layers.map((layer) => ({
        group: [`**/${layer}/*`, `../${layer}`, `../../${layer}`],
        message: `This layer must not import src/${layer} (DESIGN.md section 2: imports point inward only).`,
      })),
    },
  ],
});

const wallClock = {
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'Use a named seeded stream (RandomStreams.get).' },
    { object: 'Date', property: 'now', message: 'Use the simulation clock (sim.now).' },
    { object: 'performance', property: 'now', message: 'Use the simulation clock (sim.now).' },
  ],
  'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'Use the simulation clock (sim.now).' }],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'coverage/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['../*', '../../*'], message: 'The kernel imports nothing of the project (DESIGN.md section 2).' }] },
      ],
      ...wallClock,
    },
  },
  { files: ['src/models/**/*.ts'], rules: { ...forbid('scenario', 'metrics', 'report', 'sweep', 'cli'), ...wallClock } },
  { files: ['src/metrics/**/*.ts'], rules: forbid('scenario', 'report', 'sweep', 'cli') },
  { files: ['src/report/**/*.ts'], rules: forbid('scenario', 'sweep', 'cli') },
  { files: ['src/scenario/**/*.ts'], rules: forbid('report', 'sweep', 'cli') },
  { files: ['src/sweep/**/*.ts'], rules: forbid('cli') },
);
