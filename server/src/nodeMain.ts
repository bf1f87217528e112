// The language server's Node entry (dist/server.js): stdio, IPC or a socket as
// the command line says, over the local file system.
//   --cache-dir DIR   where the index is kept between sessions, for editors that
//                     give no storage folder (default: $XDG_CACHE_HOME/rca-author)
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { NodeWorkspace, stateFiles, uriToPath } from './nodeWorkspace';
import { startServer } from './server';

/**
 * Where a workspace's state is kept: the client's storage folder for it, else a
 * folder per set of roots under --cache-dir or the XDG cache folder. None without roots.
 */
function stateFolder(roots: readonly string[], storageUri: string | undefined): string | undefined {
  if (roots.length === 0) return undefined;
  const storage = storageUri === undefined ? undefined : uriToPath(storageUri);
  if (storage !== undefined) return storage;
  const flag = process.argv.indexOf('--cache-dir');
  const base = flag !== -1 && process.argv[flag + 1] ? process.argv[flag + 1] : join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'rca-author');
  return join(base, createHash('sha256').update(roots.join('\n')).digest('hex').slice(0, 16));
}

startServer(createConnection(ProposedFeatures.all), {
  createWorkspace: (roots, log, storageUri) => {
    const folder = stateFolder(roots, storageUri);
    return new NodeWorkspace(roots, log, folder === undefined ? undefined : stateFiles(folder));
  },
});
