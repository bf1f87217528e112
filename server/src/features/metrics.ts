// The numbers of one RCA for the metrics preview and the status bar: what the
// timeline, impact sections, action items and links say, with its problems.
import type { ActionItemStatus, ImpactFigure, Phase, Problem, RcaMetrics, RelatedLink } from '../../../shared/protocol';
import type { RcaDiagnostic } from '../core/diagnostics';
import { resolveWikiLink } from '../core/links';
import type { RcaDocument } from '../core/model';
import { expectedDuration, timelineMetrics } from '../core/timeline';
import { isOverdue } from '../core/actionItems';
import { DEFAULT_SETTINGS, type RcaSettings } from '../core/settings';
import { rowTracker } from '../core/tracker';
import { timelineEventName } from './symbols';
import type { WorkspaceIndex } from '../core/workspaceIndex';
import { rcaSummary } from '../core/service';

/** `settings`: the document's; its SLOs move action items' deadlines, its tracker reads their links, `durationFrom` says where the duration starts. */
export function rcaMetrics(doc: RcaDocument, index: WorkspaceIndex, diagnostics: readonly RcaDiagnostic[], todayIso: string, settings: Pick<RcaSettings, 'actionItemSlo' | 'durationFrom' | 'tracker'> = DEFAULT_SETTINGS): RcaMetrics {
  const { actionItemSlo: slo, durationFrom } = settings;
  const summary = rcaSummary(doc);
  const timeline = timelineMetrics(doc.timeline);
  const duration = timeline && expectedDuration(timeline, durationFrom);
  return {
    uri: doc.uri,
    title: summary.title ?? doc.title?.text,
    date: summary.date,
    severity: summary.severity,
    status: summary.status,
    services: summary.services,
    statedDurationMinutes: summary.durationMinutes,
    durationMinutes: duration?.minutes,
    durationFrom,
    durationStart: duration?.from.clock,
    timeToDetect: timeline?.timeToDetect,
    timeToAcknowledge: timeline?.timeToAcknowledge,
    timeToIdentify: timeline?.timeToIdentify,
    timeToMitigate: timeline?.timeToMitigate,
    timeToRecover: timeline?.timeToRecover,
    timeToResolve: timeline?.timeToResolve,
    customerImpactMinutes: timeline?.customerImpactMinutes,
    phases: phases(doc),
    events: (doc.timeline?.rows ?? []).map((row) => ({ name: timelineEventName(row), milestone: row.milestone, line: row.line })),
    impact: impactFigures(doc),
    actionItems: doc.actionItems.map((item): ActionItemStatus => {
      const dueDate = item.dueDate?.text ?? '';
      return {
        priority: item.priority?.text ?? '',
        action: item.action?.text ?? '',
        owner: item.owner?.text ?? '',
        dueDate,
        overdue: isOverdue({ action: item.action?.text ?? '', status: item.status?.text ?? '', due: dueDate, priority: item.priority?.text ?? '' }, summary.date, slo, todayIso),
        tracker: rowTracker(item.ticket?.text ?? '', item.action?.text ?? '', settings.tracker),
        line: item.line,
      };
    }),
    links: doc.links.map((link): RelatedLink => {
      const resolved = resolveWikiLink(link, doc, index);
      const label = link.alias ?? (link.heading === undefined ? link.target : `${link.target}#${link.heading}`);
      const file = resolved.kind === 'file' ? resolved : undefined;
      return { label, target: link.target, uri: file?.uri, targetLine: file?.heading?.line ?? 0, line: link.range.start.line };
    }),
    problems: diagnostics.map(toProblem),
  };
}

/** The first event, then each milestone the timeline reaches, in the order they happened. */
function phases(doc: RcaDocument): Phase[] {
  const timeline = timelineMetrics(doc.timeline);
  if (!timeline?.start) return [];
  const event = (row: { eventCell?: { text: string } }) => row.eventCell?.text ?? '';
  const start = timeline.start;
  const reached = Object.entries(timeline.milestones).map(([milestone, at]): Phase => ({
    milestone: milestone as Phase['milestone'],
    clock: at.row.clock,
    minutes: Math.round(at.minutes),
    event: event(at.row),
    line: at.row.line,
  }));
  reached.sort((a, b) => a.minutes - b.minutes || a.line - b.line);
  return [{ milestone: 'start', clock: start.clock, minutes: 0, event: event(start), line: start.line }, ...reached];
}

function impactFigures(doc: RcaDocument): ImpactFigure[] {
  const figures = [...doc.impact, ...doc.customerImpact].map((f) => ({ name: f.name, value: f.value, line: f.range.start.line }));
  const users = doc.summary?.usersAffected;
  if (users && !figures.some((f) => f.name === 'usersAffected')) figures.push({ name: 'usersAffected', value: users.value, line: users.range.start.line });
  return figures;
}

export function toProblem(d: RcaDiagnostic): Problem {
  return { code: d.code, message: d.message, severity: d.severity, line: d.range.start.line, character: d.range.start.character, endLine: d.range.end.line, endCharacter: d.range.end.character };
}
