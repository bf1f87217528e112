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

/** A section's first lines, heading included: tables get their header rows, some sections their sub-headings. */
export function sectionSkeleton(name: string): string[] {
  switch (name.toLowerCase()) {
    case 'timeline':
      return [`## ${name}`, '', '| Time (UTC) | Event |', '|------------|-------|', ''];
    case 'impact':
      return [`## ${name}`, '', '### Affected Services', '', '### Customer Impact', ''];
    case 'lessons learned':
      return [`## ${name}`, '', '### What Went Well', '', '### What Could Be Improved', ''];
    case 'action items':
      return [`## ${name}`, '', '| Priority | Action | Owner | Due Date |', '|----------|--------|-------|----------|', ''];
    default:
      return [`## ${name}`, ''];
  }
}

/**
 * A new RCA's text: every required field with its YAML value as given, the
 * title heading, then each section's skeleton.
 */
export function rcaSkeleton(values: Readonly<Record<RequiredField, string>>, heading: string, sections: readonly string[]): string {
  const lines = ['---', ...REQUIRED_FIELD_NAMES.map((key) => `${key}: ${values[key]}`), '---', '', `# ${heading}`, ''];
  for (const section of sections) lines.push(...sectionSkeleton(section));
  return `${lines.join('\n').trimEnd()}\n`;
}
