// RCA: Show Metrics Preview: a webview beside the editor with the server's
// numbers for the active RCA. It follows the active editor and updates as the
// user types; the webview only renders what it is sent.
import * as vscode from 'vscode';
import type { RcaMetrics } from '../../shared/protocol';
import type { ActiveMetrics } from './activeMetrics';
import { parseWebviewMessage, type PreviewUpdate } from './webview/messages';
import { revealLine, workspaceFolderUris } from './reveal';
import { createWebviewPanel } from './webviewPanel';

export class MetricsPreview implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The RCA on show: kept while the focus is on the preview itself or on a file that is no RCA. */
  private shown: RcaMetrics | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly context: vscode.ExtensionContext, private readonly metrics: ActiveMetrics) {
    this.subscription = metrics.onDidChange((m) => m && this.update(m));
  }

  show(): void {
    this.shown = this.metrics.metrics ?? this.shown;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    } else {
      this.panel = this.createPanel();
    }
    this.post(this.shown);
  }

  dispose(): void {
    this.subscription.dispose();
    this.panel?.dispose();
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = createWebviewPanel(this.context, { viewType: 'rca.metricsPreview', title: 'RCA Metrics', bundle: 'preview', showOptions: { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true } });
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = parseWebviewMessage(raw, workspaceFolderUris());
      if (message?.type === 'ready') this.post(this.shown);
      else if (message?.type === 'reveal') void revealLine(message.uri, message.line);
      else if (message?.type === 'openExternal') void vscode.env.openExternal(vscode.Uri.parse(message.url, true));
    });
    panel.onDidDispose(() => (this.panel = undefined));
    return panel;
  }

  private update(metrics: RcaMetrics): void {
    this.shown = metrics;
    if (this.panel) this.post(metrics);
  }

  /** Without metrics the panel says how to get some, rather than waiting on "Loading…". */
  private post(metrics: RcaMetrics | undefined): void {
    if (!this.panel) return;
    this.panel.title = metrics ? `RCA Metrics: ${metrics.title ?? 'Untitled'}` : 'RCA Metrics';
    const update: PreviewUpdate = { type: 'metrics', metrics: metrics ?? null };
    void this.panel.webview.postMessage(update);
  }
}
