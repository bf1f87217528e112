// `npm run test:electron`: the in-editor suite (suite.ts) in a VS Code downloaded
// by @vscode/test-electron (needs the network and, on Linux CI, xvfb), with the
// extension loaded from this folder and a copy of the example workspace open.
// VS Code is cached in .cache/vscode-test (ignored by git); its user data and
// extensions folders are temporary.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runTests } from '@vscode/test-electron';

async function main(): Promise<void> {
  // Built to out/electron/runTest.js.
  const repo = resolve(__dirname, '..', '..');
  const scratch = mkdtempSync(join(tmpdir(), 'rca-electron-'));
  const workspace = join(scratch, 'workspace');
  cpSync(join(repo, 'example'), workspace, { recursive: true });
  const userData = join(scratch, 'user-data');
  mkdirSync(join(userData, 'User'), { recursive: true });
  // No welcome page or trust prompt over the editors the suite opens.
  writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off', 'update.mode': 'none' }));
  try {
    await runTests({
      cachePath: join(repo, '.cache', 'vscode-test'),
      extensionDevelopmentPath: repo,
      extensionTestsPath: join(repo, 'out', 'electron', 'suite.js'),
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', `--user-data-dir=${userData}`, `--extensions-dir=${join(scratch, 'extensions')}`],
    });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`test:electron: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
