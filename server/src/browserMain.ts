// The language server's browser entry (dist/web/server.js): a web worker the
// browser client starts, talking over postMessage, reading the workspace
// through the client (ClientWorkspace), whatever file system serves it.
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { ClientWorkspace } from './clientWorkspace';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self));

/**
 * Yields with a message to itself: a task, like setImmediate, where setTimeout
 * would be held back 4 ms once nested (the indexing loop yields every 8 ms).
 */
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
const yieldToWorker = () =>
  new Promise<void>((resolve) => {
    waiting.push(resolve);
    channel.port2.postMessage(undefined);
  });

startServer(connection, { createWorkspace: (roots, log) => new ClientWorkspace(connection, roots, log, yieldToWorker) });
// The worker ends with the session: a restart starts a new one.
connection.onExit(() => self.close());
