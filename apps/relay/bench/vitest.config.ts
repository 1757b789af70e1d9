import { defineConfig } from "vitest/config";

// `pnpm bench` (turbo bench → this package's `bench`): the figures in BENCHMARKS.md, printed as Markdown.
export default defineConfig({
  test: {
    include: ["bench/relay-figures.ts"],
    fileParallelism: false,
  },
});
