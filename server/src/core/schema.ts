// The RCA format in one place: the front matter fields every RCA has and what
// each section starts with. The rules check documents against it; the quick
// fixes, completion and New RCA write from it, so they cannot drift apart.

export type FieldKind = 'string' | 'date' | 'list' | 'minutes';

/** Every RCA's front matter fields, in the order a new RCA lists them. */
export const REQUIRED_FIELDS = {
  title: 'string',
  date: 'date',
  severity: 'string',
  services: 'list',
  tags: 'list',
  status: 'string',
  duration_minutes: 'minutes',
  author: 'string',
} as const satisfies Record<string, FieldKind>;

export type RequiredField = keyof typeof REQUIRED_FIELDS;
export const REQUIRED_FIELD_NAMES = Object.keys(REQUIRED_FIELDS) as RequiredField[];

/** The headings the model reads facts under; the first level-2 heading of each name counts. */
export const SECTIONS = {
  summary: 'Summary',
  timeline: 'Timeline',
  rootCause: 'Root Cause',
  impact: 'Impact',
  affectedServices: 'Affected Services',
  customerImpact: 'Customer Impact',
  resolution: 'Resolution',
  lessonsLearned: 'Lessons Learned',
  actionItems: 'Action Items',
} as const;

/** The H2 sections every RCA has unless `rca.requiredSections` says otherwise, in order. */
export const DEFAULT_REQUIRED_SECTIONS: readonly string[] = [
  SECTIONS.summary,
  SECTIONS.timeline,
  SECTIONS.rootCause,
  SECTIONS.impact,
  SECTIONS.resolution,
  SECTIONS.lessonsLearned,
  SECTIONS.actionItems,
];

/**
 * What follows a section's heading, by lower-case name, given the RCA's services: tables get
 * their header rows, some sections their sub-headings, Affected Services lists the services.
 */
const SECTION_BODIES: ReadonlyMap<string, (services: readonly string[]) => readonly string[]> = new Map(
  (
    [
      [SECTIONS.timeline, () => ['| Time (UTC) | Event |', '|------------|-------|', '']],
      [SECTIONS.impact, (services: readonly string[]) => [`### ${SECTIONS.affectedServices}`, ...services.map((name: string) => `- ${name}`), '', `### ${SECTIONS.customerImpact}`, '']],
      [SECTIONS.lessonsLearned, () => ['### What Went Well', '', '### What Could Be Improved', '']],
      [SECTIONS.actionItems, () => ['| Priority | Action | Owner | Due Date |', '|----------|--------|-------|----------|', '']],
    ] as const
  ).map(([name, body]) => [name.toLowerCase(), body]),
);

/**
 * Whether a Markdown list item can hold the name: not one with a line or paragraph separator,
 * or with `<!--` (it would open an HTML comment over the lines after it).
 */
export function listable(name: string): boolean {
  // A blank name would be an empty item (`- `), and one of three or more dashes, stars or
  // underscores a thematic break (`- ---`): neither lists a name.
  return name.trim() !== '' && !/^\s*([-*_])(?:\s*\1){2,}\s*$/.test(name) && !/<!--|[\r\n\u2028\u2029]/.test(name);
}

/** A section's first lines, heading included; `services` (each listable) go under Affected Services. */
export function sectionSkeleton(name: string, services: readonly string[] = []): string[] {
  return [`## ${name}`, '', ...(SECTION_BODIES.get(name.toLowerCase())?.(services) ?? [])];
}

/** Front matter values (YAML text) for what a new RCA cannot know yet. */
export const FIELD_DEFAULTS = {
  tags: '[rca]',
  status: 'draft',
  duration_minutes: '0',
  author: 'TBD',
} as const satisfies Partial<Record<RequiredField, string>>;

/** A front matter block of the fields given (YAML text), in the schema's order. */
export function frontMatterLines(values: Readonly<Partial<Record<RequiredField, string>>>): string[] {
  return ['---', ...REQUIRED_FIELD_NAMES.filter((key) => values[key] !== undefined).map((key) => `${key}: ${values[key]}`), '---'];
}

/**
 * A new RCA's text: every required field with its YAML value as given, the
 * title heading, then each section's skeleton.
 */
export function rcaSkeleton(values: Readonly<Record<RequiredField, string>>, heading: string, sections: readonly string[], services: readonly string[] = []): string {
  const lines = [...frontMatterLines(values), '', `# ${heading}`, ''];
  for (const section of sections) lines.push(...sectionSkeleton(section, services));
  return `${lines.join('\n').trimEnd()}\n`;
}
