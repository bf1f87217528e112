// The rule sets: RCAs get every rule, notes only the link rules.
import type { Rule } from '../core/diagnostics';
import { notUtf8 } from './encodingRules';
import { actionDueDate, actionPriority } from './actionItemRules';
import { catalogUnreadable, unknownService, unknownTeam } from './catalogRules';
import { affectedServicesMismatch, summaryMismatch } from './consistencyRules';
import { fieldMissing, fieldType, frontmatterMissing, frontmatterUnterminated, invalidDate, unknownSeverity, unknownStatus, yamlSyntax } from './frontMatterRules';
import { wikiLinks } from './linkRules';
import { sectionDuplicate, sectionMissing, titleMismatch } from './structureRules';
import { durationMismatch, timelineOrder, timelineTime } from './timelineRules';

export const LINK_RULES: readonly Rule[] = [wikiLinks];
/** How the file is stored, for every Markdown file. */
export const ENCODING_RULES: readonly Rule[] = [notUtf8];
/** Notes (Markdown that is not an RCA) get the encoding and link rules only. */
export const NOTE_RULES: readonly Rule[] = [...ENCODING_RULES, ...LINK_RULES];

/** The rules that read one file only: an RCA's rules but for the link rules. */
export const FILE_RULES: readonly Rule[] = [
  ...ENCODING_RULES,
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
  durationMismatch,
  summaryMismatch,
  affectedServicesMismatch,
  actionDueDate,
  actionPriority,
];

export const RCA_RULES: readonly Rule[] = [...FILE_RULES, ...LINK_RULES];
