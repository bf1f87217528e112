// RCA: New RCA: asks title, service and severity, then creates
// rca/YYYY/YYYY-MM-DD-<slug>.md from the server's template and opens it.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { NEW_RCA_CHOICES_REQUEST, NEW_RCA_REQUEST, type NewRcaParams } from '../../shared/protocol';

export async function newRca(getClient: () => LanguageClient | undefined): Promise<void> {
  const client = getClient();
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!client || folders.length === 0) {
    void vscode.window.showErrorMessage('RCA: open a folder first: new RCAs are created under its rca/ folder.');
    return;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder of the new RCA' });
  if (!folder) return;
  const title = await vscode.window.showInputBox({ title: 'New RCA (1/3)', prompt: 'What happened, in a few words', placeHolder: 'Cache invalidation bug in order-service' });
  if (title === undefined) return;
  const choices = await client.sendRequest(NEW_RCA_CHOICES_REQUEST, { folder: folder.uri.toString() });
  const service = await vscode.window.showQuickPick(
    choices.services.map((s) => ({ label: s.name, description: s.detail })),
    { title: 'New RCA (2/3): affected service', placeHolder: choices.services.length ? 'Pick a service from the catalog' : 'No services known yet: press Escape to leave it empty' },
  );
  const severity = await vscode.window.showQuickPick(
    choices.severities.map((s) => ({ label: s.name, description: s.detail })),
    { title: 'New RCA (3/3): severity' },
  );
  if (!severity) return;
  const params: NewRcaParams = { title, service: service?.label, severity: severity.label, folder: folder.uri.toString() };
  const created = await client.sendRequest(NEW_RCA_REQUEST, params);
  const uri = vscode.Uri.joinPath(folder.uri, created.relativePath);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, ignoreIfExists: true, contents: new TextEncoder().encode(created.text) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`RCA: could not create ${created.relativePath}.`);
    return;
  }
  await vscode.window.showTextDocument(uri);
}
