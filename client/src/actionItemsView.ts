// The RCA Action Items view in the Explorer: the workspace's action items grouped by the
// server from its index (rca/actionItems), a folded group's rows asked as it is expanded
// (rca/actionItemRows), all asked again when the server says they changed
// (rca/actionItemsChanged); with an overdue badge. Its row actions are the server's edits
// (mark done, snooze, tracker link) applied here.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { isCalendarDate, todayIso } from '../../shared/calendarDay';
import {
  ACTION_ITEM_ROWS_REQUEST,
  ACTION_ITEMS_REQUEST,
  EDIT_ACTION_ITEM_REQUEST,
  NEW_TRACKER_ISSUE_REQUEST,
  NO_OWNER,
  TOGGLE_ACTION_ITEM_REQUEST,
  type ActionItemGroup,
  type ActionItemGrouping as Grouping,
  type ActionItemsResult,
  type DocumentEditResult,
  type NewTrackerIssueResult,
  type WorkspaceActionItem,
} from '../../shared/protocol';
import { addDays, GROUPINGS, groupDescription, groupTooltip, itemDescription, relativeDeadline } from './actionItemsTree';

const ACTION_ITEMS_VIEW = 'rca.actionItems';

/** The folder's Git remote as a web page and the commit checked out; absent where git cannot run (the web). */
export type GitRepository = (folder: vscode.WorkspaceFolder) => Promise<{ repository: string | undefined; commit: string | undefined }>;

type Node = { kind: 'group'; group: ActionItemGroup } | { kind: 'item'; item: WorkspaceActionItem } | { kind: 'more'; group: ActionItemGroup | undefined; count: number };

const GROUPING_KEY = 'rca.actionItems.grouping';
const STATE_ICON = { overdue: ['warning', 'list.errorForeground'], dueSoon: ['clock', 'list.warningForeground'], open: ['circle-large-outline', undefined], done: ['pass', 'testing.iconPassed'] } as const;

export class ActionItemsView implements vscode.Disposable, vscode.TreeDataProvider<Node> {
  private result: ActionItemsResult = { today: '', total: 0, overdue: 0, groups: [], moreGroups: 0 };
  /** The grouping picked, and the one `result` is grouped by (they differ while it is asked again). */
  private grouping: Grouping;
  private resultGrouping: Grouping = 'status';
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly subscriptions: vscode.Disposable[];
  /** The refresh asked for while one runs: runs after it, once. */
  private pending: Promise<void> | undefined;
  private again = false;

  constructor(private readonly context: vscode.ExtensionContext, private readonly getClient: () => LanguageClient | undefined, private readonly gitRepository: GitRepository | undefined) {
    const saved = context.workspaceState.get<Grouping>(GROUPING_KEY);
    this.grouping = saved && GROUPINGS.includes(saved) ? saved : 'status';
    this.view = vscode.window.createTreeView(ACTION_ITEMS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.subscriptions = [
      this.view,
      this.changed,
      // The SLOs and the tracker move deadlines and links: the server computes them per request.
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('rca') && this.refresh()),
      vscode.commands.registerCommand('rca.actionItems.groupBy', () => this.pickGrouping()),
      vscode.commands.registerCommand('rca.actionItems.markDone', (node?: Node) => this.withItem(node, (item) => this.edit(item, TOGGLE_ACTION_ITEM_REQUEST.method, {}))),
      vscode.commands.registerCommand('rca.actionItems.snooze', (node?: Node) => this.withItem(node, (item) => this.snooze(item))),
      vscode.commands.registerCommand('rca.actionItems.openTrackerLink', (node?: Node) => this.withItem(node, (item) => this.openTrackerLink(item))),
      vscode.commands.registerCommand('rca.actionItems.createTrackerIssue', (node?: Node) => this.withItem(node, (item) => this.createTrackerIssue(item))),
    ];
    this.describe();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /** Asks the server for the rows again (calls while one is on the way coalesce into one more). */
  refresh(): Promise<void> {
    if (this.pending) {
      this.again = true;
      return this.pending;
    }
    this.pending = (async () => {
      do {
        this.again = false;
        const client = this.getClient();
        if (!client?.isRunning()) break;
        try {
          const grouping = this.grouping;
          this.result = await client.sendRequest(ACTION_ITEMS_REQUEST, { repository: (await this.repository())?.repository, grouping });
          this.resultGrouping = grouping;
        } catch {
          // A server restarting drops the request: the new one's start refreshes.
          break;
        }
        this.describe();
        this.changed.fire(undefined);
      } while (this.again);
    })().finally(() => (this.pending = undefined));
    return this.pending;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'group') {
      const { group } = node;
      // Sent with its rows when it starts expanded.
      const item = new vscode.TreeItem(group.label, group.rows ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
      item.id = this.groupId(group);
      item.description = groupDescription(group, this.resultGrouping);
      item.contextValue = 'actionItemGroup';
      item.tooltip = groupTooltip(group);
      return item;
    }
    if (node.kind === 'more') {
      // The rows of a group past its first ones, or the groups past the first ones.
      const count = node.count.toLocaleString('en-US');
      const item = new vscode.TreeItem(node.group ? `${count} more` : `${count} more ${this.resultGrouping === 'rca' ? 'RCAs' : 'owners'}`, vscode.TreeItemCollapsibleState.None);
      item.id = node.group ? `${this.groupId(node.group)}:more` : `${this.resultGrouping}:more`;
      item.description = node.group ? 'group differently to see them' : 'those with the most overdue items are listed';
      return item;
    }
    const { item: row } = node;
    const item = new vscode.TreeItem(row.action || '(no action)', vscode.TreeItemCollapsibleState.None);
    item.id = `${this.resultGrouping}:${row.uri}#${row.line}`;
    item.description = itemDescription(row, this.result.today, this.resultGrouping);
    const [icon, color] = STATE_ICON[row.state];
    item.iconPath = new vscode.ThemeIcon(icon, color && new vscode.ThemeColor(color));
    item.contextValue = `actionItem:${row.state === 'done' ? 'done' : 'open'}:${row.tracker ? (row.tracker.url ? 'linked' : 'unlinked') : 'untracked'}`;
    item.tooltip = tooltip(row, this.result.today);
    item.command = { command: 'vscode.open', title: 'Go to the Row', arguments: [vscode.Uri.parse(row.uri, true), { selection: new vscode.Range(row.line, 0, row.line, 0) } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const groups: Node[] = this.result.groups.map((group) => ({ kind: 'group', group }));
      return this.result.moreGroups > 0 ? [...groups, { kind: 'more', group: undefined, count: this.result.moreGroups }] : groups;
    }
    if (node.kind !== 'group') return [];
    const { items, more } = node.group.rows ?? (await this.rowsOf(node.group));
    const rows: Node[] = items.map((item) => ({ kind: 'item', item }));
    return more > 0 ? [...rows, { kind: 'more', group: node.group, count: more }] : rows;
  }

  /** A folded group's rows, asked as it is expanded. */
  private async rowsOf(group: ActionItemGroup): Promise<{ items: readonly WorkspaceActionItem[]; more: number }> {
    const client = this.getClient();
    if (!client?.isRunning()) return { items: [], more: 0 };
    try {
      return await client.sendRequest(ACTION_ITEM_ROWS_REQUEST, { repository: (await this.repository())?.repository, grouping: this.resultGrouping, key: group.key });
    } catch {
      // A server restarting drops the request: the new one's start refreshes.
      return { items: [], more: 0 };
    }
  }

  /** Stable across refreshes: the tree keeps a group's expanded state by it. */
  private groupId(group: ActionItemGroup): string {
    return `${this.resultGrouping}:${group.key}`;
  }

  private describe(): void {
    const { overdue } = this.result;
    this.view.badge = overdue > 0 ? { value: overdue, tooltip: `${overdue} overdue action item${overdue === 1 ? '' : 's'}` } : undefined;
    this.view.description = `by ${this.grouping === 'rca' ? 'RCA' : this.grouping}`;
    this.view.message = this.result.total === 0 && this.result.today ? 'No action items in the workspace\'s RCAs.' : undefined;
  }

  private async pickGrouping(): Promise<void> {
    const labels: Record<Grouping, string> = { status: 'Status', owner: 'Owner', rca: 'RCA' };
    const picked = await vscode.window.showQuickPick(GROUPINGS.map((g) => ({ label: labels[g], grouping: g, picked: g === this.grouping })), { placeHolder: 'Group action items by' });
    if (!picked) return;
    this.grouping = picked.grouping;
    await this.context.workspaceState.update(GROUPING_KEY, picked.grouping);
    this.describe();
    await this.refresh();
  }

  private async withItem(node: Node | undefined, run: (item: WorkspaceActionItem) => Promise<void>): Promise<void> {
    const item = node?.kind === 'item' ? node.item : this.view.selection.find((n) => n.kind === 'item')?.item;
    if (item) await run(item);
  }

  private async snooze(item: WorkspaceActionItem): Promise<void> {
    const from = this.result.today || todayIso();
    const options = [7, 14, 28].map((days) => ({ label: `${days / 7} week${days === 7 ? '' : 's'}`, description: addDays(from, days) }));
    const another = { label: 'Another date', description: '' };
    const picked = await vscode.window.showQuickPick([...options, another], { placeHolder: `Move the due date of "${item.action}" (${relativeDeadline(item, from)}) to` });
    if (!picked) return;
    const due = picked === another
      ? await vscode.window.showInputBox({ title: 'New due date', prompt: 'YYYY-MM-DD', value: addDays(from, 7), validateInput: (text) => (isCalendarDate(text.trim()) ? undefined : 'A date as YYYY-MM-DD') })
      : picked.description;
    if (due) await this.edit(item, EDIT_ACTION_ITEM_REQUEST.method, { due: due.trim() });
  }

  private async openTrackerLink(item: WorkspaceActionItem): Promise<void> {
    if (!item.tracker) return;
    if (item.tracker.url !== undefined) await vscode.env.openExternal(vscode.Uri.parse(item.tracker.url, true));
    else void vscode.window.showInformationMessage(item.tracker.hint);
  }

  private async createTrackerIssue(item: WorkspaceActionItem): Promise<void> {
    const client = this.getClient();
    if (!client?.isRunning()) return;
    const git = await this.repository(vscode.Uri.parse(item.uri, true));
    const result: NewTrackerIssueResult = await client.sendRequest(NEW_TRACKER_ISSUE_REQUEST, { uri: item.uri, line: item.line, repository: git?.repository, commit: git?.commit });
    if ('error' in result) {
      // In the web no git runs: the repository can only come from the settings.
      const why = this.gitRepository ? result.error : `${result.error} In the browser the Git remote cannot be read: rca.trackerUrl names the repository.`;
      const open = await vscode.window.showInformationMessage(why, 'Open Settings');
      if (open) await vscode.commands.executeCommand('workbench.action.openSettings', 'rca.tracker');
      return;
    }
    await vscode.env.openExternal(vscode.Uri.parse(result.url, true));
    const paste = await vscode.window.showInformationMessage(`Once the issue for "${item.action}" is created, paste its link into the row.`, 'Paste Link');
    if (!paste) return;
    const link = await vscode.window.showInputBox({ title: 'The new issue\'s link', prompt: 'A URL, #123 or PROJ-123', validateInput: (text) => (/^\S+$/.test(text.trim()) ? undefined : 'One link, without spaces') });
    if (link) await this.edit(item, EDIT_ACTION_ITEM_REQUEST.method, { link: link.trim() });
  }

  /** The Git repository of `uri`'s folder (the first folder's without one); undefined in the web. */
  private async repository(uri?: vscode.Uri): Promise<{ repository: string | undefined; commit: string | undefined } | undefined> {
    const folder = (uri && vscode.workspace.getWorkspaceFolder(uri)) ?? vscode.workspace.workspaceFolders?.[0];
    return folder && this.gitRepository?.(folder);
  }

  /**
   * Applies the server's edit of the item's row (its document opened for the server) and
   * saves it when the document had no other unsaved change: the view acts on files, not editors.
   */
  private async edit(item: WorkspaceActionItem, method: string, extra: object): Promise<void> {
    const client = this.getClient();
    if (!client?.isRunning()) return;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(item.uri, true));
    const wasDirty = document.isDirty;
    const result = await client.sendRequest<DocumentEditResult>(method, { textDocument: { uri: item.uri }, position: { line: item.line, character: 0 }, ...extra });
    if ('error' in result) {
      void vscode.window.showWarningMessage(result.error);
      return;
    }
    if (document.version !== result.version) {
      void vscode.window.showWarningMessage(`${result.title}: the document changed meanwhile; run it again.`);
      return;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.set(document.uri, await client.protocol2CodeConverter.asTextEdits([...result.edits]));
    if ((await vscode.workspace.applyEdit(edit)) && !wasDirty) await document.save();
  }
}

function tooltip(item: WorkspaceActionItem, today: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendText(item.action || '(no action)');
  md.appendMarkdown('\n\n');
  const facts: [string, string][] = [
    ['Priority', item.priority || '—'],
    ['Owner', item.owner || NO_OWNER],
    ['Due', `${item.due || '—'}${item.deadline && item.deadline !== item.due ? ` (deadline ${item.deadline} by the priority's SLO)` : ''}: ${relativeDeadline(item, today)}`],
    ['Tracker', item.tracker?.text ?? '—'],
    ['RCA', `${item.rcaTitle} (${item.rcaPath}, line ${item.line + 1})`],
  ];
  for (const [name, value] of facts) {
    md.appendMarkdown(`**${name}:** `);
    md.appendText(value);
    md.appendMarkdown('  \n');
  }
  return md;
}
