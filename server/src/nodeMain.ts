// The language server's Node entry (dist/server.js): stdio, IPC or a socket as
// the command line says, over the local file system. Started as a worker thread
// with INDEX_WORKER, it is one of the server's parsing threads instead.
//   --cache-dir DIR   where the index is kept between sessions, for editors that
//                     give no storage folder (default: $XDG_CACHE_HOME/rca-author)
//   --parse-threads N how many worker threads parse the files a start reads
//                     (default: one less than the cores, at least one; 0: none)
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { INDEX_WORKER, serveIndexWorker, workerParser } from './indexWorkers';
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

/** --parse-threads, when given as a count; else undefined (the default). */
function parseThreads(): number | undefined {
  const flag = process.argv.indexOf('--parse-threads');
  const count = flag === -1 ? undefined : Number(process.argv[flag + 1]);
  return count !== undefined && Number.isSafeInteger(count) && count >= 0 ? count : undefined;
}

if (parentPort && workerData === INDEX_WORKER) {
  serveIndexWorker(parentPort);
} else {
  const threads = parseThreads();
  startServer(createConnection(ProposedFeatures.all), {
    createWorkspace: (roots, log, storageUri) => {
      const folder = stateFolder(roots, storageUri);
      // The workspace's files are parsed on threads running this same bundle.
      const parser = threads === 0 ? undefined : workerParser({ script: __filename, count: threads }, log);
      return new NodeWorkspace(roots, log, folder === undefined ? undefined : stateFiles(folder), parser);
    },
  });
}
