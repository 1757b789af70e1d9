import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The harness tests start Chromium and the fake APIs; the machine is shared by several builds.
    testTimeout: 90_000,
    hookTimeout: 90_000,
    fileParallelism: false,
    // A run's summary carries the error it showed: print it whole when an expectation fails.
    chaiConfig: { truncateThreshold: 0 },
  },
});
