// The status bar item on an RCA: severity · duration · problem count, with the error or
// warning icon when it has those; a click opens the preview. Everything shown is the server's.
import * as vscode from 'vscode';
import type { IndexStatus, RcaMetrics } from '../../shared/protocol';
import type { ActiveMetrics } from './activeMetrics';

export class RcaStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('rca.status', vscode.StatusBarAlignment.Left, 100);
  private readonly subscription: vscode.Disposable;
  /** The server's sentence on files rca.maxFiles left out of the index, if it left any. */
  private limited: string | undefined;

  constructor(private readonly metrics: ActiveMetrics) {
    this.item.name = 'RCA';
    this.item.command = 'rca.showMetricsPreview';
    this.subscription = metrics.onDidChange((m) => this.show(m));
    this.show(metrics.metrics);
  }

  setIndexStatus(status: IndexStatus): void {
    this.limited = status.limited;
    this.show(this.metrics.metrics);
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }

  private show(metrics: RcaMetrics | undefined): void {
    if (!metrics) {
      this.item.hide();
      return;
    }
    const { statedDurationMinutes: stated, durationMinutes: span } = metrics;
    // What the RCA says, as the reader sees it; the timeline's figure goes in the tooltip when they differ.
    const duration = stated ?? span;
    const disagree = stated !== undefined && span !== undefined && stated !== span;
    const problems = metrics.problems.length;
    const icon = metrics.problems.some((p) => p.severity === 'error') ? 'error' : metrics.problems.some((p) => p.severity === 'warning') ? 'warning' : problems > 0 ? 'info' : 'pulse';
    const parts = [metrics.severity ?? 'no severity', duration === undefined ? 'no duration' : `${duration} min`, problems === 1 ? '1 problem' : `${problems} problems`];
    this.item.text = `$(${icon}) ${parts.join(' · ')}`;
    const lines = [`${metrics.title ?? 'Untitled RCA'}: show the metrics preview`];
    if (this.limited) lines.push(`⚠ ${this.limited}`);
    if (disagree) lines.push(`duration_minutes is ${stated}, but the timeline spans ${span} min${timelineSpan(metrics)}`);
    this.item.tooltip = lines.join('\n\n');
    this.item.show();
  }
}

/** ` (20:05 → 21:17)`: where the duration counts from (detection or impact start) and the resolution, as the server read them. */
function timelineSpan(metrics: RcaMetrics): string {
  const start = metrics.durationStart;
  const resolved = metrics.phases.find((p) => p.milestone === 'resolved')?.clock;
  return start && resolved ? ` (${start} → ${resolved})` : '';
}
