// Packages the extension as a .vsix in apps/vscode/.
//
//   node scripts/package.mjs                      universal: sharp's WebAssembly build, one .vsix for every platform
//   node scripts/package.mjs --target linux-x64   native sharp for one VS Code target (win32-x64, darwin-arm64, …)
//
// vsce cannot read pnpm's node_modules, so the extension is staged in a folder of its own (dist, package.json,
// README, LICENSE) where npm installs its one runtime dependency, sharp, for the chosen platform; vsce then ships
// what `npm list --production` finds there. Prints the .vsix path.
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({ options: { target: { type: "string" } } });
const target = values.target;

/** npm's --os/--cpu/--libc for each VS Code target sharp publishes a native build for. */
const NPM_PLATFORM = {
  "win32-x64": ["win32", "x64"],
  "win32-arm64": ["win32", "arm64"],
  "linux-x64": ["linux", "x64", "glibc"],
  "linux-arm64": ["linux", "arm64", "glibc"],
  "linux-armhf": ["linux", "arm", "glibc"],
  "alpine-x64": ["linux", "x64", "musl"],
  "alpine-arm64": ["linux", "arm64", "musl"],
  "darwin-x64": ["darwin", "x64"],
  "darwin-arm64": ["darwin", "arm64"],
};
if (target !== undefined && !(target in NPM_PLATFORM)) {
  console.error(`Unknown --target ${target}; one of: ${Object.keys(NPM_PLATFORM).join(", ")}`);
  process.exit(2);
}

execFileSync(process.execPath, [`${root}scripts/build.mjs`], { stdio: "inherit" });

const manifest = JSON.parse(readFileSync(`${root}package.json`, "utf8"));
const stage = `${root}.package/${target ?? "universal"}/`;
rmSync(stage, { recursive: true, force: true });
mkdirSync(`${stage}dist`, { recursive: true });
for (const file of ["extension.js", "compare-webview.js"]) copyFileSync(`${root}dist/${file}`, `${stage}dist/${file}`);
for (const file of ["README.md", "LICENSE"]) copyFileSync(`${root}${file}`, `${stage}${file}`);
// The shipped manifest: no scripts (vsce would run vscode:prepublish), no workspace or dev dependencies
// (bundled into dist/extension.js), only sharp, which loads its platform's build at run time.
const { scripts, devDependencies, dependencies, ...shipped } = manifest;
writeFileSync(
  `${stage}package.json`,
  `${JSON.stringify({ ...shipped, dependencies: { sharp: dependencies.sharp } }, null, 2)}\n`,
);
// sharp's C++ sources and install helpers are for building from source, which an installed extension never does.
writeFileSync(
  `${stage}.vscodeignore`,
  [
    "**/*.map",
    "**/*.d.ts",
    "**/*.d.cts",
    "**/*.d.mts",
    "node_modules/sharp/src/**",
    "node_modules/sharp/install/**",
    "",
  ].join("\n"),
);

const [os, cpu, libc] = target === undefined ? [undefined, "wasm32"] : NPM_PLATFORM[target];
const platformFlags = [os && `--os=${os}`, `--cpu=${cpu}`, libc && `--libc=${libc}`].filter(Boolean);
execFileSync("npm", ["install", "--omit=dev", "--no-package-lock", "--no-audit", "--no-fund", ...platformFlags], {
  cwd: stage,
  stdio: ["ignore", "ignore", "inherit"],
});

const vsix = `${root}${manifest.name}${target === undefined ? "" : `-${target}`}-${manifest.version}.vsix`;
const vsce = `${root}node_modules/@vscode/vsce/vsce`;
execFileSync(
  process.execPath,
  [
    vsce,
    "package",
    "--out",
    vsix,
    ...(target === undefined ? [] : ["--target", target]),
    // No public repository yet: vsce would otherwise stop to ask.
    "--allow-missing-repository",
  ],
  { cwd: stage, stdio: ["ignore", "ignore", "inherit"] },
);
console.log(`${vsix} (${(statSync(vsix).size / 1e6).toFixed(2)} MB)`);
