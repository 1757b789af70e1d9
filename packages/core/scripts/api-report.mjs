// Writes api.md: every name each entry point of the built package exports (the `exports` map in package.json),
// with its kind and the first sentence of its TSDoc. It reads the .d.ts files tsc emitted as text (TypeScript 7
// has no stable JS API) and cross-checks the value names against the built JS, so a name the parser missed fails
// loudly instead of leaving the reference quietly incomplete.
//
//   node scripts/api-report.mjs           writes api.md (build first: `pnpm --filter @upscale/core api-report`)
//   node scripts/api-report.mjs --stdout  prints it instead (test/api-report.test.ts compares the two)
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const REGENERATE = "pnpm --filter @upscale/core api-report";
const VALUE_KINDS = new Set(["function", "class", "const", "let", "var", "enum"]);
const IDENTIFIER = "[A-Za-z_$][\\w$]*";
const DECLARATION = new RegExp(
  `^export\\s+(?:declare\\s+)?(?:abstract\\s+)?(function|class|const|let|var|interface|type|enum|namespace)\\s+(${IDENTIFIER})`,
  "gm",
);
const EXPORT_LIST = /^export\s+(type\s+)?\{([^}]*)\}\s*(?:from\s*"([^"]+)")?\s*;/gm;
const EXPORT_ALL = /^export\s+\*\s+from\s*"([^"]+)"\s*;/gm;
const EMPTY_EXPORT = /^export\s*\{\s*\}\s*;/gm;

const modules = new Map();

/** The names a .d.ts module exports, each with its kind and TSDoc summary, following re-exports. */
function exportsOf(file) {
  const known = modules.get(file);
  if (known) return known;
  const text = readFileSync(file, "utf8");
  const names = new Map();
  modules.set(file, names);
  const add = (name, entry) => {
    if (!names.has(name)) names.set(name, entry);
  };
  const handled = [];

  for (const match of text.matchAll(DECLARATION)) {
    handled.push(match.index);
    add(match[2], { kind: match[1], summary: summaryBefore(text, match.index) });
  }
  for (const match of text.matchAll(EXPORT_LIST)) {
    handled.push(match.index);
    for (const specifier of match[2].split(",").map((part) => part.trim())) {
      if (specifier === "") continue;
      const parts = specifier.replace(/^type\s+/, "").split(/\s+as\s+/);
      const local = parts[0];
      const exported = parts[1] ?? local;
      add(
        exported,
        match[3] === undefined ? localBinding(file, text, local) : lookUp(sibling(file, match[3]), local, file),
      );
    }
  }
  for (const match of text.matchAll(EXPORT_ALL)) {
    handled.push(match.index);
    for (const [name, entry] of exportsOf(sibling(file, match[1]))) add(name, entry);
  }
  for (const match of text.matchAll(EMPTY_EXPORT)) handled.push(match.index);

  for (const match of text.matchAll(/^export\b.*$/gm)) {
    if (!handled.includes(match.index)) throw new Error(`${file}: cannot read this export: ${match[0]}`);
  }
  return names;
}

function lookUp(file, name, from) {
  const entry = exportsOf(file).get(name);
  if (entry === undefined) throw new Error(`${from}: "${name}" is not exported by ${file}`);
  return entry;
}

/** `export { name }` without `from`: a name this file imports, or one it declares without `export`. */
function localBinding(file, text, name) {
  for (const match of text.matchAll(/^import\s+(?:type\s+)?\{([^}]*)\}\s*from\s*"([^"]+)"/gm)) {
    for (const specifier of match[1].split(",").map((part) => part.trim().replace(/^type\s+/, ""))) {
      const [imported, alias] = specifier.split(/\s+as\s+/);
      if ((alias ?? imported) === name) return lookUp(sibling(file, match[2]), imported, file);
    }
  }
  const declared = new RegExp(
    `^(?:declare\\s+)?(?:abstract\\s+)?(function|class|const|let|var|interface|type|enum|namespace)\\s+${name}\\b`,
    "m",
  ).exec(text);
  if (declared === null) throw new Error(`${file}: cannot find the declaration of "${name}"`);
  return { kind: declared[1], summary: summaryBefore(text, declared.index) };
}

function sibling(file, specifier) {
  return resolve(dirname(file), specifier.replace(/\.js$/, ".d.ts"));
}

/** The first sentence of the `/** … *\/` comment right before `index`, or "" when there is none. */
function summaryBefore(text, index) {
  const before = text.slice(0, index).trimEnd();
  if (!before.endsWith("*/")) return "";
  const start = before.lastIndexOf("/**");
  if (start === -1) return "";
  const lines = before
    .slice(start + 3, -2)
    .split("\n")
    .map((line) => line.replace(/^\s*\*? ?/, "").trimEnd());
  const paragraph = [];
  for (const line of lines) {
    if (line.startsWith("@") || (line === "" && paragraph.length > 0)) break;
    if (line !== "") paragraph.push(line.trim());
  }
  const joined = paragraph.join(" ").replace(/\{@link\s+([^}|\s]+)[^}]*\}/g, "`$1`");
  const sentence = joined.split(/(?<=[A-Za-z0-9)\]`'"][.!?])\s+(?=[A-Z`])/)[0] ?? "";
  return sentence.replace(/\|/g, "\\|");
}

async function entryPoints() {
  const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
  const entries = [];
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target !== "object" || target.types === undefined) continue;
    const specifier = subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
    const names = exportsOf(join(packageDir, target.types));
    const runtime = await import(pathToFileURL(join(packageDir, target.default)).href);
    checkValues(specifier, names, Object.keys(runtime));
    entries.push({ specifier, names });
  }
  return { name: manifest.name, entries };
}

/** The .d.ts and the JS must agree on which names are values: a disagreement means the parser went wrong. */
function checkValues(specifier, names, runtimeNames) {
  const declared = [...names].filter(([, entry]) => VALUE_KINDS.has(entry.kind)).map(([name]) => name);
  const missing = runtimeNames.filter((name) => !declared.includes(name));
  const extra = declared.filter((name) => !runtimeNames.includes(name));
  if (missing.length > 0 || extra.length > 0) {
    throw new Error(
      `${specifier}: the .d.ts and the JS disagree — values only in the JS: ${missing.join(", ") || "none"}; ` +
        `only in the .d.ts: ${extra.join(", ") || "none"}`,
    );
  }
}

function byName(a, b) {
  const [lowerA, lowerB] = [a.toLowerCase(), b.toLowerCase()];
  if (lowerA !== lowerB) return lowerA < lowerB ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function render({ name, entries }) {
  const lines = [
    `# ${name} API`,
    "",
    `<!-- Generated from the built package by scripts/api-report.mjs: do not edit. Regenerate with \`${REGENERATE}\`. -->`,
    "",
    "Every name each entry point exports, with its kind and the first sentence of its TSDoc. The full",
    "documentation is in the TSDoc itself (your editor shows it) and in the source under `src/`.",
  ];
  for (const { specifier, names } of entries) {
    const sorted = [...names.keys()].sort(byName);
    lines.push("", `## \`${specifier}\``, "", `${sorted.length} names.`, "");
    lines.push("| name | kind | summary |", "| --- | --- | --- |");
    for (const exported of sorted) {
      const { kind, summary } = names.get(exported);
      lines.push(`| \`${exported}\` | ${kind} | ${summary || "—"} |`);
    }
  }
  return `${lines.join("\n")}\n`;
}

const report = render(await entryPoints());
if (process.argv.includes("--stdout")) process.stdout.write(report);
else writeFileSync(join(packageDir, "api.md"), report);
