/**
 * The compare webview's page. Its Content-Security-Policy allows nothing from the network: the one script is
 * the extension's own bundle (by nonce), images come only from VS Code's webview resource origin
 * (`cspSource`: the two files, by `asWebviewUri`, within the panel's localResourceRoots), and styles are
 * constructed style sheets (no inline or external styles at all).
 */
export function compareHtml(options: {
  scriptUri: string;
  nonce: string;
  title: string;
  cspSource: string;
  /** The images' webview URIs: fetched while the script loads, instead of after it asked for them. */
  preload: readonly string[];
}): string {
  const { scriptUri, nonce, cspSource } = options;
  const preload = options.preload.map((href) => `<link rel="preload" as="image" href="${escapeHtml(href)}">\n`);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce, cspSource)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${preload.join("")}</head>
<body>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}

export function contentSecurityPolicy(nonce: string, cspSource: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "style-src 'none'",
    "font-src 'none'",
    "connect-src 'none'",
    "frame-src 'none'",
    "worker-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
