// The rule sets: RCAs get every rule, notes only the encoding and link rules.
import type { Rule, RuleSets } from '../core/diagnostics';
import { notUtf8 } from './encodingRules';
import { actionDueBeyondSlo, actionDueDate, actionIncomplete, actionPriority, actionUntracked } from './actionItemRules';
import { catalogUnreadable, unknownService, unknownTeam } from './catalogRules';
import { affectedServicesMismatch, summaryMismatch } from './consistencyRules';
import { fieldMissing, fieldType, frontmatterMissing, frontmatterUnterminated, invalidDate, unknownSeverity, unknownStatus, yamlSyntax } from './frontMatterRules';
import { markdownLinks, unbalancedWikiLink, wikiLinks } from './linkRules';
import { sectionDuplicate, sectionMissing, titleMismatch } from './structureRules';
import { tableCellCount } from './tableRules';
import { durationMismatch, milestoneOrder, timelineDateMissing, timelineOrder, timelineTime } from './timelineRules';

const LINK_RULES: readonly Rule[] = [wikiLinks, markdownLinks];
/** How the file is stored and how its links are written, for every Markdown file. */
const MARKDOWN_RULES: readonly Rule[] = [notUtf8, unbalancedWikiLink];

/** The rules that read one file only: an RCA's rules but for the link rules. */
const FILE_RULES: readonly Rule[] = [
  ...MARKDOWN_RULES,
  frontmatterMissing,
  frontmatterUnterminated,
  yamlSyntax,
  fieldMissing,
  fieldType,
  invalidDate,
  unknownSeverity,
  unknownStatus,
  catalogUnreadable,
  unknownService,
  unknownTeam,
  titleMismatch,
  sectionMissing,
  sectionDuplicate,
  timelineTime,
  timelineOrder,
  timelineDateMissing,
  durationMismatch,
  milestoneOrder,
  summaryMismatch,
  affectedServicesMismatch,
  actionDueDate,
  actionPriority,
  actionUntracked,
  actionIncomplete,
  actionDueBeyondSlo,
  tableCellCount,
];

/** What every RcaService is built with. Notes (Markdown that is not an RCA) get the encoding and link rules only. */
export const RULE_SETS: RuleSets = {
  rca: { file: FILE_RULES, link: LINK_RULES },
  note: { file: MARKDOWN_RULES, link: LINK_RULES },
};
