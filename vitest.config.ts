import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'relay/test/**/*.test.ts', 'scripts/**/*.test.ts', 'tools/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most suites wait on real sockets, leases and timers rather than the CPU: three files at a
    // time on a 2-core machine keeps both cores busy (the default, cores − 1, would run one).
    maxWorkers: 3,
  },
});
