// RCA: Import Timeline…: a PagerDuty, Opsgenie, Slack or CSV/TSV export, from a file, a Slack
// channel folder or the clipboard, read here and sent to the server, which answers with the
// rows and the edit; the rows are shown before anything is written, and the edit is applied
// as one WorkspaceEdit (one undo).
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { IMPORT_TIMELINE_REQUEST, type ImportTimelineParams } from '../../shared/protocol';
import { isSlackExportFile, MAX_IMPORT_CHARS } from '../../shared/timelineImport';

/** Rows listed in the confirmation; the rest are counted. */
const PREVIEW_ROWS = 30;

type Source = ImportTimelineParams['source'];

export async function importTimeline(getClient: () => BaseLanguageClient | undefined): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const client = getClient();
  if (!editor || !client?.isRunning()) return;
  const document = editor.document;
  let source: Source | undefined;
  try {
    source = await pickSource();
  } catch (error) {
    void vscode.window.showErrorMessage(`Import Timeline: ${(error as Error).message}`);
    return;
  }
  if (!source) return;
  const params: ImportTimelineParams = { textDocument: client.code2ProtocolConverter.asTextDocumentIdentifier(document), source, localOffset: -new Date().getTimezoneOffset() };
  const result = await client.sendRequest(IMPORT_TIMELINE_REQUEST, params);
  if ('error' in result) {
    void vscode.window.showErrorMessage(`Import Timeline: ${result.error}`);
    return;
  }
  const name = vscode.workspace.asRelativePath(document.uri);
  const already = result.duplicates > 0 ? ` (${result.duplicates} already there)` : '';
  if (result.rows.length === 0) {
    void vscode.window.showInformationMessage(`Import Timeline: nothing new for ${name}${already}.`);
    return;
  }
  const listed = result.rows.slice(0, PREVIEW_ROWS).map((r) => `${r.time}  ${r.milestone ? `[${r.milestone}] ` : ''}${r.event}`);
  if (result.rows.length > PREVIEW_ROWS) listed.push(`… and ${result.rows.length - PREVIEW_ROWS} more`);
  const rows = `${result.rows.length} row${result.rows.length === 1 ? '' : 's'}`;
  const choice = await vscode.window.showInformationMessage(
    `Import ${rows} into the Timeline of ${name}?`,
    { modal: true, detail: `From ${source.name}, times in ${result.zone}${already}:\n\n${listed.join('\n')}` },
    'Import',
  );
  if (choice !== 'Import') return;
  // Typed on while the user read the rows: the edit is for a text that is gone.
  if (document.version !== result.version) {
    void vscode.window.showWarningMessage('Import Timeline: the document changed meanwhile; run it again.');
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  for (const textEdit of await client.protocol2CodeConverter.asTextEdits([...result.edits])) edit.replace(document.uri, textEdit.range, textEdit.newText);
  await vscode.workspace.applyEdit(edit);
}

async function pickSource(): Promise<Source | undefined> {
  const choices = [
    { label: '$(file) From a File…', description: 'PagerDuty log entries or Opsgenie logs (JSON), CSV or TSV', pick: pickFile },
    { label: '$(folder) From a Slack Export Folder…', description: "a channel's folder of a Slack export", pick: pickSlackFolder },
    { label: '$(clippy) From the Clipboard', description: 'the same formats, pasted', pick: clipboard },
  ];
  const choice = await vscode.window.showQuickPick(choices, { title: 'Import Timeline', placeHolder: 'Where are the events?' });
  return choice?.pick();
}

async function pickFile(): Promise<Source | undefined> {
  const [uri] = (await vscode.window.showOpenDialog({ title: 'Import Timeline', openLabel: 'Import', canSelectMany: false, filters: { 'Incident exports': ['json', 'csv', 'tsv', 'txt'], 'All files': ['*'] } })) ?? [];
  if (!uri) return undefined;
  const name = displayName(uri);
  return { name, files: [await readText(uri, name)] };
}

async function pickSlackFolder(): Promise<Source | undefined> {
  const [folder] = (await vscode.window.showOpenDialog({ title: 'Import Timeline: a Slack Channel Folder', openLabel: 'Import', canSelectFiles: false, canSelectFolders: true, canSelectMany: false })) ?? [];
  if (!folder) return undefined;
  const days = (await vscode.workspace.fs.readDirectory(folder)).filter(([n, type]) => type === vscode.FileType.File && isSlackExportFile(n) && n !== 'users.json').map(([n]) => n).sort();
  const name = displayName(folder);
  if (days.length === 0) throw new Error(`${name} has no Slack day files (2025-07-30.json): pick a channel's folder of a Slack export.`);
  // users.json is in the export's root, above the channel folders.
  const candidates = [vscode.Uri.joinPath(folder, 'users.json'), vscode.Uri.joinPath(folder, '..', 'users.json')];
  let users: vscode.Uri | undefined;
  for (const candidate of candidates) {
    if (await vscode.workspace.fs.stat(candidate).then((s) => s.type === vscode.FileType.File, () => false)) {
      users = candidate;
      break;
    }
  }
  const uris = [...(users ? [users] : []), ...days.map((d) => vscode.Uri.joinPath(folder, d))];
  return { name, files: await Promise.all(uris.map((uri) => readText(uri, displayName(uri)))) };
}

async function clipboard(): Promise<Source | undefined> {
  const text = await vscode.env.clipboard.readText();
  if (text.trim() === '') throw new Error('the clipboard holds no text: copy a PagerDuty or Opsgenie JSON export, or CSV/TSV rows, first.');
  return { name: 'clipboard', files: [{ name: 'clipboard', text }] };
}

async function readText(uri: vscode.Uri, name: string): Promise<{ name: string; text: string }> {
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > MAX_IMPORT_CHARS) throw new Error(`${name} has ${Math.round(size / 1024 / 1024)} MB, more than the ${MAX_IMPORT_CHARS / 1024 / 1024} MB an import reads.`);
  try {
    return { name, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(await vscode.workspace.fs.readFile(uri)) };
  } catch (error) {
    if (error instanceof TypeError) throw new Error(`${name} is not UTF-8 text: expected a JSON, CSV or TSV export.`);
    throw error;
  }
}

function displayName(uri: vscode.Uri): string {
  return vscode.workspace.getWorkspaceFolder(uri) ? vscode.workspace.asRelativePath(uri) : uri.fsPath;
}
