import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Real HTTP and real image encoding: generous per-test time on a busy 2-core machine, never a timing assertion.
    testTimeout: 20_000,
  },
});
