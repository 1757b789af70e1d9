/**
 * The compare webview's page. Its Content-Security-Policy allows nothing from the network: the one script is
 * the extension's own bundle (by nonce), the images are blob: URLs the script makes from bytes the extension
 * read through workspace.fs, and styles are constructed style sheets (no inline or external styles at all).
 */
export function compareHtml(options: { scriptUri: string; nonce: string; title: string }): string {
  const { scriptUri, nonce } = options;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
</head>
<body>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}

export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "img-src blob:",
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
