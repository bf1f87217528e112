#!/usr/bin/env node
// Writes test/fixtures/themeColors.json: the values VS Code gives the `--vscode-*`
// variables the webviews' CSS uses, in Light Modern, Dark Modern and the two
// High Contrast themes, read from a real workbench (code-server, the set-up of
// the end-to-end tests). The theme JSONs alone do not have them: most colours
// (the charts' among them) are defaults of VS Code's colour registry, derived
// from others. The webview contrast tests set these values as VS Code does.
//
//   node scripts/themeColors.cjs      (after a change of the variables the CSS uses)
'use strict';
const { readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const codeServer = require('./e2e/codeServer.cjs');

const WEBVIEW_SOURCES = join(codeServer.REPO, 'client', 'src', 'webview');
const OUT = join(codeServer.REPO, 'test', 'fixtures', 'themeColors.json');

/** Each theme, the class VS Code gives a webview's body in it, and a variable whose value says the theme has been applied. */
const THEMES = [
  { name: 'Light Modern', bodyClass: 'vscode-light', probe: ['--vscode-foreground', '#3b3b3b'] },
  { name: 'Dark Modern', bodyClass: 'vscode-dark', probe: ['--vscode-editor-background', '#1f1f1f'] },
  { name: 'Default High Contrast', bodyClass: 'vscode-high-contrast', probe: ['--vscode-contrastBorder', '#6fc3df'] },
  { name: 'Default High Contrast Light', bodyClass: 'vscode-high-contrast vscode-high-contrast-light', probe: ['--vscode-contrastBorder', '#0f4a85'] },
];

/** Every `--vscode-*` colour the webviews' stylesheets and scripts name (fonts are the webview's, not the theme's). */
function usedVariables() {
  const names = new Set();
  for (const file of readdirSync(WEBVIEW_SOURCES)) {
    for (const match of readFileSync(join(WEBVIEW_SOURCES, file), 'utf8').matchAll(/--vscode-[\w-]+/g)) if (!/^--vscode-(?:editor-)?font-/.test(match[0])) names.add(match[0]);
  }
  return [...names].sort();
}

async function themeColors(theme, names) {
  const { chromium } = require('playwright-core');
  const workspace = codeServer.copyExampleWorkspace();
  const server = await codeServer.startCodeServer({ workspace, settings: { 'workbench.colorTheme': theme.name } });
  const browser = await chromium.launch({ executablePath: codeServer.CHROMIUM, args: codeServer.CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    // The workbench starts in a default theme and switches once the theme's extension has loaded.
    await page.waitForFunction(([name, value]) => {
      const workbench = document.querySelector('.monaco-workbench');
      return workbench !== null && getComputedStyle(workbench).getPropertyValue(name).trim().toLowerCase() === value;
    }, theme.probe, { timeout: 120_000 });
    const colors = await page.evaluate((list) => {
      const style = getComputedStyle(document.querySelector('.monaco-workbench'));
      // null: the theme leaves the variable undefined (High Contrast has no charts.orange).
      return Object.fromEntries(list.map((name) => [name, style.getPropertyValue(name).trim() || null]));
    }, names);
    return { bodyClass: theme.bodyClass, colors };
  } finally {
    await browser.close();
    server.stop();
    rmSync(workspace, { recursive: true, force: true });
  }
}

async function main() {
  codeServer.ensureSetup();
  const names = usedVariables();
  const themes = {};
  for (const theme of THEMES) themes[theme.name] = await themeColors(theme, names);
  writeFileSync(OUT, `${JSON.stringify(themes, null, 1)}\n`);
  process.stdout.write(`${OUT}: ${names.length} variables in ${THEMES.length} themes\n`);
}

main().then(() => process.exit(0), (error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
