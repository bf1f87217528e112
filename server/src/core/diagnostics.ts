// Diagnostic codes, their defaults, and the rule runner. Codes are stable: they
// are what users put in `rca.rules` and `<!-- rca-disable -->`.
import type { Catalog } from './catalog';
import type { RcaDocument } from './model';
import type { RcaSettings, RuleSeverity } from './settings';
import type { Range, TextEdit } from './text';
import type { WorkspaceIndex } from './workspaceIndex';

const DOCS_URL = 'https://github.com/rca-author/rca-author/blob/main/README.md';

export const RULE_DEFAULTS = {
  'frontmatter-missing': 'error',
  'frontmatter-unterminated': 'error',
  'yaml-syntax': 'error',
  'field-missing': 'error',
  'field-type': 'error',
  'invalid-date': 'error',
  'unknown-severity': 'error',
  'unknown-status': 'warning',
  'unknown-service': 'warning',
  'unknown-team': 'warning',
  'title-mismatch': 'warning',
  'section-missing': 'warning',
  'section-duplicate': 'warning',
  'timeline-time': 'error',
  'timeline-order': 'error',
  'timeline-date-missing': 'error',
  'duration-mismatch': 'error',
  'milestone-order': 'warning',
  'summary-mismatch': 'warning',
  'affected-services-mismatch': 'warning',
  'action-due-date': 'warning',
  'action-priority': 'warning',
  'action-untracked': 'warning',
  'action-incomplete': 'warning',
  'action-due-beyond-slo': 'warning',
  'table-cell-count': 'warning',
  'broken-wiki-link': 'warning',
  'broken-heading-link': 'warning',
  'ambiguous-wiki-link': 'warning',
  'link-file-missing': 'warning',
  'link-heading-missing': 'warning',
  'unbalanced-wiki-link': 'warning',
  'not-utf8': 'error',
  'catalog-unreadable': 'warning',
  'catalog-yaml': 'error',
  'catalog-type': 'error',
  'catalog-duplicate': 'warning',
  'catalog-unknown-key': 'warning',
  'catalog-runbook-missing': 'warning',
  'too-many-problems': 'warning',
} as const satisfies Record<string, Exclude<RuleSeverity, 'off'>>;

export type RuleCode = keyof typeof RULE_DEFAULTS;
export const RULE_CODES = Object.keys(RULE_DEFAULTS) as RuleCode[];

/** An edit of the diagnosed document that removes the problem. */
export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  /** The fix "fix all" and `rca-lint --fix` apply. */
  readonly preferred?: boolean;
}

export interface RcaDiagnostic {
  readonly code: RuleCode;
  readonly severity: Exclude<RuleSeverity, 'off'>;
  readonly message: string;
  readonly range: Range;
  /** Fixes the rule knows, computed with the diagnostic so the two never disagree. */
  readonly fixes?: readonly QuickFix[];
}

export function ruleDocsUrl(code: RuleCode): string {
  return `${DOCS_URL}#${code}`;
}

/** What the rules of one file read. */
export interface DiagnoseInput {
  readonly doc: RcaDocument;
  readonly settings: RcaSettings;
  /** Undefined without a catalog file: then names are not checked. */
  readonly catalog: Catalog | undefined;
  /** Undefined until the workspace is indexed: then links are not checked. */
  readonly index: WorkspaceIndex | undefined;
  /** The file on disk is not valid UTF-8 and the text is its lossy decoding. */
  readonly notUtf8: boolean;
  /** `YYYY-MM-DD` (UTC) the rules that count days from the incident measure against. */
  readonly today: string;
}

export interface RuleContext extends DiagnoseInput {
  /** Fixes may be given as a function: it is called only if the diagnostic is kept (see MAX_DIAGNOSTICS). */
  report(code: RuleCode, range: Range, message: string, fixes?: readonly QuickFix[] | (() => readonly QuickFix[])): void;
}

export type Rule = (context: RuleContext) => void;

/** The rules for one kind of file, split by what they read. */
export interface RuleSet {
  /** Rules that read the one file. */
  readonly file: readonly Rule[];
  /** Rules that read the workspace index too: a workspace lint runs them once the index is complete. */
  readonly link: readonly Rule[];
}

/**
 * The rules the service runs, handed to it by whoever builds it: the service
 * picks the set for each file but does not know the rules.
 */
export interface RuleSets {
  readonly rca: RuleSet;
  /** Markdown that is not an RCA. */
  readonly note: RuleSet;
}

/** A code's severity under the settings: the user's over the default. */
export function severityOf(code: RuleCode, settings: RcaSettings): RuleSeverity {
  return settings.rules[code] ?? RULE_DEFAULTS[code];
}

/**
 * Diagnostics kept per document. A file with 50,000 broken names would otherwise
 * send an editor 50,000 squiggles (and compute a fix for each): past the cap
 * they are only counted, and one `too-many-problems` says how many were dropped.
 */
export const MAX_DIAGNOSTICS = 1000;

/** What a document's rules have found so far: at most MAX_DIAGNOSTICS, and the count of the rest. */
export interface Diagnosis {
  readonly diagnostics: RcaDiagnostic[];
  dropped: number;
  /** Where the first dropped diagnostic was. */
  firstDropped: Range | undefined;
}

export function diagnose(input: DiagnoseInput, rules: readonly Rule[]): RcaDiagnostic[] {
  return reported(input, collectDiagnostics(input, rules));
}

/** Runs rules, adding to `diagnosis` (a document's earlier findings) when given. */
export function collectDiagnostics(input: DiagnoseInput, rules: readonly Rule[], diagnosis: Diagnosis = { diagnostics: [], dropped: 0, firstDropped: undefined }): Diagnosis {
  const { doc, settings } = input;
  if (doc.disabledCodes.has('*')) return diagnosis;
  const { diagnostics } = diagnosis;
  const context: RuleContext = {
    ...input,
    report(code, range, message, fixes) {
      const severity = severityOf(code, settings);
      if (severity === 'off' || doc.disabledCodes.has(code)) return;
      if (diagnostics.length >= MAX_DIAGNOSTICS) {
        diagnosis.firstDropped ??= range;
        diagnosis.dropped++;
        return;
      }
      const list = typeof fixes === 'function' ? fixes() : fixes;
      diagnostics.push(list && list.length > 0 ? { code, severity, message, range, fixes: list } : { code, severity, message, range });
    },
  };
  for (const rule of rules) rule(context);
  return diagnosis;
}

/** A diagnosis's diagnostics, with the one saying how many were dropped. */
export function reported(input: DiagnoseInput, diagnosis: Diagnosis): RcaDiagnostic[] {
  const { diagnostics, dropped, firstDropped } = diagnosis;
  const severity = severityOf('too-many-problems', input.settings);
  if (dropped === 0 || !firstDropped || severity === 'off' || input.doc.disabledCodes.has('too-many-problems')) return diagnostics;
  const message = `${dropped.toLocaleString('en')} more problem${dropped === 1 ? '' : 's'} not shown: at most ${MAX_DIAGNOSTICS.toLocaleString('en')} are reported per document`;
  return [...diagnostics, { code: 'too-many-problems', severity, message, range: firstDropped }];
}
