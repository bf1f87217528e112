// The HTML shell of a webview: a strict Content-Security-Policy with a nonce,
// the bundled script and style, nothing remote, no inline code but the nonce'd
// script tag. Pure, so tests can load it in a browser.

export interface WebviewShell {
  /** The webview's `cspSource`: where its own resources are served from. */
  readonly cspSource: string;
  readonly scriptUri: string;
  readonly styleUri: string;
  readonly title: string;
  /** Random, fresh for each page. */
  readonly nonce: string;
}

export function webviewHtml(shell: WebviewShell): string {
  const csp = [`default-src 'none'`, `style-src ${shell.cspSource}`, `img-src ${shell.cspSource}`, `font-src ${shell.cspSource}`, `script-src 'nonce-${shell.nonce}'`].join('; ');
  const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${attr(shell.styleUri)}">
<title>${attr(shell.title)}</title>
</head>
<body>
<main id="root" aria-live="polite"><p class="empty">Loading…</p></main>
<script nonce="${attr(shell.nonce)}" src="${attr(shell.scriptUri)}"></script>
</body>
</html>`;
}
