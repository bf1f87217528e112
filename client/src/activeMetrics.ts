// The server's metrics of the RCA in the active editor, refreshed as it is
// edited (debounced) and as its diagnostics change. The status bar and the
// preview both listen here, so each edit costs one request. It also keeps the
// `rca.isRca` context key (the active editor shows an RCA) for the RCA-only commands.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { METRICS_REQUEST, type MetricsParams, type RcaMetrics } from '../../shared/protocol';

const DEBOUNCE_MS = 200;

export class ActiveMetrics implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RcaMetrics | undefined>();
  /** Fires with the active editor's metrics, or undefined when it shows no RCA. */
  readonly onDidChange = this.changed.event;
  private current: RcaMetrics | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private pending: vscode.CancellationTokenSource | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly getClient: () => LanguageClient | undefined) {
    this.subscriptions = [
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh(0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.isActive(e.document.uri) && this.refresh(DEBOUNCE_MS)),
      vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((uri) => this.isActive(uri)) && this.refresh(DEBOUNCE_MS)),
    ];
    this.refresh(0);
  }

  get metrics(): RcaMetrics | undefined {
    return this.current;
  }

  /** Asks the server again after `delay` ms, cancelling a request still running. */
  refresh(delay = 0): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.fetch(), delay);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.pending?.cancel();
    for (const s of this.subscriptions) s.dispose();
  }

  private isActive(uri: vscode.Uri): boolean {
    return vscode.window.activeTextEditor?.document.uri.toString() === uri.toString();
  }

  private async fetch(): Promise<void> {
    this.pending?.cancel();
    const document = vscode.window.activeTextEditor?.document;
    const client = this.getClient();
    if (!document || document.languageId !== 'markdown' || !client?.isRunning()) return this.publish(undefined);
    const request = new vscode.CancellationTokenSource();
    this.pending = request;
    const params: MetricsParams = { uri: client.code2ProtocolConverter.asUri(document.uri) };
    try {
      const result = await client.sendRequest(METRICS_REQUEST, params, request.token);
      if (!request.token.isCancellationRequested) this.publish(result ?? undefined);
    } catch (error) {
      // A cancelled request is replaced by a newer one; anything else is worth a line in the log.
      if (!request.token.isCancellationRequested) client.warn(`rca/metrics failed: ${String(error)}`);
    } finally {
      request.dispose();
    }
  }

  private publish(metrics: RcaMetrics | undefined): void {
    this.current = metrics;
    // The RCA-only commands and keybindings are enabled by this key.
    void vscode.commands.executeCommand('setContext', 'rca.isRca', metrics !== undefined);
    this.changed.fire(metrics);
  }
}
