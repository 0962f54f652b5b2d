import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/bench/**', 'node_modules/**'],
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['./test/support/mongo-global-setup.ts', './test/support/e2e-global-setup.ts'],
  },
});
