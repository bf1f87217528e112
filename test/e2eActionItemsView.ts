// The RCA Action Items view in the end-to-end tests' VS Code: opening it, its rows and the
// Explorer's badge (the desktop suite and the web build's share them).
import type { VsCode } from './e2eHarness';

export const VIEW = 'RCA Action Items';
/** The example's action items: five RCAs of four rows, all due in 2025 (so overdue now). */
export const ITEMS = 20;

/**
 * Expands the view in the Explorer and folds the folders above it, so that its rows have the
 * height (a tree renders only the rows it shows); waits for its rows.
 */
export async function openActionItemsView(vscode: VsCode): Promise<void> {
  const header = vscode.page.locator('.pane-header', { hasText: VIEW });
  await header.waitFor();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const folders = vscode.page.locator('.pane:has(.explorer-folders-view) > .pane-header[aria-expanded="true"]');
  if ((await folders.count()) > 0) await folders.click();
  await viewRow(vscode, /^Overdue/).waitFor();
}

export function viewRow(vscode: VsCode, text: string | RegExp) {
  return vscode.page.locator(`.pane:has(.pane-header:has-text("${VIEW}")) .monaco-list-row`, { hasText: text }).first();
}

/** The Explorer's activity bar badge: the view's overdue count. */
export function explorerBadge(vscode: VsCode) {
  return vscode.page.locator('.activitybar .action-item:is([aria-label^="Explorer"], :has([aria-label^="Explorer"])) .badge-content');
}


/** Runs a row's inline action (shown on hover). */
export async function inline(row: ReturnType<typeof viewRow>, action: string): Promise<void> {
  await row.hover();
  await row.locator(`.action-label[aria-label="${action}"]`).click();
}
