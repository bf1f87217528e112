// Core values to LSP values.
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
import { ruleDocsUrl, type RcaDiagnostic } from './core/diagnostics';

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

export function toLspDiagnostic(d: RcaDiagnostic): Diagnostic {
  return { range: d.range, severity: SEVERITY[d.severity], code: d.code, codeDescription: { href: ruleDocsUrl(d.code) }, source: 'rca', message: d.message };
}
