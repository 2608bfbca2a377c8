import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Most test files wait on processes, sockets and timers rather than on the CPU: one file per core
    // (vitest's default leaves one core free) takes a 2-core machine's run from minutes to half that.
    maxWorkers: availableParallelism(),
  },
});
