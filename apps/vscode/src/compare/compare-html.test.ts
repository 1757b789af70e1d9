import { describe, expect, test } from "vitest";
import { compareHtml, contentSecurityPolicy } from "./compare-html.js";

describe("the compare webview's page", () => {
  const html = compareHtml({
    scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/compare-webview.js",
    nonce: "abc123",
    title: 'Compare <photo@2x.png> "x"',
  });

  test("one script, by nonce, and the policy in a meta tag", () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).toContain('<script nonce="abc123" src="https://file+.vscode-resource.vscode-cdn.net/');
    expect(html).toContain(`content="${contentSecurityPolicy("abc123")}"`);
  });

  test("the title is escaped", () => {
    expect(html).toContain("<title>Compare &#60;photo@2x.png&#62; &#34;x&#34;</title>");
  });

  test("the policy allows no network and no inline code or styles", () => {
    const policy = contentSecurityPolicy("abc123");
    expect(policy).toMatch(/^default-src 'none'; /);
    expect(policy).not.toMatch(/https?:|\*|'unsafe-|data:/);
    expect(policy).toContain("connect-src 'none'");
    expect(policy).toContain("img-src blob:");
    expect(policy).toContain("script-src 'nonce-abc123'");
  });
});
