import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['t/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: true,
    setupFiles: ['t/lib/tag-arguments.ts'],
    globalSetup: ['t/lib/temp-dir.ts'],
  },
});
