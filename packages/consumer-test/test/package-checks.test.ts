import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { describe, expect, inject, it } from "vitest";
import { binOf, PACKAGES } from "./consumer-project.js";

const run = promisify(execFile);
const { tarballs } = inject("consumer");
const attw = binOf("@arethetypeswrong/cli", "attw");

describe.each(PACKAGES)("the tarball of %s, as published", (name) => {
  it("passes publint, strict (warnings are errors, suggestions reported too)", async () => {
    const tarball = await readFile(tarballs[name]);
    const { messages, pkg } = await publint({
      pack: { tarball: tarball.buffer.slice(tarball.byteOffset, tarball.byteOffset + tarball.byteLength) },
      strict: true,
      level: "suggestion",
    });
    expect(pkg.name).toBe(name);
    expect(messages.map((message) => `${message.type}: ${formatMessage(message, pkg, { color: false })}`)).toEqual([]);
  });

  it("passes @arethetypeswrong/cli for an ES-module-only package (Node 16+ and bundler resolution)", async () => {
    // esm-only: a require() of the package by old CommonJS resolution is not supported, by design (engines).
    const args = [attw, tarballs[name], "--profile", "esm-only", "--no-definitely-typed", "--format", "ascii"];
    const result = await run(process.execPath, args, { env: { ...process.env, FORCE_COLOR: "0" } }).catch(
      (error: { stdout: string; stderr: string }) => ({ stdout: error.stdout, stderr: error.stderr, failed: true }),
    );
    // attw exits non-zero on any problem the profile does not ignore.
    expect("failed" in result ? result.stdout + result.stderr : "passed").toBe("passed");
    expect(result.stdout).toMatch(new RegExp(`"${name}"\\n\\nnode16 \\(from ESM\\): 🟢 \\(ESM\\)\\nbundler: 🟢`));
  });
});
