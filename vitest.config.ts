import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Files whose tests start dist/index.js (and their own servers) per test. They mostly wait, on the
 * action's 2 s polls and grace periods, but each start of Node and the 4 MB bundle takes a burst of
 * CPU: on two cores, many of them at once beside other test files starve each other. They run
 * after the in-process files, one file at a time, a bounded number of tests at once.
 */
const StartsProcesses = [
  'test/e2e/**/*.test.ts',
  'test/hardening/{cancellation,github,hostile-text,inputs,proxy,secrets}.test.ts',
  'test/release/local-action.test.ts',
];

export default defineConfig({
  test: {
    pool: 'forks',
    // Vitest's default (a fresh worker per file), stated so that it is a choice rather than a hint.
    isolate: true,
    setupFiles: ['test/support/quiet-workflow-commands.ts'],
    // A hang guard for in-process tests; tests of dist/index.js set budgets of their own (harness.ts).
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Each project names its files: with `extends`, lists given at the root would be merged into both.
    projects: [
      {
        extends: true,
        test: { name: 'in-process', include: ['test/**/*.test.ts'], exclude: [...configDefaults.exclude, ...StartsProcesses] },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: StartsProcesses,
          maxWorkers: 1,
          maxConcurrency: 8,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
