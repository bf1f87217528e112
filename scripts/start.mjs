// `npm start`: builds the VSIX and opens a copy of the example workspace (so
// trying things out never changes the repository's example/; the copy is kept,
// edits and all, in the temporary folder printed) in a real VS Code
// (code-server, the end-to-end tests' set-up) with the extension installed.
// Prints the URL; Ctrl+C stops it. PORT=... picks the port (default 8080, or a
// free one when 8080 is taken).
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const codeServer = require('./e2e/codeServer.cjs');

// The user's own browser opens the URL: no chromium needed.
const reason = codeServer.unsupportedReason({ browser: false, codeServer: true });
if (reason) {
  process.stderr.write(`npm start: ${reason}.\nInstall the VSIX in your own VS Code instead: npm run package, then code --install-extension rca-author-<version>.vsix\n`);
  process.exit(1);
}
try {
  codeServer.ensureSetup({ browser: false });
} catch (error) {
  process.stderr.write(`npm start: setting up code-server failed: ${error.message}\n`);
  process.exit(1);
}
const vsix = codeServer.packageVsix();

/** Whether 127.0.0.1:`port` can be listened on. */
function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

// A fixed port keeps the URL the same between runs; PORT set by the user is taken as is.
const port = process.env.PORT ? Number(process.env.PORT) : (await portIsFree(8080)) ? 8080 : undefined;
const workspace = codeServer.copyExampleWorkspace();
let server;
try {
  server = await codeServer.startCodeServer({ workspace, extensions: [vsix], port });
} catch (error) {
  rmSync(workspace, { recursive: true, force: true });
  process.stderr.write(`npm start: ${error.message}\n`);
  process.exit(1);
}
process.stdout.write(`\nRCA Author in VS Code: ${server.url}\n(a copy of example/ in ${workspace}, kept when you stop; Ctrl+C to stop)\n`);
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
server.exited.then((code) => {
  process.stderr.write(`npm start: code-server stopped (${code}):\n${server.output.join('').split('\n').slice(-30).join('\n')}\n`);
  server.stop();
  process.exit(1);
});
