/** Filtering and sorting of the runs table, apart from the DOM so it can be tested. */
import type { RunRow } from '../../src-main/api/lab-api';

export type SortKey = 'id' | 'status' | 'experiment' | 'seed' | 'createdAt' | 'jointTestErr' | 'gap';

export interface RunsQuery {
  sortKey: SortKey;
  descending: boolean;
  filter: string;
  status: RunRow['status'] | '';
}

function sortValue(run: RunRow, key: SortKey): number | string | null {
  switch (key) {
    case 'id':
      return run.id;
    case 'status':
      return run.status;
    case 'experiment':
      return run.experiment;
    case 'seed':
      return run.seed;
    case 'createdAt':
      return run.createdAt;
    case 'jointTestErr':
      return run.headline.jointTestErr;
    case 'gap':
      return run.headline.gap;
  }
}

/** Text a filter word is matched against: id, status, experiment, tags, backend, seed. */
function haystack(run: RunRow): string {
  return [`#${run.id}`, run.status, run.experiment ?? '', run.backend, `seed:${run.seed}`, ...run.tags.map((t) => `tag:${t} ${t}`)].join(' ').toLowerCase();
}

export function queryRuns(runs: readonly RunRow[], query: RunsQuery): RunRow[] {
  const words = query.filter.toLowerCase().split(/\s+/).filter((w) => w !== '');
  const kept = runs.filter((run) => (query.status === '' || run.status === query.status) && words.every((w) => haystack(run).includes(w)));
  const direction = query.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const va = sortValue(a, query.sortKey);
    const vb = sortValue(b, query.sortKey);
    // Missing values sort last whatever the direction.
    if (va === null && vb === null) return a.id - b.id;
    if (va === null) return 1;
    if (vb === null) return -1;
    const order = typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb));
    return order === 0 ? a.id - b.id : direction * order;
  });
}
