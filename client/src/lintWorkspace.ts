// RCA: Lint Workspace: the problems of every Markdown file, open or not, in the
// Problems panel. Open files keep the language client's live diagnostics.
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient } from 'vscode-languageclient';
import { LINT_WORKSPACE_REQUEST, type Problem } from '../../shared/protocol';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information } as const;

export class WorkspaceLint implements vscode.Disposable {
  private readonly lint = vscode.languages.createDiagnosticCollection('rca-lint');
  // Once a file is opened the server's own diagnostics for it take over.
  private readonly onOpen = vscode.workspace.onDidOpenTextDocument((doc) => this.lint.delete(doc.uri));

  dispose(): void {
    this.onOpen.dispose();
    this.lint.dispose();
  }

  async run(client: LanguageClient, output: vscode.OutputChannel): Promise<void> {
  const lint = this.lint;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'RCA: linting the workspace', cancellable: true },
    (_progress, token) => client.sendRequest(LINT_WORKSPACE_REQUEST, {}, token),
  );
  lint.clear();
  const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  let errors = 0;
  let warnings = 0;
  for (const file of result.problems) {
    for (const p of file.diagnostics) p.severity === 'error' ? errors++ : p.severity === 'warning' && warnings++;
    const uri = client.protocol2CodeConverter.asUri(file.uri);
    if (!open.has(uri.toString())) lint.set(uri, file.diagnostics.map(toDiagnostic));
  }
  const summary = `${result.files} files checked: ${errors} errors, ${warnings} warnings in ${result.problems.length} files.`;
  output.appendLine(`Lint Workspace: ${summary}`);
  void vscode.window.showInformationMessage(`RCA: ${summary}`);
  }
}

function toDiagnostic(p: Problem): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(new vscode.Range(p.line, p.character, p.endLine, p.endCharacter), p.message, SEVERITY[p.severity]);
  diagnostic.source = 'rca';
  diagnostic.code = p.code;
  return diagnostic;
}
