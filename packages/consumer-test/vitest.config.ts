import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Packs both packages and installs them with npm once, for every file.
    globalSetup: ["test/global-setup.ts"],
    // Subprocesses (npm, tsc, node) and Chromium on a 2-core machine shared by several engineers.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
