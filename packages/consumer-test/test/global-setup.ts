import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { transform } from "esbuild";
import sharp from "sharp";
import type { TestProject } from "vitest/node";
import { type ConsumerProject, PACKAGES, type PackageName, README_QUICK_STARTS } from "./consumer-project.js";

const run = promisify(execFile);
const require = createRequire(import.meta.url);
const FIXTURES = new URL("../fixtures/consumer/", import.meta.url);
/** Its package.json exports no `./package.json` to resolve it by, and it is a sibling in this workspace. */
const FAKE_APIS = new URL("../../fake-apis/", import.meta.url);

/**
 * Once for all test files: packs @upscale/core and @upscale/local with pnpm (as they would be published:
 * `workspace:^` becomes a version range), and installs the two tarballs with npm into a fresh project in the
 * system's temp folder, outside the workspace, with the consumers from fixtures/consumer.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = await mkdtemp(join(tmpdir(), "upscale-consumer-"));
  const removeRoot = () => rm(root, { recursive: true, force: true });
  try {
    project.provide("consumer", await createConsumerProject(root));
  } catch (error) {
    await removeRoot();
    throw error;
  }
  return removeRoot;
}

async function createConsumerProject(root: string): Promise<ConsumerProject> {
  const dir = join(root, "app");
  const packs = join(root, "packs");
  await mkdir(packs);
  const tarballs = {} as Record<PackageName, string>;
  for (const name of PACKAGES) tarballs[name] = await pack(name, packs);

  await cp(FIXTURES, dir, { recursive: true });
  await writeFile(
    join(dir, "package.json"),
    `${JSON.stringify(
      {
        name: "upscale-consumer",
        private: true,
        type: "module",
        dependencies: {
          "@upscale/core": `file:${tarballs["@upscale/core"]}`,
          "@upscale/local": `file:${tarballs["@upscale/local"]}`,
        },
        devDependencies: { "@types/node": "20.19.43" },
        // @upscale/local's dependency on the core must be this tarball, never a registry package of that name.
        overrides: { "@upscale/core": "$@upscale/core" },
      },
      null,
      2,
    )}\n`,
  );
  await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--no-package-lock"], {
    cwd: dir,
    maxBuffer: 16 * 1024 * 1024,
  });

  // The plain-JavaScript consumers load the shared scenario as JavaScript; the TypeScript ones compile it.
  for (const file of await readdir(dir)) {
    if (!file.endsWith(".mts")) continue;
    const { code } = await transform(await readFile(join(dir, file), "utf8"), { loader: "ts", format: "esm" });
    await writeFile(join(dir, file.replace(/\.mts$/, ".mjs")), code);
  }
  await writeQuickStarts(dir);
  await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 80, b: 40 } } })
    .composite([{ input: { create: { width: 20, height: 16, channels: 3, background: "#1e90ff" } }, left: 8, top: 6 }])
    .png()
    .toFile(join(dir, "photo.png"));

  return { dir, tarballs };
}

/** `pnpm pack` of a workspace package into `destination`; returns the tarball's path. */
async function pack(name: PackageName, destination: string): Promise<string> {
  const packageDir = dirname(require.resolve(`${name}/package.json`));
  const execPath = process.env.npm_execpath;
  const [command, args] =
    execPath !== undefined && basename(execPath).startsWith("pnpm")
      ? /\.[cm]?js$/.test(execPath)
        ? [process.execPath, [execPath]]
        : [execPath, []]
      : ["pnpm", []];
  const { stdout } = await run(command, [...args, "pack", "--pack-destination", destination, "--json"], {
    cwd: packageDir,
    maxBuffer: 16 * 1024 * 1024,
  });
  return (JSON.parse(stdout) as { filename: string }).filename;
}

/**
 * Each package README's quick start, as written, beside the consumers; `@upscale/fake-apis` (private, never
 * published) is linked in from the workspace for them.
 */
async function writeQuickStarts(dir: string): Promise<void> {
  for (const [name, file] of Object.entries(README_QUICK_STARTS)) {
    const readme = await readFile(join(dirname(require.resolve(`${name}/package.json`)), "README.md"), "utf8");
    const code = /## Quick start[\s\S]*?```js\n([\s\S]*?)```/.exec(readme)?.[1];
    if (code === undefined) throw new Error(`${name}'s README has no "## Quick start" with a js code block`);
    await writeFile(join(dir, file), code);
  }
  await symlink(fileURLToPath(FAKE_APIS), join(dir, "node_modules/@upscale/fake-apis"), "dir");
}
