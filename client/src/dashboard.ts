// RCA: Open Dashboard: every RCA of the workspace from the server's index,
// filtered in the webview and reported by the server; export as CSV or JSON.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { todayIso } from '../../shared/calendarDay';
import { DASHBOARD_EXPORT_PIECE, DASHBOARD_EXPORT_REQUEST, DASHBOARD_REQUEST, type DashboardExportParams, type DashboardExportResult, type DashboardParams, type Report, type ReportFilter } from '../../shared/protocol';
import type { ExportFormat } from '../../shared/reportExport';
import { DASHBOARD_ROWS, parseWebviewMessage, type DashboardUpdate } from './webview/messages';
import { revealLine, workspaceFolderUris } from './reveal';
import { createWebviewPanel } from './webviewPanel';

/** Saved RCAs change the report: refresh at most this often. */
const REFRESH_MS = 500;

export class Dashboard implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private filter: ReportFilter = {};
  /** The workspace folder reported on, in a multi-root workspace. */
  private folder: vscode.WorkspaceFolder | undefined;
  private report: Report | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts the requests for the report: an answer is drawn only if no later request was made. */
  private requests = 0;
  /** Counts exports: each one's pieces come under a token of its own. */
  private exports = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly context: vscode.ExtensionContext, private readonly getClient: () => LanguageClient | undefined) {
    const later = () => this.panel && this.scheduleRefresh();
    this.subscriptions = [vscode.workspace.onDidSaveTextDocument(later), vscode.workspace.onDidCreateFiles(later), vscode.workspace.onDidDeleteFiles(later), vscode.workspace.onDidRenameFiles(later)];
  }

  async show(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length > 1) {
      const picked = await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder to report on' });
      if (!picked) return;
      this.folder = picked;
    } else this.folder = undefined;
    if (this.panel) this.panel.reveal();
    else this.panel = this.createPanel();
    await this.refresh();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subscriptions) s.dispose();
    this.panel?.dispose();
  }

  private createPanel(): vscode.WebviewPanel {
    const panel = createWebviewPanel(this.context, { viewType: 'rca.dashboard', title: 'RCA Dashboard', bundle: 'dashboard', showOptions: vscode.ViewColumn.Active });
    panel.webview.onDidReceiveMessage(async (raw: unknown) => {
      const message = parseWebviewMessage(raw, workspaceFolderUris());
      if (message?.type === 'ready') this.post();
      else if (message?.type === 'reveal') await revealLine(message.uri, message.line);
      else if (message?.type === 'filter') {
        this.filter = message.filter;
        await this.refresh();
      } else if (message?.type === 'export') await this.export(message.format);
      else if (message?.type === 'openExternal') await vscode.env.openExternal(vscode.Uri.parse(message.url, true));
    });
    panel.onDidDispose(() => (this.panel = undefined));
    return panel;
  }

  /** The server indexed the workspace again (it started or restarted, folders or files on disk changed): an open dashboard shows the new index. */
  indexChanged(): void {
    if (this.panel) this.scheduleRefresh();
  }

  private scheduleRefresh(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  private async refresh(): Promise<void> {
    const client = this.getClient();
    if (!client?.isRunning()) return;
    // The webview lists the newest incidents and each owner's first items only.
    const params: DashboardParams = { filter: this.filter, folder: this.folder?.uri.toString(), limit: DASHBOARD_ROWS };
    const request = ++this.requests;
    let report: Report;
    try {
      report = await client.sendRequest(DASHBOARD_REQUEST, params);
    } catch {
      // A server restarting drops the request: its indexing, once done, refreshes.
      return;
    }
    if (request !== this.requests) return;
    this.report = report;
    this.post();
  }

  private post(): void {
    if (!this.panel || !this.report) return;
    const update: DashboardUpdate = { type: 'report', report: this.report };
    void this.panel.webview.postMessage(update);
  }

  private async export(format: ExportFormat): Promise<void> {
    const client = this.getClient();
    if (!client?.isRunning()) return;
    const folder = (this.folder ?? vscode.workspace.workspaceFolders?.[0])?.uri;
    const name = `rca-report-${todayIso()}.${format}`;
    const target = await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, name), filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!target) return;
    const params: DashboardExportParams = { filter: this.filter, folder: this.folder?.uri.toString(), format, partialResultToken: `rca-export-${++this.exports}` };
    const where = vscode.workspace.asRelativePath(target);
    const saved = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `RCA: exporting the report to ${where}`, cancellable: true }, async (_progress, cancellation) => {
      // The text comes in pieces (a few hundred megabytes at 100,000 RCAs), kept as UTF-8 as they come.
      const encoder = new TextEncoder();
      const pieces: Uint8Array[] = [];
      const listening = client.onProgress(DASHBOARD_EXPORT_PIECE, params.partialResultToken, (piece) => void pieces.push(encoder.encode(piece)));
      let result: DashboardExportResult;
      try {
        result = await client.sendRequest(DASHBOARD_EXPORT_REQUEST, params, cancellation);
      } catch (error) {
        if (!cancellation.isCancellationRequested) void vscode.window.showErrorMessage(`RCA: the report was not exported: ${(error as Error).message}`);
        return undefined;
      } finally {
        listening.dispose();
      }
      if (cancellation.isCancellationRequested) return undefined;
      await vscode.workspace.fs.writeFile(target, joinBytes(pieces));
      return result;
    });
    if (saved) void vscode.window.showInformationMessage(`RCA: saved ${saved.incidents} incidents to ${where}.`);
  }
}

function joinBytes(pieces: readonly Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(pieces.reduce((size, piece) => size + piece.length, 0));
  let at = 0;
  for (const piece of pieces) {
    joined.set(piece, at);
    at += piece.length;
  }
  return joined;
}
