// Edit distance, for "did you mean" suggestions.

/** Levenshtein distance; with `cap`, gives up (returning `cap`) once it cannot be below it, for scans of many names. */
export function editDistance(a: string, b: string, cap = Infinity): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (current[j] < rowMin) rowMin = current[j];
    }
    if (rowMin >= cap) return cap;
    previous = current;
  }
  return previous[b.length];
}

/** Up to `limit` candidates close to `name` (ignoring case), nearest first. */
export function nearest(name: string, candidates: readonly string[], limit = 3): string[] {
  const wanted = name.toLowerCase();
  const threshold = Math.max(2, Math.floor(wanted.length / 3));
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(wanted, candidate.toLowerCase()) }))
    .filter((c) => c.distance <= threshold || c.candidate.toLowerCase().includes(wanted) || wanted.includes(c.candidate.toLowerCase()))
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate))
    .slice(0, limit)
    .map((c) => c.candidate);
}
