// Opening a line of a workspace file on a webview's request.
import * as vscode from 'vscode';

/** The workspace folders' URIs: a webview may only reveal files inside them (parseWebviewMessage). */
export function workspaceFolderUris(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).map((folder) => folder.uri.toString());
}

/** Opens `uri`, a Markdown file of the workspace, at `line` in the first editor group. */
export async function revealLine(uri: string, line: number): Promise<void> {
  const target = vscode.Uri.parse(uri, true);
  if (!vscode.workspace.getWorkspaceFolder(target)) return;
  const position = new vscode.Position(line, 0);
  await vscode.window.showTextDocument(target, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
}
