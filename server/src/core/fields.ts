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

/** Fields are immutable per document version: their string items are worked out once. */
const listItems = new WeakMap<FrontMatterField, readonly ListItemField[]>();

/** The string items of a list field, each with its range. */
export function listField(doc: RcaDocument, key: string): readonly ListItemField[] | undefined {
  const f = field(doc, key);
  if (!f?.items) return undefined;
  let items = listItems.get(f);
  if (!items) {
    items = f.items.flatMap((item) => (typeof item.value === 'string' ? [{ value: item.value, range: item.range }] : []));
    listItems.set(f, items);
  }
  return items;
}
