// Rules on the Action Items table.
import { isActionDone, sloDays } from '../core/actionItems';
import type { Rule, RuleContext } from '../core/diagnostics';
import { stringField } from '../core/fields';
import { calendarDateDay, epochDay, isCalendarDate, isoDay } from '../../../shared/calendarDay';
import { rowTracker } from '../core/tracker';

export const actionDueDate: Rule = ({ doc, report }) => {
  const incident = stringField(doc, 'date');
  const incidentDay = calendarDateDay(incident?.value.trim());
  for (const item of doc.actionItems) {
    const due = item.dueDate;
    if (!due || due.text === '') continue;
    if (!isCalendarDate(due.text)) report('action-due-date', due.range, `Due date "${due.text}" is not a calendar date; use YYYY-MM-DD`);
    else if (incidentDay !== undefined && epochDay(due.text) < incidentDay) {
      report('action-due-date', due.range, `Due date ${due.text} is before the incident (${incident!.value})`);
    }
  }
};

export const actionPriority: Rule = ({ doc, settings, report }) => {
  const levels = settings.severities.map((s) => s.name);
  for (const item of doc.actionItems) {
    const priority = item.priority;
    if (!priority || levels.includes(priority.text)) continue;
    report('action-priority', priority.range, priority.text ? `Unknown priority "${priority.text}"; expected ${levels.join(', ')}` : `Action item has no priority; expected ${levels.join(', ')}`);
  }
};

/** An open action item of a priority with an SLO and no tracker link, `rca.trackerLinkDays` after the incident; only once a tracker is set. */
export const actionUntracked: Rule = ({ doc, settings, today, report }) => {
  if (!settings.tracker.kind) return;
  const incident = incidentDay(doc);
  if (incident === undefined || epochDay(today) - incident <= settings.trackerLinkDays) return;
  for (const item of doc.actionItems) {
    const priority = item.priority?.text ?? '';
    if (sloDays(priority, settings.actionItemSlo) === undefined || isActionDone(item.action?.text ?? '', item.status?.text)) continue;
    if (rowTracker(item.ticket?.text ?? '', item.action?.text ?? '', settings.tracker)) continue;
    const at = item.ticket ?? item.action ?? item.priority!;
    report('action-untracked', at.range, `${priority} action item has no tracker link ${settings.trackerLinkDays} days after the incident: add the issue (#123, PROJ-123, a URL) in a Ticket column or the Action cell`);
  }
};

/** A resolved or closed RCA's action items each need an owner and a due date. */
export const actionIncomplete: Rule = ({ doc, report }) => {
  const status = stringField(doc, 'status')?.value.trim().toLowerCase();
  if (status !== 'resolved' && status !== 'closed') return;
  for (const item of doc.actionItems) {
    if (isActionDone(item.action?.text ?? '', item.status?.text)) continue;
    const missing = [!item.owner?.text && 'owner', !item.dueDate?.text && 'due date'].filter(Boolean);
    if (missing.length === 0) continue;
    const at = item.action ?? item.priority;
    if (at) report('action-incomplete', at.range, `The RCA is ${status}, but this action item has no ${missing.join(' and no ')}`);
  }
};

/** A due date later than the incident plus its priority's SLO (`rca.actionItemSlo`). */
export const actionDueBeyondSlo: Rule = ({ doc, settings, report }) => {
  const incident = incidentDay(doc);
  if (incident === undefined) return;
  for (const item of doc.actionItems) {
    const due = item.dueDate;
    const priority = item.priority?.text ?? '';
    const days = sloDays(priority, settings.actionItemSlo);
    if (!due || days === undefined || !isCalendarDate(due.text)) continue;
    const latest = incident + days;
    if (epochDay(due.text) > latest) report('action-due-beyond-slo', due.range, `Due ${due.text} is past the ${days}-day SLO for ${priority} action items (${isoDay(latest)})`);
  }
};

function incidentDay(doc: RuleContext['doc']): number | undefined {
  return calendarDateDay(stringField(doc, 'date')?.value.trim());
}
