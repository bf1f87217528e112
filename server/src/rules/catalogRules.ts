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
  for (const service of listField(doc, 'services') ?? []) {
    if (!findCatalogEntry(catalog.services, service.value)) {
      report('unknown-service', service.range, `Service "${service.value}" is not in the catalog`, () => suggestions(service.value, service.range, catalog.services));
    }
  }
};

export const unknownTeam: Rule = ({ doc, catalog, report }) => {
  if (!catalog?.readable) return;
  const check = (name: string, range: Parameters<typeof report>[1], role: string) => {
    if (name.trim() && !findCatalogEntry(catalog.teams, name)) report('unknown-team', range, `${role} "${name}" is not a team in the catalog`, () => suggestions(name, range, catalog.teams));
  };
  const author = stringField(doc, 'author');
  if (author) check(author.value, author.range, 'Author');
  for (const item of doc.actionItems) if (item.owner) check(item.owner.text, item.owner.range, 'Owner');
  if (doc.footer) check(doc.footer.author.value, doc.footer.author.range, 'Footer author');
};

/** "Did you mean" fixes: the nearest catalog names; one clear candidate is the preferred fix. */
function suggestions(name: string, range: Range, entries: readonly CatalogEntry[]): QuickFix[] {
  const names = nearest(name, entries.map((e) => e.name));
  return names.map((candidate) => ({ title: `Change to "${candidate}"`, edits: [{ range, newText: candidate }], preferred: names.length === 1 }));
}
