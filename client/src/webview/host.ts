// The start of every webview script: VS Code's API, a render on each message of
// the expected type (kept as state, so a reloaded page draws at once), and
// "ready" so the extension sends what there is to show.
import type { WebviewMessage } from './messages';

declare function acquireVsCodeApi(): { postMessage(message: WebviewMessage): void; getState(): unknown; setState(state: unknown): void };

export interface WebviewHost {
  post(message: WebviewMessage): void;
}

/** Renders `pick(message)` for each message of `type`; returns how to post back. */
export function startWebview<M extends { type: string }, T>(type: M['type'], pick: (message: M) => T, render: (value: T) => void): WebviewHost {
  const vscode = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent<M>) => {
    if (event.data?.type !== type) return;
    const value = pick(event.data);
    vscode.setState(value);
    render(value);
  });
  const saved = vscode.getState() as T | undefined;
  if (saved) render(saved);
  vscode.postMessage({ type: 'ready' });
  return { post: (message) => vscode.postMessage(message) };
}
