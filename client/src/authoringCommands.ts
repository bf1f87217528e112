// Add Timeline Row and Mark Action Item Done: the server computes the edit for the
// active editor's cursor; this applies it and places the cursor where the server says.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import type { ADD_TIMELINE_ROW_REQUEST, DocumentEditResult, TOGGLE_ACTION_ITEM_REQUEST } from '../../shared/protocol';

/** Asks the server for the request's edit at the active editor's cursor and applies it. */
export async function runEditRequest(getClient: () => LanguageClient | undefined, request: typeof ADD_TIMELINE_ROW_REQUEST | typeof TOGGLE_ACTION_ITEM_REQUEST): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const client = getClient();
  if (!editor || !client?.isRunning()) return;
  const document = editor.document;
  const params = client.code2ProtocolConverter.asTextDocumentPositionParams(document, editor.selection.active);
  const result = await client.sendRequest<DocumentEditResult>(request.method, params);
  if ('error' in result) {
    void vscode.window.showWarningMessage(result.error);
    return;
  }
  // Typed on while the server worked: its edit is for a text that is gone.
  if (document.version !== result.version || editor.document !== document) {
    void vscode.window.showWarningMessage(`${result.title}: the document changed meanwhile; run it again.`);
    return;
  }
  const edits = await client.protocol2CodeConverter.asTextEdits([...result.edits]);
  const applied = await editor.edit((builder) => {
    for (const edit of edits) builder.replace(edit.range, edit.newText);
  });
  if (!applied) return;
  if (result.cursor) {
    const cursor = client.protocol2CodeConverter.asPosition(result.cursor);
    editor.selection = new vscode.Selection(cursor, cursor);
    editor.revealRange(new vscode.Range(cursor, cursor));
  }
}
