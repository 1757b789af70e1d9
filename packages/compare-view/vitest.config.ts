import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // The DOM tests start Chromium and decode real images on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
