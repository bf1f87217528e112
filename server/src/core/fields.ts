// Typed reads of front matter fields, for rules and features alike.
import type { FrontMatterField, RcaDocument } from './model';
import type { Range } from './text';

export interface TypedField<T> {
  readonly value: T;
  readonly range: Range;
  readonly field: FrontMatterField;
}

export function field(doc: RcaDocument, key: string): FrontMatterField | undefined {
  return doc.frontMatter?.fields.get(key);
}

export function stringField(doc: RcaDocument, key: string): TypedField<string> | undefined {
  const f = field(doc, key);
  return f && typeof f.value === 'string' ? { value: f.value, range: f.valueRange, field: f } : undefined;
}

export function numberField(doc: RcaDocument, key: string): TypedField<number> | undefined {
  const f = field(doc, key);
  return f && typeof f.value === 'number' ? { value: f.value, range: f.valueRange, field: f } : undefined;
}

export interface ListItemField {
  readonly value: string;
  readonly range: Range;
}

/** The string items of a list field, each with its range (not cached: see timelineMetrics). */
export function listField(doc: RcaDocument, key: string): readonly ListItemField[] | undefined {
  return field(doc, key)?.items?.filter((item): item is ListItemField => typeof item.value === 'string');
}
