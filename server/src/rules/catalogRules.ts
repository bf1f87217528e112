// Service and team names checked against the catalog (only when there is one).
import { findCatalogEntry, type CatalogEntry } from '../core/catalog';
import type { QuickFix, Rule } from '../core/diagnostics';
import { nearest } from '../core/fuzzy';
import type { Range } from '../core/text';
import { field, listField, stringField } from '../core/fields';

/** Said once, where the services are named, instead of every name being unknown. */
export const catalogUnreadable: Rule = ({ doc, catalog, settings, report }) => {
  if (!catalog || catalog.readable) return;
  const range = field(doc, 'services')?.keyRange ?? doc.frontMatter?.openRange ?? doc.lines.range(0, doc.lines.lineEnd(0));
  report('catalog-unreadable', range, `The catalog (${settings.catalog}) could not be read, so services and teams are not checked: ${catalog.problems[0]}`);
};

export const unknownService: Rule = ({ doc, catalog, report }) => {
  if (!catalog?.readable) return;
  const suggest = suggester(catalog.services);
  for (const service of listField(doc, 'services') ?? []) {
    if (!findCatalogEntry(catalog.services, service.value)) {
      // A blank name has no nearest catalog name, and may be a YAML tag's empty value (`!x`), which text put after the tag would only rename.
      report('unknown-service', service.range, `Service "${service.value}" is not in the catalog`, () => (service.value.trim() ? suggest(service.value, service.range) : []));
    }
  }
};

export const unknownTeam: Rule = ({ doc, catalog, report }) => {
  if (!catalog?.readable) return;
  const suggest = suggester(catalog.teams);
  const check = (name: string, range: Parameters<typeof report>[1], role: string) => {
    if (name.trim() && !findCatalogEntry(catalog.teams, name)) report('unknown-team', range, `${role} "${name}" is not a team in the catalog`, () => suggest(name, range));
  };
  const author = stringField(doc, 'author');
  if (author) check(author.value, author.range, 'Author');
  for (const item of doc.actionItems) if (item.owner) check(item.owner.text, item.owner.range, 'Owner');
  if (doc.footer) check(doc.footer.author.value, doc.footer.author.range, 'Footer author');
};

/**
 * How many name comparisons one document's "did you mean" fixes may cost, per rule: each
 * unknown name is compared with every catalog name, so a document of a thousand unknown
 * names against a 10,000-name catalog would take seconds. Past the budget names get no fix.
 */
export const SUGGESTION_BUDGET = 100_000;

/**
 * "Did you mean" fixes for one document: the nearest catalog names, one clear candidate
 * the preferred fix, until the document's budget is spent.
 */
function suggester(entries: readonly CatalogEntry[]): (name: string, range: Range) => QuickFix[] {
  let budget = SUGGESTION_BUDGET;
  let names: string[] | undefined;
  return (name, range) => {
    if (budget < entries.length) return [];
    budget -= entries.length;
    const found = nearest(name, (names ??= entries.map((e) => e.name)));
    return found.map((candidate) => ({ title: `Change to "${candidate}"`, edits: [{ range, newText: candidate }], preferred: found.length === 1 }));
  };
}
