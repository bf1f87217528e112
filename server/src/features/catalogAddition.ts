// Adding a service or team to a folder's catalog as a workspace edit: one line
// in its list, the rest of the file (comments, order, layout) untouched; the
// catalog is created when the folder has none.
import type { WorkspaceEdit } from 'vscode-languageserver';
import { addToCatalogEdit } from '../core/catalog';
import type { RcaService } from '../core/service';

/** The edit adding `name` to the catalog of the folder `uri` is in, or undefined when there is no folder. */
export async function catalogAddition(service: RcaService, uri: string, kind: 'services' | 'teams', name: string): Promise<{ catalogUri: string; edit: WorkspaceEdit } | undefined> {
  const catalogUri = service.catalogUriFor(uri);
  if (catalogUri === undefined) return undefined;
  const text = (await service.workspace.readFile(catalogUri))?.text;
  const edit = addToCatalogEdit(text ?? '', kind, name);
  return {
    catalogUri,
    edit:
      text === undefined
        ? { documentChanges: [{ kind: 'create', uri: catalogUri, options: { ignoreIfExists: true } }, { textDocument: { uri: catalogUri, version: null }, edits: [edit] }] }
        : { changes: { [catalogUri]: [edit] } },
  };
}
