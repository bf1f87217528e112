// `npm run test:electron`: the in-editor suite in a VS Code downloaded by
// @vscode/test-electron (needs the network and, on Linux CI, xvfb), with the
// extension loaded from this folder and a copy of the example workspace open.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  const repo = resolve(__dirname, '..', '..');
  const workspace = mkdtempSync(join(tmpdir(), 'rca-electron-ws-'));
  cpSync(join(repo, 'example'), workspace, { recursive: true });
  try {
    await runTests({
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(repo, 'out', 'electron', 'suite.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`test:electron: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
