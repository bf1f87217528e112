// Wiki-links and the RCA header in VS Code's built-in Markdown preview: the shared
// markdown-it plugin, fed the server's rca/renderData. markdown-it renders
// synchronously, so the plugin reads what this cache holds; a document whose data
// is missing or older than its text is fetched, and the previews refresh once the
// answer changes what they show.
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { RENDER_DATA_REQUEST, type RenderData, type RenderDataParams, type WikiLinkResolution } from '../../shared/protocol';
import { relativeUriPath } from '../../shared/uri';
import { wikiLinkPlugin, type MarkdownItInstance } from '../../shared/wikiLinkPlugin';

/** What VS Code's preview passes markdown-it as `env`. */
interface PreviewEnv {
  readonly currentDocument?: vscode.Uri;
}

interface Held {
  /** The server's answer; null when it does not check the document (an untitled one, say). */
  data: RenderData | null | undefined;
  /** The document version `data` was asked for. */
  version: number | undefined;
  /** The workspace changed since `data` was asked for: it may be out of date whatever the version. */
  stale: boolean;
  fetching: boolean;
}

const HEADER_SETTING = 'rca.markdownPreview.header';

export class PreviewRenderData implements vscode.Disposable {
  private readonly held = new Map<string, Held>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly getClient: () => BaseLanguageClient | undefined) {
    this.subscriptions = [
      // The server republishes a document's diagnostics when its links change meaning (a target created, renamed, deleted).
      vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) this.invalidate(uri);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.held.delete(document.uri.toString())),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration(HEADER_SETTING)) refreshPreviews();
      }),
    ];
  }

  /** The markdown-it extension VS Code's preview asks the extension for. */
  extendMarkdownIt(md: MarkdownItInstance): MarkdownItInstance {
    // VS Code passes a new env to each render: one lookup a render, not one a link.
    const perRender = new WeakMap<object, RenderData | null | undefined>();
    wikiLinkPlugin(md, {
      renderData: (env) => {
        const uri = (env as PreviewEnv | undefined)?.currentDocument;
        if (!uri) return undefined;
        if (!perRender.has(env as object)) perRender.set(env as object, this.get(uri));
        return perRender.get(env as object);
      },
      href: (link, env) => href(link, (env as PreviewEnv | undefined)?.currentDocument),
      header: (env) => vscode.workspace.getConfiguration('rca', (env as PreviewEnv | undefined)?.currentDocument).get<boolean>('markdownPreview.header', true),
    });
    return md;
  }

  /** The data held for the document at `uri` (synchronous, for the renderer); asks the server when it is missing or out of date. */
  get(uri: vscode.Uri): RenderData | null | undefined {
    const held = this.held.get(uri.toString());
    if (!held || held.stale || held.version !== versionOf(uri)) void this.fetch(uri);
    return held?.data;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }

  /**
   * More than the version changed: held data is asked for again while a Markdown preview is
   * open; with none open, the next render asks (a closed preview costs no requests).
   */
  private invalidate(uri: vscode.Uri): void {
    const held = this.held.get(uri.toString());
    if (!held) return;
    held.stale = true;
    if (markdownPreviewOpen()) void this.fetch(uri);
  }

  /** One request a document at a time; the document changing meanwhile asks again. */
  private async fetch(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const held = this.held.get(key) ?? { data: undefined, version: undefined, stale: false, fetching: false };
    this.held.set(key, held);
    const client = this.getClient();
    if (held.fetching || !client?.isRunning()) return;
    held.fetching = true;
    try {
      for (;;) {
        const version = versionOf(uri);
        held.stale = false;
        const params: RenderDataParams = { uri: client.code2ProtocolConverter.asUri(uri) };
        const data = await client.sendRequest(RENDER_DATA_REQUEST, params);
        const changed = JSON.stringify(shown(data)) !== JSON.stringify(shown(held.data));
        held.data = data;
        held.version = version;
        if (changed) refreshPreviews();
        if ((!held.stale && versionOf(uri) === version) || this.held.get(key) !== held) break;
      }
    } catch (error) {
      client.warn(`rca/renderData failed: ${String(error)}`);
    } finally {
      held.fetching = false;
    }
  }
}

function versionOf(uri: vscode.Uri): number | undefined {
  return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.version;
}

/** What a preview shows of the data: all of it but the version it was computed on. */
function shown(data: RenderData | null | undefined): Omit<RenderData, 'version'> | null | undefined {
  return data && { uri: data.uri, links: data.links, header: data.header };
}

/** Whether a tab shows VS Code's Markdown preview (a webview of its `markdown.preview` type). */
function markdownPreviewOpen(): boolean {
  return vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('markdown.preview')));
}

function refreshPreviews(): void {
  void vscode.commands.executeCommand('markdown.preview.refresh');
}

/**
 * A relative link, as an ordinary Markdown link to the file would be: the preview follows it
 * as `markdown.preview.openMarkdownLinks` says (into the preview by default, or the editor),
 * scrolled to the heading's anchor. A heading of the document itself is `#anchor`.
 */
function href(link: WikiLinkResolution, from: vscode.Uri | undefined): string {
  const fragment = link.anchor === undefined ? '' : `#${encodeURIComponent(link.anchor)}`;
  if (!from || !link.uri) return fragment;
  const to = vscode.Uri.parse(link.uri);
  if (to.toString() === from.toString() && fragment) return fragment;
  return relativeUriPath(from.toString(), to.toString()).split('/').map(encodeURIComponent).join('/') + fragment;
}
