// The language server's Node entry (dist/server.js): stdio, IPC or a socket as
// the command line says, over the local file system.
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { NodeWorkspace } from './nodeWorkspace';
import { startServer } from './server';

startServer(createConnection(ProposedFeatures.all), { createWorkspace: (roots, log) => new NodeWorkspace(roots, log) });
