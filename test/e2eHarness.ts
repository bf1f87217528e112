// The end-to-end harness: every test gets its own VS Code. `e2eTest(title, fn,
// options)` starts a fresh code-server (its own user data and settings, the
// packaged .vsix installed) on a fresh copy of example/, opens it in a fresh
// browser context, runs `fn(vscode)` and throws it all away, so nothing one test
// types, saves or configures can reach another (a scratch RCA saved by one test
// once showed in another's dashboard counts).
//
//   e2eSuite('my feature in VS Code', () => {
//     e2eTest('does the thing', async (vscode) => {
//       await vscode.openFile('rca/2025/….md');
//       await vscode.command('RCA: Show Metrics Preview');
//       await vscode.webview().locator('h1').waitFor();
//     }, { settings: { 'workbench.colorTheme': 'Default Dark Modern' } });
//   });
//
// Waits are on UI conditions with generous, bounded timeouts (the machine may be
// loaded): never sleep. Setup (Debian packages, Node 24, code-server) is cached
// in .cache/e2e by scripts/e2e/codeServer.cjs. Screenshots go to test/artifacts/;
// a failing test leaves `failed-<title>.png` there.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { REPO, SEED_PATH } from './support';

export const ARTIFACTS = join(REPO, 'test', 'artifacts');
/** One wait on the UI: generous, because a loaded machine can take tens of seconds to paint. */
export const UI_TIMEOUT_MS = 90_000;
/** Loading the workbench (its scripts, the remote connection, the extension host). */
const LOAD_TIMEOUT_MS = 4 * 60_000;
/** A whole test, its VS Code's start and stop included. */
const TEST_TIMEOUT_MS = 12 * 60_000;
const SETUP_TIMEOUT_MS = 40 * 60_000;

/**
 * Settings every test's VS Code starts with, on top of codeServer.cjs's quiet ones
 * (autosave off, no welcome page, no trust prompt, …): nothing that depends on
 * timing. No suggestions while typing (they could take a keystroke or an Enter
 * when they happen to open in time; Ctrl+Space and trigger characters still
 * work), no recommendation or git toasts popping over the UI, no animations.
 * A test's `settings` override them.
 */
export const TEST_SETTINGS: Readonly<Record<string, unknown>> = {
  'files.autoSave': 'off',
  'files.hotExit': 'off',
  'window.confirmBeforeClose': 'never',
  'editor.quickSuggestions': { other: 'off', comments: 'off', strings: 'off' },
  'editor.inlineSuggest.enabled': false,
  'editor.parameterHints.enabled': false,
  'editor.cursorBlinking': 'solid',
  'workbench.reduceMotion': 'on',
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'workbench.enableExperiments': false,
};

interface Started {
  url: string;
  output: string[];
  /** code-server's own folder: its user data, logs included. */
  home: string;
  stop(): void;
}

/** scripts/e2e/codeServer.cjs, shared with `npm start` (plain JavaScript, loaded at run time). */
export interface CodeServer {
  CHROMIUM: string;
  CHROMIUM_ARGS: string[];
  unsupportedReason(): string | undefined;
  ensureSetup(): void;
  packageVsix(options?: { build?: boolean; out?: string }): string;
  copyExampleWorkspace(): string;
  startCodeServer(options: { workspace: string; extensions?: string[]; settings?: object; env?: Record<string, string> }): Promise<Started>;
}
export const codeServer: CodeServer = require(join(REPO, 'scripts', 'e2e', 'codeServer.cjs'));

// Skipped where the set-up is impossible (not Linux x64; no chromium and no way to
// install it), with the reason; never in CI, where it fails instead.
const unsupported = codeServer.unsupportedReason();
/** Why the end-to-end tests cannot run here, if they cannot (e2eSuite skips with it). */
const e2eSkip = process.env.CI ? undefined : unsupported;

const VSCE = join(REPO, 'node_modules', '@vscode', 'vsce', 'vsce');

interface Shared {
  vsix: string;
  browser: Browser;
  scratch: string;
}
let shared: Promise<Shared> | undefined;
let scratch: string | undefined;
let webVsix: string | undefined;

/** Set-up once per test file: code-server installed, the .vsix packaged (into this process's own folder, so test files in parallel never overwrite each other's), chromium launched. */
function setUp(): Promise<Shared> {
  shared ??= (async () => {
    if (unsupported) throw new Error(`the end-to-end tests cannot run here: ${unsupported}`);
    codeServer.ensureSetup();
    // Failure screenshots of an earlier run would mislead.
    if (existsSync(ARTIFACTS)) for (const f of readdirSync(ARTIFACTS)) if (f.startsWith('failed-')) rmSync(join(ARTIFACTS, f));
    scratch = mkdtempSync(join(tmpdir(), 'rca-e2e-vsix-'));
    const vsix = codeServer.packageVsix({ build: false, out: scratch });
    const browser = await chromium.launch({ executablePath: codeServer.CHROMIUM, args: codeServer.CHROMIUM_ARGS });
    return { vsix, browser, scratch };
  })();
  return shared;
}

/** Packages `dir` (its package.json and files) as a VSIX beside it. */
export function vsixOf(dir: string): string {
  const vsix = `${dir}.vsix`;
  execFileSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', vsix], { cwd: dir, stdio: 'pipe' });
  return vsix;
}

/**
 * The VSIX variant with only the web build: the packaged files less the Node
 * bundles, the manifest without `main`, so VS Code can run it only in its web
 * worker extension host, as vscode.dev and github.dev do.
 */
function webOnlyVsix(out: string): string {
  const dir = join(out, 'rca-author-web');
  const node = new Set(['package.json', 'dist/extension.js', 'dist/server.js']);
  const files = execFileSync(process.execPath, [VSCE, 'ls', '--no-dependencies'], { cwd: REPO, encoding: 'utf8' }).split('\n').filter((path) => path && !node.has(path));
  assert.ok(files.includes('dist/web/extension.js') && files.includes('dist/web/server.js'), `the packaged files hold no web build: ${files.join(', ')}`);
  for (const path of files) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    copyFileSync(join(REPO, path), join(dir, path));
  }
  const { main: _main, bin: _bin, scripts: _scripts, dependencies: _dependencies, devDependencies: _devDependencies, ...manifest } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify(manifest));
  return vsixOf(dir);
}

after(async () => {
  if (shared) await (await shared.catch(() => undefined))?.browser.close();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

export interface VsCodeOptions {
  /** User settings of this VS Code, over TEST_SETTINGS (e.g. `workbench.colorTheme`, `rca.*`). */
  settings?: Record<string, unknown>;
  /** Files to write into the workspace copy before VS Code opens it (path relative to the workspace → text); `null` deletes. */
  files?: Record<string, string | null>;
  /** More .vsix files to install beside the extension: a path, or a function that packages one (called once the set-up is done). */
  extensions?: readonly (string | (() => string))[];
  /** `'web'`: install the VSIX variant with only the web build (see webOnlyVsix) instead of the packaged one. */
  build?: 'web';
  /** Open this .code-workspace file (a path in the workspace copy, written with `files`) instead of the folder: a virtual workspace's folders, say. */
  workspaceFile?: string;
  viewport?: { width: number; height: number };
  /** Browser permissions for the page (`clipboard-read`, `clipboard-write`: VS Code's clipboard in a browser is the page's). */
  permissions?: string[];
  /** False: do not wait (through the palette) for the extensions to be registered, for a VS Code whose extensions drive it themselves. */
  waitForExtensions?: boolean;
}

/** One test's VS Code: its page, its workspace folder (a copy of example/) and helpers that drive it. */
export class VsCode {
  /** Messages of the page's JavaScript dialogs (alert, confirm): a webview script must never open one. */
  readonly dialogs: string[] = [];

  private constructor(
    readonly page: Page,
    readonly workspace: string,
    private readonly context: BrowserContext,
    private readonly server: Started,
  ) {
    page.on('dialog', (d) => (this.dialogs.push(d.message()), void d.dismiss()));
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  }

  /** Starts a fresh code-server on a fresh copy of example/ and waits until its workbench shows the workspace. Call `close()` after. */
  static async open(options: VsCodeOptions = {}): Promise<VsCode> {
    const { vsix, browser, scratch } = await setUp();
    const workspace = codeServer.copyExampleWorkspace();
    let server: Started | undefined;
    let context: BrowserContext | undefined;
    try {
      for (const [path, text] of Object.entries(options.files ?? {})) {
        const file = join(workspace, path);
        if (text === null) rmSync(file, { force: true });
        else {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
      }
      const rca = options.build === 'web' ? (webVsix ??= webOnlyVsix(scratch)) : vsix;
      const extensions = [rca, ...(options.extensions ?? []).map((extension) => (typeof extension === 'string' ? extension : extension()))];
      server = await codeServer.startCodeServer({ workspace, extensions, settings: { ...TEST_SETTINGS, ...options.settings } });
      context = await browser.newContext({ viewport: options.viewport ?? { width: 1500, height: 950 }, permissions: options.permissions });
      const vscode = new VsCode(await context.newPage(), workspace, context, server);
      // Only the navigation's start is awaited: the workbench loads dozens of scripts, and
      // the condition that matters is the workspace shown in the explorer (the remote side connected).
      const url = options.workspaceFile === undefined ? server.url : server.url.replace(/\?folder=.*$/, `?workspace=${encodeURIComponent(join(workspace, options.workspaceFile))}`);
      await vscode.page.goto(url, { waitUntil: 'commit', timeout: LOAD_TIMEOUT_MS });
      await vscode.page.locator('.monaco-workbench').waitFor({ timeout: LOAD_TIMEOUT_MS });
      await vscode.page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'rca' }).first().waitFor({ timeout: LOAD_TIMEOUT_MS });
      if (options.waitForExtensions !== false) await vscode.extensionsRegistered();
      return vscode;
    } catch (error) {
      await context?.close().catch(() => undefined);
      server?.stop();
      rmSync(workspace, { recursive: true, force: true });
      throw error;
    }
  }

  /**
   * Waits until the extension host has registered the extensions (the palette lists
   * RCA Author's commands): until then the languages they contribute (Markdown too)
   * and their commands are missing from every list, and a list opened then never updates.
   */
  private async extensionsRegistered(): Promise<void> {
    await this.command('RCA: Show Metrics Preview', { run: false });
  }

  /** Closes the browser context, stops code-server (and everything it started) and deletes the workspace copy. */
  async close(): Promise<void> {
    await this.context.close().catch(() => undefined);
    this.server.stop();
    rmSync(this.workspace, { recursive: true, force: true });
  }

  /**
   * What a failing test's report adds: code-server's recent output, and the end of the
   * extension host's log and of the RCA output channel (the language server's log).
   */
  failureLogs(): string {
    const tail = (text: string) => text.trimEnd().split('\n').slice(-40).join('\n');
    const logs = join(this.server.home, 'data', 'logs');
    const files = existsSync(logs) ? readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => /exthost\d*[/\\](remoteexthost\.log|rca-author\.rca-author[/\\]RCA\.log)$/.test(f)) : [];
    return [`code-server's last output:\n${tail(this.server.output.join(''))}`, ...files.map((f) => `${f}:\n${tail(readFileSync(join(logs, f), 'utf8'))}`)].join('\n\n');
  }

  /** Saves a screenshot of the window to test/artifacts/<name>.png. */
  async shot(name: string): Promise<void> {
    mkdirSync(ARTIFACTS, { recursive: true });
    await this.page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  }

  /** The absolute path of a workspace file. */
  path(relativePath: string): string {
    return join(this.workspace, relativePath);
  }

  /** A workspace file's text on disk. */
  read(relativePath: string): string {
    return readFileSync(this.path(relativePath), 'utf8');
  }

  /**
   * Does `action` until `until` shows, at most `attempts` times, `undo` between
   * tries. A keystroke can land before the workbench listens, and a list opened
   * too early (the command palette before the extension host has registered the
   * extension's commands) never updates: it is closed and opened again.
   */
  async retry(action: () => Promise<void>, until: Locator, { attempts = 6, each = 20_000, undo = async () => {} } = {}): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await action();
        await until.waitFor({ state: 'visible', timeout: each });
        return;
      } catch (error) {
        if (attempt >= attempts) throw error;
        await undo();
      }
    }
  }

  /** Presses `key` until the quick input opens. */
  async quickInput(key: string): Promise<void> {
    await this.retry(() => this.page.keyboard.press(key), this.page.locator('.quick-input-widget input'), { attempts: 3 });
  }

  /** Runs a command from the palette by its title (`run: false` only waits until the palette lists it, and closes the palette). */
  async command(title: string, { run = true } = {}): Promise<void> {
    const row = this.row(title);
    const open = async () => {
      await this.quickInput('F1');
      await this.page.locator('.quick-input-widget input').fill(`>${title}`, { timeout: 20_000 });
    };
    await this.retry(open, row, { undo: () => this.page.keyboard.press('Escape') });
    if (!run) {
      await this.page.keyboard.press('Escape');
      await this.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      return;
    }
    await row.click();
    // The palette closes, or gives way to the command's own input: typing before that would land in the palette.
    await this.page.waitForFunction((typed) => {
      // In the page (tests compile without the DOM library).
      const input = (globalThis as unknown as { document: { querySelector(selector: string): { value: string; offsetParent: unknown } | null } }).document.querySelector('.quick-input-widget input');
      return !input || input.offsetParent === null || input.value !== typed;
    }, `>${title}`);
  }

  /** Picks the quick pick row whose label starts with `label`: the fuzzy match may rank another row first. */
  async pick(label: string): Promise<void> {
    const row = this.row(label);
    await row.waitFor();
    await row.click();
  }

  private row(label: string): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row', { hasText: new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) }).first();
  }

  /** Opens a workspace file with Quick Open and waits for its tab and a focused editor. */
  async openFile(relativePath: string): Promise<void> {
    const name = relativePath.split('/').pop()!;
    await this.quickInput('Control+P');
    await this.page.locator('.quick-input-widget input').fill(relativePath);
    await this.page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tab.active', { hasText: name }).waitFor();
    await this.page.locator('.monaco-editor.focused').waitFor();
  }

  /**
   * Opens an RCA and waits until the language server has analysed it (the status bar
   * item shows its problem count): before that, F12, hover or completion may find nothing.
   */
  async openRca(relativePath: string): Promise<void> {
    await this.openFile(relativePath);
    await this.page.locator('.statusbar-item', { hasText: / · \d+ problems?$/ }).waitFor();
  }

  /** Moves the cursor with Go to Line (1-based line and column). */
  async goTo(line: number, column: number): Promise<void> {
    await this.quickInput('Control+G');
    await this.page.locator('.quick-input-widget input').fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.page.locator('.monaco-editor.focused').waitFor();
    await this.page.locator('.statusbar-item', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
  }

  /** Moves the cursor `offset` characters into the first `needle` of a workspace file as saved (found in the file, so the example may change). */
  async goToText(needle: string, offset = 0, relativePath = SEED_PATH): Promise<void> {
    const lines = this.read(relativePath).split('\n');
    const line = lines.findIndex((l) => l.includes(needle));
    assert.ok(line >= 0, `${needle} is not in ${relativePath}`);
    await this.goTo(line + 1, lines[line].indexOf(needle) + offset + 1);
  }

  /**
   * Opens the suggest widget at the cursor until it lists `label` (a keystroke can race
   * a closing widget, and a list asked for before the extension is up never updates);
   * returns that row.
   */
  async suggest(label: string): Promise<Locator> {
    const row = this.page.locator('.suggest-widget.visible .monaco-list-row', { hasText: label }).first();
    await this.retry(() => this.page.keyboard.press('Control+Space'), row, { undo: () => this.page.keyboard.press('Escape') });
    return row;
  }

  /** The content of the newest webview panel (code-server nests it in two iframes). */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready >> nth=-1').frameLocator('iframe#active-frame');
  }
}

/**
 * A node:test test (inside an e2eSuite) with its own VS Code (see VsCode.open): started before `fn`,
 * closed after it whatever happens. A failure leaves a screenshot of the window
 * as it was (`test/artifacts/failed-<title>.png`) and the logs' last lines in the error (see failureLogs).
 */
export function e2eTest(title: string, fn: (vscode: VsCode) => Promise<void>, options: VsCodeOptions = {}): void {
  test(title, { timeout: TEST_TIMEOUT_MS }, async () => {
    const vscode = await VsCode.open(options);
    try {
      await fn(vscode);
    } catch (error) {
      await vscode.shot(`failed-${title.replace(/[^a-z0-9]+/gi, '-').slice(0, 60)}`).catch(() => undefined);
      // node:test prints the stack, which holds the message as it was when the error was made.
      if (error instanceof Error) error.stack = `${error.stack ?? error.message}\n\n${vscode.failureLogs()}`;
      throw error;
    } finally {
      await vscode.close();
    }
  });
}

/**
 * A describe block of e2eTests: skipped (with the reason) where the set-up is
 * impossible, and the one-time set-up (install, package, browser) done before
 * its tests, under its own time limit rather than the first test's.
 */
export function e2eSuite(title: string, fn: () => void): void {
  describe(title, { skip: e2eSkip }, () => {
    before(() => setUp(), { timeout: SETUP_TIMEOUT_MS });
    fn();
  });
}
