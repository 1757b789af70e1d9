import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // Unit tests run the handlers against a fake of the editor API; the e2e suite runs them in real VS Code.
    alias: { vscode: fileURLToPath(new URL("./test/fake-vscode.ts", import.meta.url)) },
  },
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Each e2e file drives its own code-server and Chromium: two at once on CI's 2 cores made both flaky.
    fileParallelism: false,
    // An e2e step may reload a blank code-server webview up to three times (compare-webview.ts).
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
