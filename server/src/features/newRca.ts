// The New RCA command's server half: what to pick from, then the file to create.
import type { RcaService } from '../core/service';
import { slugify } from '../core/text';
import type { NewRcaChoices, NewRcaParams, NewRcaResult } from '../../../shared/protocol';
import { rankedNames } from './fieldCompletion';
import { rcaTemplate } from './templates';

export function newRcaChoices(service: RcaService): NewRcaChoices {
  return {
    services: rankedNames({ settings: service.settings, catalog: service.catalog, index: service.index }, 'services'),
    severities: service.settings.severities.map((s) => ({ name: s.name, detail: s.description || undefined })),
  };
}

/** `rca/YYYY/YYYY-MM-DD-<slug>.md` with the template, titled and filled in. */
export function newRcaFile(params: NewRcaParams, service: RcaService, today: string): NewRcaResult {
  // Characters a file name cannot hold on some system are dropped from the slug.
  const slug = slugify(params.title).replace(/[\\/:*?"<>|#]/g, '').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'incident';
  const name = `${today}-${slug}`;
  const text = rcaTemplate(name, service.settings, today, {
    title: params.title.trim() || 'Incident',
    services: params.service ? [params.service] : [],
    severity: params.severity,
  });
  return { relativePath: `rca/${today.slice(0, 4)}/${name}.md`, text };
}
