// LSP shapes for the authoring features: completion, hover, code actions,
// code lens and inlay hints. Mapping only; the logic is in features/ and rules/.
import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type Hover,
  type InlayHint,
  type Position,
  type Range,
} from 'vscode-languageserver';
import type { RcaDiagnostic } from './core/diagnostics';
import { fixAllEdits, fixAllText, minimalEdit } from './core/fixAll';
import type { RcaDocument } from './core/model';
import type { RcaService } from './core/service';
import { toggleActionItem } from './features/actionItemDone';
import { catalogAddition } from './features/catalogAddition';
import { computedHover } from './features/computedHover';
import { fieldCompletions, type CompletionKind } from './features/fieldCompletion';
import { timelineHints } from './features/timelineHints';
import { timelineLens } from './features/timelineLens';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.rca`;

const KIND: Record<CompletionKind, CompletionItemKind> = {
  property: CompletionItemKind.Property,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  event: CompletionItemKind.Event,
  date: CompletionItemKind.Constant,
};

export function authoringCompletionItems(service: RcaService, doc: RcaDocument, position: Position): CompletionItem[] {
  return fieldCompletions(doc, position, { settings: service.settingsFor(doc.uri), catalog: service.catalogFor(doc.uri), index: service.index }).map((c) => ({
    label: c.label,
    kind: KIND[c.kind],
    detail: c.detail,
    documentation: c.documentation,
    sortText: c.sortText,
    // What was typed so far is the filter, so the client keeps items that match it.
    filterText: c.newText.startsWith(c.label) ? c.label : undefined,
    textEdit: { range: c.range, newText: c.newText },
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
  }));
}

export function authoringHover(service: RcaService, doc: RcaDocument, position: Position): Hover | undefined {
  const catalog = service.catalogSourceFor(doc.uri);
  const hover = computedHover(doc, position, { settings: service.settingsFor(doc.uri), catalog: catalog?.file.catalog, index: service.index, catalogRoot: catalog?.root });
  return hover && { contents: { kind: MarkupKind.Markdown, value: hover.contents }, range: hover.range };
}

/** Quick fixes for the request's diagnostics, "add to catalog", and the fix-all source action. */
export async function authoringCodeActions(service: RcaService, doc: RcaDocument, params: CodeActionParams): Promise<CodeAction[]> {
  const only = params.context.only;
  const asked = (kind: string) => only?.some((o) => kind === o || kind.startsWith(`${o}.`)) === true;
  const wantsQuickFixes = (!only || asked(CodeActionKind.QuickFix)) && params.context.diagnostics.some((d) => d.source === 'rca');
  // Fix all is a source action: computed only when asked for by kind (on save, or from the
  // Source Action menu), not on every cursor move, as it re-checks the text pass after pass.
  const wantsFixAll = asked(FIX_ALL_KIND);
  if (!wantsQuickFixes && !wantsFixAll) return [];
  const diagnostics = service.diagnose(doc);
  const actions: CodeAction[] = [];
  if (wantsQuickFixes) {
    for (const requested of params.context.diagnostics) {
      const found = diagnostics.find((d) => d.code === requested.code && sameRange(d.range, requested.range));
      if (!found) continue;
      for (const fix of found.fixes ?? []) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [requested], isPreferred: fix.preferred, edit: { changes: { [doc.uri]: [...fix.edits] } } });
      }
      const catalogAction = await addToCatalogAction(service, doc, found, requested);
      if (catalogAction) actions.push(catalogAction);
    }
  }
  if (wantsFixAll && fixAllEdits(diagnostics).length > 0) {
    const fixed = fixAllText(doc.text, (text) => service.diagnoseText(doc.uri, text));
    if (fixed !== doc.text) actions.push({ title: 'Fix all RCA problems in this file', kind: FIX_ALL_KIND, edit: { changes: { [doc.uri]: [minimalEdit(doc.text, fixed)] } } });
  }
  return actions;
}

/** Mark done (or not done) on the Action Items row at the start of the range, when refactorings are asked for. */
export function actionItemCodeActions(service: RcaService, doc: RcaDocument, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((o) => CodeActionKind.RefactorRewrite === o || CodeActionKind.RefactorRewrite.startsWith(`${o}.`))) return [];
  if (!service.isRca(doc) || !doc.actionItems.some((i) => i.line === params.range.start.line)) return [];
  const toggle = toggleActionItem(doc, params.range.start, service.index.actionItemMarks());
  return 'error' in toggle ? [] : [{ title: toggle.title, kind: CodeActionKind.RefactorRewrite, edit: { changes: { [doc.uri]: [toggle.edit] } } }];
}

async function addToCatalogAction(service: RcaService, doc: RcaDocument, found: RcaDiagnostic, requested: Diagnostic): Promise<CodeAction | undefined> {
  if (found.code !== 'unknown-service' && found.code !== 'unknown-team') return undefined;
  const name = doc.lines.text.slice(doc.lines.offsetAt(found.range.start), doc.lines.offsetAt(found.range.end)).replace(/^["']|["']$/g, '');
  const addition = await catalogAddition(service, doc.uri, found.code === 'unknown-service' ? 'services' : 'teams', name);
  return addition && { title: `Add "${name}" to the catalog`, kind: CodeActionKind.QuickFix, diagnostics: [requested], edit: addition.edit };
}

export function authoringCodeLenses(service: RcaService, doc: RcaDocument): CodeLens[] {
  if (!service.settingsFor(doc.uri).codeLens) return [];
  const lens = timelineLens(doc);
  // No command id: the lens is a label, not a button.
  return lens ? [{ range: lens.range, command: { title: lens.title, command: '' } }] : [];
}

export function authoringInlayHints(service: RcaService, doc: RcaDocument, range: Range): InlayHint[] {
  if (!service.settingsFor(doc.uri).inlayHints) return [];
  return timelineHints(doc, range).map((h) => ({ position: h.position, label: h.label, tooltip: h.tooltip, paddingLeft: true }));
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
