// The author of a new RCA on the desktop and in remotes: git's user.name. The
// browser build has no git to run; its new RCAs leave the author to the user.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';

/** git's `user.name` for the folder (the repository's, in a trusted workspace), or undefined when git is missing or has none: the author is then left for the user. */
export function gitUserName(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  if (folder.uri.scheme !== 'file') return Promise.resolve(undefined);
  // An untrusted folder's own git config is not read: only the user's.
  const args = vscode.workspace.isTrusted ? ['config', 'user.name'] : ['config', '--global', 'user.name'];
  return new Promise((resolve) => {
    execFile('git', args, { cwd: folder.uri.fsPath, timeout: 5_000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}
