import { describe, expect, test } from "vitest";
import { compareHtml, contentSecurityPolicy } from "./compare-html.js";

/** What `webview.cspSource` is in VS Code 1.100. */
const SOURCE = "https://*.vscode-cdn.net";
const RESOURCE = "https://file+.vscode-resource.vscode-cdn.net";

describe("the compare webview's page", () => {
  const html = compareHtml({
    scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/compare-webview.js",
    nonce: "abc123",
    title: 'Compare <photo@2x.png> "x"',
    cspSource: SOURCE,
    preload: [`${RESOURCE}/w/photo.png`, `${RESOURCE}/w/photo@2x.png?"x"`],
  });

  test("one script, by nonce, and the policy in a meta tag", () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="abc123" src="https://file+.vscode-resource.vscode-cdn.net/');
    expect(html).toContain(`content="${contentSecurityPolicy("abc123", SOURCE)}"`);
  });

  test("both images are preloaded, their addresses escaped", () => {
    expect(html).toContain(`<link rel="preload" as="image" href="${RESOURCE}/w/photo.png">`);
    expect(html).toContain(`<link rel="preload" as="image" href="${RESOURCE}/w/photo@2x.png?&#34;x&#34;">`);
  });

  test("the title is escaped", () => {
    expect(html).toContain("<title>Compare &#60;photo@2x.png&#62; &#34;x&#34;</title>");
  });

  test("the policy allows no network and no inline code or styles: images only from the webview's resources", () => {
    const policy = contentSecurityPolicy("abc123", SOURCE);
    expect(policy).toMatch(/^default-src 'none'; /);
    expect(policy.replace(SOURCE, "")).not.toMatch(/https?:|\*|'unsafe-|data:|blob:/);
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain(`img-src ${SOURCE};`);
    expect(policy).toContain("script-src 'nonce-abc123'");
    expect(policy).toContain("style-src 'none'");
  });
});
