// The preview and dashboard pages in a real browser (Debian's chromium via
// playwright-core), under the HTML shell and Content-Security-Policy the
// extension serves, with a stand-in for VS Code's acquireVsCodeApi. Shared by the
// webview tests.
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { webviewHtml } from '../client/src/webview/html';
import { REPO } from './support';

const MEDIA = join(REPO, 'dist', 'media');

/** The chromium set-up of the end-to-end tests (scripts/e2e/codeServer.cjs), loaded at run time. */
const browserSetup: { CHROMIUM: string; unsupportedReason(parts: { browser: boolean; codeServer: boolean }): string | undefined; ensureChromium(): void } = require(join(REPO, 'scripts', 'e2e', 'codeServer.cjs'));
// Only the browser: these tests need no code-server.
export const skipReason: string | false = browserSetup.unsupportedReason({ browser: true, codeServer: false }) ?? false;

export interface Loaded {
  page: Page;
  /** Messages the page posted to the "extension". */
  sent: () => Promise<unknown[]>;
  dialogs: string[];
  errors: string[];
}

export interface WebviewPages {
  /**
   * Opens a webview page (dressed in `theme`, when given), then sends it `message`.
   * `state`: what the page saved before a reload (VS Code's getState), drawn at once.
   */
  load(bundle: 'preview' | 'dashboard', message: unknown, options?: { viewport?: { width: number; height: number }; theme?: ThemeColors; state?: unknown }): Promise<Loaded>;
  close(): Promise<void>;
}

/** Serves the built bundles (dist/media) and launches chromium. */
export async function startWebviewPages(): Promise<WebviewPages> {
  browserSetup.ensureChromium();
  let base = '';
  const server: Server = createServer((request, response) => {
    const name = /^\/media\/(preview|dashboard)\.(js|css)$/.exec(request.url ?? '');
    if (name) {
      response.writeHead(200, { 'content-type': name[2] === 'js' ? 'text/javascript' : 'text/css' });
      response.end(readFileSync(join(MEDIA, `${name[1]}.${name[2]}`)));
      return;
    }
    const page = /^\/(preview|dashboard)\.html$/.exec(request.url ?? '');
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/html' });
    response.end(webviewHtml({ cspSource: base, scriptUri: `${base}/media/${page[1]}.js`, styleUri: `${base}/media/${page[1]}.css`, title: 'test', nonce: 'bm9uY2Utb2YtdGhlLXRlc3Q=' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser: Browser = await chromium.launch({ executablePath: browserSetup.CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
  return {
    async load(bundle, message, { viewport = { width: 1280, height: 720 }, theme, state } = {}) {
      const page = await browser.newPage({ viewport });
      const dialogs: string[] = [];
      const errors: string[] = [];
      page.on('dialog', (d) => (dialogs.push(d.message()), void d.dismiss()));
      page.on('pageerror', (e) => errors.push(e.message));
      await page.addInitScript((saved) => {
        const w = globalThis as unknown as { sent: unknown[]; acquireVsCodeApi: unknown };
        w.sent = [];
        w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.sent.push(m), getState: () => saved, setState: () => undefined });
      }, state);
      await page.goto(`${base}/${bundle}.html`);
      await page.waitForFunction(() => (globalThis as unknown as { sent: { type: string }[] }).sent.some((m) => m.type === 'ready'));
      if (theme) await applyTheme(page, theme);
      // In the page, globalThis is the window.
      await page.evaluate((m) => (globalThis as unknown as { postMessage(m: unknown, origin: string): void }).postMessage(m, '*'), message as never);
      await page.waitForSelector('h1');
      return { page, dialogs, errors, sent: () => page.evaluate(() => (globalThis as unknown as { sent: unknown[] }).sent) };
    },
    async close() {
      await browser.close();
      server.close();
    },
  };
}

/** test/fixtures/themeColors.json (scripts/themeColors.cjs): the theme variables of a real VS Code. */
export interface ThemeColors {
  readonly bodyClass: string;
  readonly colors: Readonly<Record<string, string | null>>;
}
export const THEMES: Readonly<Record<string, ThemeColors>> = JSON.parse(readFileSync(join(REPO, 'test', 'fixtures', 'themeColors.json'), 'utf8'));

/** In-page functions (test/page/probes.ts, type-checked with the DOM library). */
export const probes: {
  dressAs(theme: ThemeColors): void;
  chartsDrawn(): boolean;
  unfold(): number;
  labelProblems(): string[];
  layoutProblems(): string[];
  contrastProblems(): string[];
  periodLabels(): string[][];
} = require('./page/probes');

/** Dresses the page as VS Code dresses a webview in `theme`. */
export async function applyTheme(page: Page, theme: ThemeColors): Promise<void> {
  await page.evaluate(probes.dressAs, theme);
}
