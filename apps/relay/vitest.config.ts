import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end suites start real servers (fake APIs, redis-server, Chromium) on a shared 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
