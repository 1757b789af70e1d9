import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Resampling real images takes a few seconds on a 2-core machine.
    testTimeout: 60_000,
  },
});
