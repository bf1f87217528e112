// Rules on the Action Items table.
import type { Rule } from '../core/diagnostics';
import { stringField } from '../core/fields';
import { epochDay, isCalendarDate } from '../core/text';

export const actionDueDate: Rule = ({ doc, report }) => {
  const incident = stringField(doc, 'date');
  const incidentDay = incident && isCalendarDate(incident.value.trim()) ? epochDay(incident.value.trim()) : undefined;
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
