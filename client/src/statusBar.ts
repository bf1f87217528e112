// The status bar item on an RCA: severity · duration · problem count; a click opens the preview.
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
    const duration = metrics.durationMinutes ?? metrics.statedDurationMinutes;
    const problems = metrics.problems.length;
    const parts = [metrics.severity ?? 'no severity', duration === undefined ? 'no duration' : `${duration} min`, problems === 1 ? '1 problem' : `${problems} problems`];
    this.item.text = `$(${problems > 0 ? 'warning' : 'pulse'}) ${parts.join(' · ')}`;
    this.item.tooltip = `${metrics.title ?? 'Untitled RCA'}: show the metrics preview${this.limited ? `\n\n⚠ ${this.limited}` : ''}`;
    this.item.show();
  }
}
