// The New RCA command's server half: what to pick from, then the file to create.
import { findCatalogEntry } from '../core/catalog';
import type { RcaService } from '../core/service';
import { slugify } from '../core/text';
import { joinUri } from '../core/uri';
import type { NewRcaChoices, NewRcaChoicesParams, NewRcaParams, NewRcaResult } from '../../../shared/protocol';
import { catalogAddition } from './catalogAddition';
import { rankedNames } from './fieldCompletion';
import { rcaTemplate } from './templates';

/** How many numbered names (`-2`, `-3`, …) are tried when the dated name is taken. */
const MAX_NUMBERED_NAMES = 200;

/** The settings and catalog of the folder the RCA goes in (a folder URI as the workspace keeps it; the first folder by default). */
function folderContext(service: RcaService, folder = service.workspace.roots[0]) {
  return folder === undefined ? { folder, settings: service.settings, catalog: undefined } : { folder, settings: service.settingsFor(folder), catalog: service.catalogFor(folder) };
}

export function newRcaChoices(params: NewRcaChoicesParams, service: RcaService): NewRcaChoices {
  const { settings, catalog } = folderContext(service, params.folder);
  return {
    services: rankedNames({ settings, catalog, index: service.index }, 'services'),
    severities: settings.severities.map((s) => ({ name: s.name, detail: s.description || undefined })),
  };
}

/**
 * `rca/YYYY/YYYY-MM-DD-<slug>.md` (numbered when that file exists) with the
 * template, titled and filled in; and the catalog edit when its service is new.
 */
export async function newRcaFile(params: NewRcaParams, service: RcaService, today: string): Promise<NewRcaResult> {
  // Characters a file name cannot hold on some system are dropped from the slug.
  const slug = slugify(params.title).replace(/[\\/:*?"<>|#]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'incident';
  const { folder, settings, catalog } = folderContext(service, params.folder);
  const name = await freeName(service, folder, `rca/${today.slice(0, 4)}`, `${today}-${slug}`);
  const newService = params.service?.trim() || undefined;
  const text = rcaTemplate(name, settings, today, {
    title: params.title.trim() || 'Incident',
    services: newService ? [newService] : [],
    severity: params.severity,
    author: settings.defaultAuthor || params.userName?.trim() || undefined,
  });
  const relativePath = `rca/${today.slice(0, 4)}/${name}.md`;
  // Offered only against a catalog that could be read (or none yet): a broken one is the user's to fix first.
  const known = newService === undefined || (catalog !== undefined && (!catalog.readable || findCatalogEntry(catalog.services, newService) !== undefined));
  const addition = known || folder === undefined ? undefined : await catalogAddition(service, joinUri(folder, relativePath), 'services', newService);
  return { relativePath, text, catalogAddition: addition && { service: newService!, ...addition } };
}

/** `base`, else `base-2`, `base-3`, …: the first name with no file in `dir` of the folder. */
async function freeName(service: RcaService, folder: string | undefined, dir: string, base: string): Promise<string> {
  if (folder === undefined) return base;
  for (let n = 1; n <= MAX_NUMBERED_NAMES; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if ((await service.workspace.readFile(joinUri(folder, `${dir}/${name}.md`))) === undefined) return name;
  }
  throw new Error(`${dir}/${base}.md and ${MAX_NUMBERED_NAMES - 1} numbered names after it exist already`);
}
