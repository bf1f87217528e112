// A Git remote as the web page of its repository, for the tracker's links.

/**
 * `git@github.com:owner/repo.git`, `ssh://git@host:22/group/repo`, `https://user:token@host/owner/repo.git`
 * → `https://host/owner/repo` (no credentials, no `.git`); undefined for a local path or anything else.
 */
export function repositoryUrl(remote: string): string | undefined {
  const text = remote.trim();
  const scp = /^(?:[^@/\s]+@)?([a-z0-9.-]+\.[a-z]{2,}):(?!\/)([^\s]+?)(?:\.git)?\/?$/i.exec(text);
  if (scp) return `https://${scp[1].toLowerCase()}/${scp[2]}`;
  const url = /^(?:https?|ssh|git):\/\/(?:[^@/\s]+@)?([a-z0-9.-]+)(?::\d+)?\/([^\s]+?)(?:\.git)?\/?$/i.exec(text);
  return url ? `https://${url[1].toLowerCase()}/${url[2]}` : undefined;
}
