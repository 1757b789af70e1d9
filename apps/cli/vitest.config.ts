import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // End-to-end tests spawn the built CLI against real local servers; give slow machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
