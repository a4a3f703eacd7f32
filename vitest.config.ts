import { configDefaults, defineConfig } from 'vitest/config';

/** Tests that touch no process, socket or shared file: pure decisions, migrations on their own database, renderer logic. */
const SELF_CONTAINED = ['src/shared/**/*.test.ts', 'src/main/db/**/*.test.ts', 'src/renderer/**/*.test.ts'];

export default defineConfig({
  test: {
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most suites wait on real sockets, leases and timers rather than the CPU: three files at a
    // time on a 2-core machine keeps both cores busy (the default, cores − 1, would run one).
    maxWorkers: 3,
    projects: [
      {
        extends: true,
        // Loading the modules again for each of these files cost four times their tests (52 s of
        // CPU against 12 s for the 97 files): they share their workers' module cache instead.
        test: { name: 'self-contained', include: SELF_CONTAINED, isolate: false },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['src/**/*.test.ts', 'relay/test/**/*.test.ts', 'scripts/**/*.test.ts', 'tools/**/*.test.ts', 'bench/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...SELF_CONTAINED],
        },
      },
    ],
  },
});
