// EditorFiles (fileServer.ts) over VS Code's API: file search and
// vscode.workspace.fs, which serve every file system the editor knows.
import * as vscode from 'vscode';
import { MARKDOWN_GLOB, SKIPPED_FOLDERS_GLOB } from '../../shared/workspaceFiles';
import { convertInSlices, type EditorFiles, type EntryKind } from './fileServer';

/** A link to a folder is not entered (links can loop); a link to a file is read as the file. */
function kindOf(type: vscode.FileType): EntryKind {
  if (type & vscode.FileType.Directory) return type & vscode.FileType.SymbolicLink ? 'other' : 'directory';
  return type & vscode.FileType.File ? 'file' : 'other';
}

export const EDITOR_FILES: EditorFiles = {
  async searchMarkdownFiles(folder) {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(vscode.Uri.parse(folder), MARKDOWN_GLOB), SKIPPED_FOLDERS_GLOB);
    return convertInSlices(found, (uri) => uri.toString());
  },
  async readDirectory(folder) {
    return (await vscode.workspace.fs.readDirectory(vscode.Uri.parse(folder))).map(([name, type]) => ({ name, kind: kindOf(type) }));
  },
  async stat(uri) {
    try {
      const stat = await vscode.workspace.fs.stat(vscode.Uri.parse(uri));
      return { kind: kindOf(stat.type), size: stat.size };
    } catch (error) {
      if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
      throw error;
    }
  },
  readFile: async (uri) => vscode.workspace.fs.readFile(vscode.Uri.parse(uri)),
  inWorkspace: (uri) => vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri)) !== undefined,
};
