// RCA: Open Dashboard: every RCA of the workspace from the server's index,
// filtered in the webview and reported by the server; export as CSV or JSON.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { todayIso } from '../../shared/calendarDay';
import { reportCsv } from '../../shared/csv';
import { DASHBOARD_REQUEST, type DashboardParams, type Report, type ReportFilter } from '../../shared/protocol';
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

  private async export(format: 'csv' | 'json'): Promise<void> {
    const client = this.getClient();
    if (!client?.isRunning()) return;
    const folder = (this.folder ?? vscode.workspace.workspaceFolders?.[0])?.uri;
    const name = `rca-report-${todayIso()}.${format}`;
    const target = await vscode.window.showSaveDialog({ defaultUri: folder && vscode.Uri.joinPath(folder, name), filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] } });
    if (!target) return;
    const params: DashboardParams = { filter: this.filter, folder: this.folder?.uri.toString() };
    const report = await client.sendRequest(DASHBOARD_REQUEST, params);
    const text = format === 'csv' ? reportCsv(report) : `${JSON.stringify(report, null, 2)}\n`;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    void vscode.window.showInformationMessage(`RCA: saved ${report.incidents.length} incidents to ${vscode.workspace.asRelativePath(target)}.`);
  }
}
