/**
 * With `showUI(html, { themeColors: true })` Figma adds `figma-light` or `figma-dark` to the iframe's `<html>` and
 * defines its `--figma-color-*` tokens, so plugin UIs (and @create-figma-plugin/ui) follow the editor's theme.
 * These are the commonly used tokens with Figma's published light and dark values (a subset of the full list).
 */
export type FigmaTheme = "light" | "dark";

const TOKENS: ReadonlyArray<readonly [string, string, string]> = [
  ["bg", "#ffffff", "#2c2c2c"],
  ["bg-secondary", "#f5f5f5", "#383838"],
  ["bg-tertiary", "#e6e6e6", "#444444"],
  ["bg-hover", "#f5f5f5", "#383838"],
  ["bg-pressed", "#f5f5f5", "#383838"],
  ["bg-selected", "#e5f4ff", "#4a5878"],
  ["bg-selected-secondary", "#f2f9ff", "#394360"],
  ["bg-onselected", "#bde3ff", "#667799"],
  ["bg-inverse", "#2c2c2c", "#ffffff"],
  ["bg-disabled", "#d9d9d9", "#757575"],
  ["bg-brand", "#0d99ff", "#0c8ce9"],
  ["bg-brand-hover", "#007be5", "#0a6dc2"],
  ["bg-brand-pressed", "#007be5", "#0a6dc2"],
  ["bg-brand-tertiary", "#e5f4ff", "#394360"],
  ["bg-component", "#9747ff", "#8a38f5"],
  ["bg-component-tertiary", "#f1e5ff", "#503078"],
  ["bg-danger", "#f24822", "#e03e1a"],
  ["bg-danger-pressed", "#dc3412", "#c4381c"],
  ["bg-danger-tertiary", "#ffe2e0", "#622d22"],
  ["bg-success", "#14ae5c", "#198f51"],
  ["bg-success-tertiary", "#cff7d3", "#1f4a31"],
  ["bg-warning", "#ffcd29", "#f3c11b"],
  ["bg-warning-tertiary", "#fff1c2", "#5e4a10"],
  ["border", "#e6e6e6", "#444444"],
  ["border-strong", "#2c2c2c", "#ffffff"],
  ["border-selected", "#0d99ff", "#0c8ce9"],
  ["border-brand", "#bde3ff", "#394360"],
  ["border-brand-strong", "#007be5", "#7cc4f8"],
  ["border-onbrand", "#007be5", "#0a6dc2"],
  ["border-danger", "#ffc7c2", "#7a3326"],
  ["border-danger-strong", "#dc3412", "#e03e1a"],
  ["border-disabled", "#e6e6e6", "#444444"],
  ["border-disabled-strong", "rgba(0, 0, 0, 0.3)", "rgba(255, 255, 255, 0.4)"],
  ["border-component-hover", "#9747ff", "#8a38f5"],
  ["text", "rgba(0, 0, 0, 0.9)", "#ffffff"],
  ["text-secondary", "rgba(0, 0, 0, 0.5)", "rgba(255, 255, 255, 0.7)"],
  ["text-tertiary", "rgba(0, 0, 0, 0.3)", "rgba(255, 255, 255, 0.4)"],
  ["text-disabled", "rgba(0, 0, 0, 0.3)", "rgba(255, 255, 255, 0.4)"],
  ["text-brand", "#007be5", "#7cc4f8"],
  ["text-component", "#8638e5", "#d6b6fb"],
  ["text-danger", "#dc3412", "#fca397"],
  ["text-success", "#009951", "#79d297"],
  ["text-warning", "#b86200", "#f7d15f"],
  ["text-onbrand", "#ffffff", "#ffffff"],
  ["text-ondanger", "#ffffff", "#ffffff"],
  ["text-onsuccess", "#ffffff", "#ffffff"],
  ["text-onwarning", "rgba(0, 0, 0, 0.9)", "rgba(0, 0, 0, 0.9)"],
  ["text-ondisabled", "rgba(255, 255, 255, 0.9)", "rgba(255, 255, 255, 0.4)"],
  ["icon", "rgba(0, 0, 0, 0.9)", "#ffffff"],
  ["icon-secondary", "rgba(0, 0, 0, 0.5)", "rgba(255, 255, 255, 0.7)"],
  ["icon-tertiary", "rgba(0, 0, 0, 0.3)", "rgba(255, 255, 255, 0.4)"],
  ["icon-disabled", "rgba(0, 0, 0, 0.3)", "rgba(255, 255, 255, 0.4)"],
  ["icon-brand", "#0d99ff", "#7cc4f8"],
  ["icon-component", "#9747ff", "#d6b6fb"],
  ["icon-danger", "#f24822", "#fca397"],
  ["icon-onbrand", "#ffffff", "#ffffff"],
  ["icon-ondanger", "#ffffff", "#ffffff"],
  ["icon-onsuccess", "#ffffff", "#ffffff"],
  ["icon-onwarning", "rgba(0, 0, 0, 0.9)", "rgba(0, 0, 0, 0.9)"],
  ["icon-ondisabled", "rgba(255, 255, 255, 0.9)", "rgba(255, 255, 255, 0.4)"],
];

/** What Figma adds to the UI document: the theme class and, with themeColors, the tokens. */
export function themeUiDocument(html: string, theme: FigmaTheme, themeColors: boolean): string {
  if (!themeColors) return html;
  const column = theme === "light" ? 1 : 2;
  const tokens = TOKENS.map((token) => `--figma-color-${token[0]}: ${token[column]};`).join(" ");
  const injected =
    `<style id="figma-harness-theme">:root { ${tokens} color-scheme: ${theme}; }</style>` +
    `<script>document.documentElement.classList.add("figma-${theme}");</script>`;
  // Before the document's own styles (they may override the tokens); never before a doctype (quirks mode).
  const head = /<head[^>]*>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + injected + html.slice(head.index + head[0].length);
  const doctype = /^\s*<!doctype[^>]*>/i.exec(html);
  if (doctype) return doctype[0] + injected + html.slice(doctype[0].length);
  return injected + html;
}
