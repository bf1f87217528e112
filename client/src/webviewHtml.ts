// A webview's HTML for one of the bundles in dist/media (see webview/html.ts).
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { webviewHtml as shellHtml } from './webview/html';

export function webviewHtml(webview: vscode.Webview, media: vscode.Uri, bundle: string, title: string): string {
  return shellHtml({
    cspSource: webview.cspSource,
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${bundle}.js`)).toString(),
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, `${bundle}.css`)).toString(),
    title,
    nonce: randomBytes(16).toString('base64'),
  });
}
