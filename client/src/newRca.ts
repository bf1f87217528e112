// RCA: New RCA: asks title, service and severity, then creates
// rca/YYYY/YYYY-MM-DD-<slug>.md from the server's template and opens it.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient, WorkspaceEdit } from 'vscode-languageclient';
import { NEW_RCA_CHOICES_REQUEST, NEW_RCA_REQUEST, type NamedChoice, type NewRcaParams } from '../../shared/protocol';

/** The author's name for a new RCA in the folder, or undefined to leave it to the user. */
export type UserName = (folder: vscode.WorkspaceFolder) => Promise<string | undefined>;

export async function newRca(getClient: () => LanguageClient | undefined, userName: UserName): Promise<void> {
  const client = getClient();
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (!client || folders.length === 0) {
    void vscode.window.showErrorMessage('RCA: open a folder first: new RCAs are created under its rca/ folder.');
    return;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder of the new RCA' });
  if (!folder) return;
  const title = await vscode.window.showInputBox({
    title: 'New RCA (1/3)',
    prompt: 'What happened, in a few words',
    placeHolder: 'Cache invalidation bug in order-service',
    validateInput: (value) => (value.trim() ? undefined : 'Give the incident a title: a few words on what happened.'),
  });
  if (title === undefined) return;
  const choices = await client.sendRequest(NEW_RCA_CHOICES_REQUEST, { folder: folder.uri.toString() });
  const service = await pickService(choices.services);
  const severity = await vscode.window.showQuickPick(
    choices.severities.map((s) => ({ label: s.name, description: s.detail })),
    { title: 'New RCA (3/3): severity' },
  );
  if (!severity) return;
  const params: NewRcaParams = { title, service, severity: severity.label, userName: await userName(folder), folder: folder.uri.toString() };
  const created = await client.sendRequest(NEW_RCA_REQUEST, params);
  const uri = vscode.Uri.joinPath(folder.uri, created.relativePath);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { overwrite: false, contents: new TextEncoder().encode(created.text) });
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`RCA: could not create ${created.relativePath}.`);
    return;
  }
  // Pinned, not a preview: opening another file must not replace the RCA just started.
  await vscode.window.showTextDocument(uri, { preview: false });
  const addition = created.catalogAddition;
  if (addition) {
    const catalog = vscode.workspace.asRelativePath(vscode.Uri.parse(addition.catalogUri), false);
    const add = `Add to ${catalog}`;
    const answer = await vscode.window.showInformationMessage(`RCA: "${addition.service}" is not in the catalog (${catalog}).`, add);
    if (answer === add) await addToCatalog(client, addition.edit, vscode.Uri.parse(addition.catalogUri), `"${addition.service}" to ${catalog}`);
  }
}

/** Applies the catalog edit and saves the catalog, unless it had unsaved changes (those stay the user's to save). */
async function addToCatalog(client: LanguageClient, edit: WorkspaceEdit, catalog: vscode.Uri, what: string): Promise<void> {
  const wasDirty = vscode.workspace.textDocuments.some((d) => d.uri.toString() === catalog.toString() && d.isDirty);
  if (!(await vscode.workspace.applyEdit(await client.protocol2CodeConverter.asWorkspaceEdit(edit)))) {
    void vscode.window.showErrorMessage(`RCA: could not add ${what}.`);
    return;
  }
  if (!wasDirty) await (await vscode.workspace.openTextDocument(catalog)).save();
}

/**
 * The service: one of the catalog's, or a new name typed in (offered below the
 * matches, so Enter still takes the best match). Escape leaves it empty.
 */
function pickService(services: readonly NamedChoice[]): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { name: string };
  const known: Item[] = services.map((s) => ({ label: s.name, description: s.detail, name: s.name }));
  const picker = vscode.window.createQuickPick<Item>();
  picker.title = 'New RCA (2/3): affected service';
  picker.placeholder = services.length ? 'Pick a service from the catalog, or type a new one' : 'Type the service, or press Escape to leave it empty';
  picker.items = known;
  let offered: string | undefined;
  picker.onDidChangeValue((value) => {
    const name = value.trim();
    const isKnown = known.some((item) => item.name.toLowerCase() === name.toLowerCase());
    const offer = !name || isKnown ? undefined : name;
    // Items are replaced only when the offer changes: each replacement moves the focus back to the first row.
    if (offer === offered) return;
    offered = offer;
    picker.items = offer === undefined ? known : [...known, { label: `$(add) ${offer}`, description: 'new: not in the catalog', name: offer, alwaysShow: true }];
  });
  return new Promise((resolve) => {
    let accepted = false;
    picker.onDidAccept(() => {
      accepted = true;
      resolve(picker.selectedItems[0]?.name);
      picker.dispose();
    });
    picker.onDidHide(() => {
      if (!accepted) resolve(undefined);
      picker.dispose();
    });
    picker.show();
  });
}
