// `npm start`: builds the VSIX and opens a copy of the example workspace in a
// real VS Code (code-server, the end-to-end tests' set-up) with the extension
// installed. Prints the URL; Ctrl+C stops it.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const codeServer = require('./e2e/codeServer.cjs');

const reason = codeServer.unsupportedReason();
if (reason) {
  process.stderr.write(`npm start: ${reason}.\nInstall the VSIX in your own VS Code instead: npm run package, then code --install-extension rca-author-<version>.vsix\n`);
  process.exit(1);
}
codeServer.ensureSetup();
const vsix = codeServer.packageVsix();
const workspace = codeServer.copyExampleWorkspace();
const port = Number(process.env.PORT ?? 8080);
const server = await codeServer.startCodeServer({ workspace, extensions: [vsix], port });
process.stdout.write(`\nRCA Author in VS Code: ${server.url}\n(a copy of example/ in ${workspace}; Ctrl+C to stop)\n`);
const stop = () => {
  server.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
