import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The browser suites start one Chromium per file on a 2-core machine shared by several engineers.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
