import { defineConfig } from 'vitest/config';

// unit: fast, beside the code, fakes allowed. integration: against real processes started by
// the test itself (Kafka, the Kubernetes control plane, helm); each file owns and stops them.
// scenarios: end to end through the whole platform (test/support/platform.ts), one per file.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/support/**/*.test.ts', 'bench/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Real brokers and API servers share two cores: one file at a time keeps timings sane.
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'scenarios',
          include: ['test/scenarios/**/*.test.ts'],
          testTimeout: 300_000,
          // Starting the platform: Kafka, a control plane, the operator pod and its first gateways.
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
