// The New RCA command's server half: what to pick from, then the file to create.
import type { RcaService } from '../core/service';
import { slugify } from '../core/text';
import type { NewRcaChoices, NewRcaChoicesParams, NewRcaParams, NewRcaResult } from '../../../shared/protocol';
import { rankedNames } from './fieldCompletion';
import { rcaTemplate } from './templates';

/** The settings and catalog of the folder the RCA goes in (a folder URI as the workspace keeps it; the first folder by default). */
function folderContext(service: RcaService, folder = service.workspace.roots[0]) {
  return folder === undefined ? { settings: service.settings, catalog: undefined } : { settings: service.settingsFor(folder), catalog: service.catalogFor(folder) };
}

export function newRcaChoices(params: NewRcaChoicesParams, service: RcaService): NewRcaChoices {
  const { settings, catalog } = folderContext(service, params.folder);
  return {
    services: rankedNames({ settings, catalog, index: service.index }, 'services'),
    severities: settings.severities.map((s) => ({ name: s.name, detail: s.description || undefined })),
  };
}

/** `rca/YYYY/YYYY-MM-DD-<slug>.md` with the template, titled and filled in. */
export function newRcaFile(params: NewRcaParams, service: RcaService, today: string): NewRcaResult {
  // Characters a file name cannot hold on some system are dropped from the slug.
  const slug = slugify(params.title).replace(/[\\/:*?"<>|#]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'incident';
  const name = `${today}-${slug}`;
  const text = rcaTemplate(name, folderContext(service, params.folder).settings, today, {
    title: params.title.trim() || 'Incident',
    services: params.service ? [params.service] : [],
    severity: params.severity,
  });
  return { relativePath: `rca/${today.slice(0, 4)}/${name}.md`, text };
}
