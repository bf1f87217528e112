// What the desktop and remote builds read from git: the author of a new RCA
// (user.name), and the repository and commit a tracker issue links to. The
// browser build has no git to run: its new RCAs leave the author to the user,
// and its tracker is rca.trackerUrl alone.
import { execFile } from 'node:child_process';
import * as vscode from 'vscode';
import { repositoryUrl } from './gitRemote';

/** git's output for the folder, trimmed; undefined when git is missing, fails or says nothing. */
function git(folder: vscode.WorkspaceFolder, args: readonly string[]): Promise<string | undefined> {
  if (folder.uri.scheme !== 'file') return Promise.resolve(undefined);
  return new Promise((resolve) => {
    execFile('git', args, { cwd: folder.uri.fsPath, timeout: 5_000, windowsHide: true }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
  });
}

/** git's `user.name` for the folder (the repository's, in a trusted workspace), or undefined when git is missing or has none: the author is then left for the user. */
export function gitUserName(folder: vscode.WorkspaceFolder): Promise<string | undefined> {
  // An untrusted folder's own git config is not read: only the user's.
  return git(folder, vscode.workspace.isTrusted ? ['config', 'user.name'] : ['config', '--global', 'user.name']);
}

/**
 * The web page of the folder's `origin` remote (`https://github.com/owner/repo`) and the commit
 * checked out. Only in a trusted workspace: the repository's config is its author's.
 */
export async function gitRepository(folder: vscode.WorkspaceFolder): Promise<{ repository: string | undefined; commit: string | undefined }> {
  if (!vscode.workspace.isTrusted) return { repository: undefined, commit: undefined };
  const [remote, commit] = await Promise.all([git(folder, ['remote', 'get-url', 'origin']), git(folder, ['rev-parse', 'HEAD'])]);
  return { repository: remote && repositoryUrl(remote), commit: commit && /^[0-9a-f]{40,64}$/.test(commit) ? commit : undefined };
}
