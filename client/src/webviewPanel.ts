// A webview panel for one of the bundles in dist/media: scripts allowed, local
// resources limited to dist/media, the extension's icon, and the HTML shell of
// webview/html.ts (strict CSP, fresh nonce).
import * as vscode from 'vscode';
import { webviewHtml } from './webview/html';

export interface PanelSpec {
  readonly viewType: string;
  readonly title: string;
  /** `preview` or `dashboard`: dist/media/<bundle>.js and .css. */
  readonly bundle: string;
  readonly showOptions: vscode.ViewColumn | { readonly viewColumn: vscode.ViewColumn; readonly preserveFocus?: boolean };
}

export function createWebviewPanel(context: vscode.ExtensionContext, spec: PanelSpec): vscode.WebviewPanel {
  const media = vscode.Uri.joinPath(context.extensionUri, 'dist', 'media');
  const panel = vscode.window.createWebviewPanel(spec.viewType, spec.title, spec.showOptions, { enableScripts: true, localResourceRoots: [media] });
  panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'images', 'icon.png');
  const webview = panel.webview;
  webview.html = webviewHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${spec.bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${spec.bundle}.css`)).toString(),
    title: spec.title,
    nonce: nonce(),
  });
  return panel;
}

/** 16 random bytes in base64, from the Web Crypto API both extension hosts have. */
function nonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}
