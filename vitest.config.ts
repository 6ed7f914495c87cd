import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Property tests of the engine, run with engine checks on (src/solver/engine/checks.ts): every
 * predicted change is held against a recomputation, so a pricing bug fails where it happens.
 */
const ENGINE_CHECKED = [
  'tests/engine-checks.test.ts',
  'tests/engine-moves.test.ts',
  'tests/engine-pillar-moves.test.ts',
  'tests/engine-random.test.ts',
  'tests/engine-segment.test.ts',
  'tests/engine-soft.test.ts',
  'tests/placed-breaks.test.ts',
  'tests/solve-properties.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'default',
          include: ['tests/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...ENGINE_CHECKED],
        },
      },
      {
        extends: true,
        test: {
          name: 'engine-checks',
          include: ENGINE_CHECKED,
          env: { CARE_ROSTER_ENGINE_CHECKS: '1' },
        },
      },
    ],
  },
});
