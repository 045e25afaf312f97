import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'node',
    // Generous: on a busy 2-core machine a browser test can take several times its quiet duration.
    testTimeout: 90_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // Each worker process runs its files one after another with the modules it has already loaded,
    // rather than loading the application anew for each of the ~120 files (a sixth of the run's
    // time). Tests share no state through modules: each makes its own database, context and server.
    isolate: false,
    // Makes this run's folder for database templates (built on first use; see test/support/databases.ts).
    globalSetup: ['./test/support/global-setup.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
  },
});
