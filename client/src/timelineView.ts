// The RCA Timeline view in the Explorer: the active RCA's timeline rows, each a
// click from its line. VS Code's Outline shows one tree per document symbol
// provider, and its built-in Markdown one already lists the headings, so in
// VS Code the server declares no outline of its own (that would be a second
// tree repeating every heading); the timeline events its outline has in other
// editors come here, from the server's metrics, refreshed as the RCA is edited.
import * as vscode from 'vscode';
import { PHASE_LABEL } from '../../shared/phaseLabel';
import type { TimelineEvent } from '../../shared/protocol';
import type { ActiveMetrics } from './activeMetrics';

const TIMELINE_VIEW = 'rca.timeline';

interface Row {
  /** The RCA the metrics are of: the active editor may already show another one. */
  readonly document: vscode.Uri;
  readonly event: TimelineEvent;
}

export class TimelineView implements vscode.TreeDataProvider<Row>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly metrics: ActiveMetrics) {
    this.subscriptions = [this.changed, metrics.onDidChange(() => this.changed.fire()), vscode.window.registerTreeDataProvider(TIMELINE_VIEW, this)];
  }

  getChildren(row?: Row): Row[] {
    const metrics = this.metrics.metrics;
    if (row || !metrics) return [];
    const document = vscode.Uri.parse(metrics.uri, true);
    return metrics.events.map((event) => ({ document, event }));
  }

  getTreeItem({ document, event }: Row): vscode.TreeItem {
    const item = new vscode.TreeItem(event.name);
    item.description = event.milestone && PHASE_LABEL[event.milestone];
    // The side bar is often too narrow for the milestone.
    item.tooltip = item.description ? `${event.name} · ${item.description}` : event.name;
    item.iconPath = new vscode.ThemeIcon('symbol-event');
    const start = new vscode.Position(event.line, 0);
    // In the active editor group, as the Outline opens its symbols.
    item.command = { command: 'vscode.open', title: 'Go to the row', arguments: [document, { selection: new vscode.Range(start, start) } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
