/**
 * The runs table's columns, filter, sort and grouping, apart from the DOM so they can be tested.
 *
 * Filter syntax (also shown beside the box): words match the text of a run (status, experiment,
 * tags, backend, "sweep #1", the outcome); a bare number matches a run id or seed exactly;
 * `field:value`, `field=value`, `field!=value`, `field<value`, `field<=value`, `field>value`,
 * `field>=value` compare one field: id, seed, status, tag, sweep, cell, experiment, backend,
 * outcome (one, several, split, none), winner (the sole winner's modality), gap (points), or any
 * setting by its path or last part (`data.n`, `steps`, `alpha.1` for the second entry of alpha).
 * A field name followed by a value (`seed 2`) reads as `seed:2`.
 */
import type { FieldDto, RunRow } from '../../src-main/api/lab-api';

export type SortKey = string;

export interface RunsQuery {
  sortKey: SortKey;
  descending: boolean;
  filter: string;
  status: RunRow['status'] | '';
}

export const FILTER_HELP =
  'words, or field:value / field<value: seed:2  alpha.1<0.7  steps>=4000  sweep:1  outcome:split  winner:0  tag:keep';

const RUN_FIELDS = ['id', 'seed', 'status', 'tag', 'sweep', 'cell', 'experiment', 'backend', 'outcome', 'winner', 'gap'] as const;

/** One column of the table: a run property or a setting (key `setting:PATH`). */
export interface Column {
  key: string;
  label: string;
}

export const RUN_COLUMNS: Column[] = [
  { key: 'id', label: 'run' },
  { key: 'status', label: 'status' },
  { key: 'experiment', label: 'experiment' },
  { key: 'sweep', label: 'sweep cell' },
  { key: 'seed', label: 'seed' },
  { key: 'outcome', label: 'outcome' },
  { key: 'classes', label: 'classes (joint)' },
  { key: 'jointTestErr', label: 'joint test error' },
  { key: 'gap', label: 'gap' },
  { key: 'duration', label: 'duration' },
  { key: 'createdAt', label: 'created' },
];

export const DEFAULT_COLUMNS = [
  'id',
  'status',
  'experiment',
  'sweep',
  'seed',
  'outcome',
  'classes',
  'jointTestErr',
  'gap',
  'duration',
  'setting:data.alpha',
  'setting:data.mu',
  'setting:data.n',
  'setting:train.steps',
];

/** The columns a person can choose: the run's own, then every setting. */
export function allColumns(fields: readonly FieldDto[]): Column[] {
  const settings = fields
    .filter((f) => f.path !== 'seed')
    .map((f) => ({ key: `setting:${f.path}`, label: f.path.split('.').pop() ?? f.path }));
  return [...RUN_COLUMNS, ...settings];
}

/** The value of a setting for a run: what it changed, else the schema default. */
export function settingValue(run: RunRow, path: string, fields: readonly FieldDto[]): unknown {
  if (Object.prototype.hasOwnProperty.call(run.settings, path)) return run.settings[path];
  return fields.find((f) => f.path === path)?.default;
}

export function formatSetting(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatSetting).join(', ');
  if (typeof value === 'number') return String(Number(value.toPrecision(6)));
  if (value === undefined || value === null) return '-';
  return String(value);
}

/** Seconds from start to end, or null while it runs or when a time is missing. */
export function durationSeconds(run: RunRow): number | null {
  if (!run.startedAt || !run.finishedAt) return null;
  const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return '-';
  if (seconds < 60) return `${seconds.toFixed(seconds < 10 ? 1 : 0)} s`;
  const m = Math.floor(seconds / 60);
  return m < 60 ? `${m} min ${Math.round(seconds - m * 60)} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** "class +1: 0; class -1: 0, 1" for the joint run, or '-'. */
export function classesText(run: RunRow): string {
  const classes = run.headline.outcome?.classes;
  if (!classes) return '-';
  const who = (pick: (c: { plus: boolean; minus: boolean }) => boolean): string => {
    const rs = classes.flatMap((c, r) => (pick(c) ? [r] : []));
    return rs.length ? rs.join(', ') : 'none';
  };
  return `+1: ${who((c) => c.plus)}; -1: ${who((c) => c.minus)}`;
}

export function outcomeText(run: RunRow): string {
  const o = run.headline.outcome;
  if (!o) return '-';
  return o.kind === 'one' && o.soleWinner !== null ? `one: m${o.soleWinner}` : o.kind;
}

type Op = ':' | '=' | '!=' | '<' | '<=' | '>' | '>=';
export type Term = { kind: 'word'; text: string } | { kind: 'field'; field: string; op: Op; value: string };

const TERM = /^([A-Za-z][\w.]*?)(!=|<=|>=|:|=|<|>)(.+)$/;

function isFieldName(name: string, fields: readonly FieldDto[]): boolean {
  return (RUN_FIELDS as readonly string[]).includes(name) || resolveSetting(name, fields) !== null;
}

/**
 * A setting path and list index for a name: `data.alpha.1`, `alpha.1`, `steps`, `n`, `ogm.alpha`.
 * A name may be the path's last parts; where several paths end so (`alpha` ends `data.alpha` and
 * `remedies.ogm.alpha`), the shortest path wins, so a setting the user knew by its short name
 * keeps it when a deeper setting of the same name is added.
 */
export function resolveSetting(name: string, fields: readonly FieldDto[]): { path: string; index: number | null } | null {
  const match = /^(.*?)(?:\.(\d+))?$/.exec(name);
  const base = match?.[1] ?? name;
  const index = match?.[2] === undefined ? null : Number(match[2]);
  const exact = fields.find((f) => f.path === base);
  if (exact) return { path: exact.path, index };
  const depth = (path: string) => path.split('.').length;
  const endingSo = fields.filter((f) => f.path.endsWith(`.${base}`));
  const shallowest = Math.min(...endingSo.map((f) => depth(f.path)));
  const chosen = endingSo.filter((f) => depth(f.path) === shallowest);
  return chosen.length === 1 ? { path: (chosen[0] as FieldDto).path, index } : null;
}

/** The filter's terms; a field name followed by a value reads as `name:value`. */
export function parseFilter(text: string, fields: readonly FieldDto[]): Term[] {
  const words = text
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const terms: Term[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const m = TERM.exec(word);
    if (m && isFieldName(m[1] as string, fields)) {
      terms.push({ kind: 'field', field: m[1] as string, op: m[2] as Op, value: m[3] as string });
    } else if (isFieldName(word, fields) && i + 1 < words.length && !TERM.test(words[i + 1] as string)) {
      terms.push({ kind: 'field', field: word, op: ':', value: words[i + 1] as string });
      i++;
    } else {
      terms.push({ kind: 'word', text: word.toLowerCase() });
    }
  }
  return terms;
}

/** The value a field term compares against (a number where the field is numeric). */
function fieldValue(run: RunRow, field: string, fields: readonly FieldDto[]): unknown {
  switch (field) {
    case 'id':
      return run.id;
    case 'seed':
      return run.seed;
    case 'status':
      return run.status;
    case 'tag':
      return run.tags;
    case 'sweep':
      return run.sweepId;
    case 'cell':
      return run.cellIndex;
    case 'experiment':
      return run.experiment;
    case 'backend':
      return run.backend;
    case 'outcome':
      return run.headline.outcome?.kind ?? null;
    case 'winner':
      return run.headline.outcome?.soleWinner ?? null;
    case 'gap':
      return run.headline.gap === null ? null : run.headline.gap * 100;
  }
  const setting = resolveSetting(field, fields);
  if (!setting) return undefined;
  const value = settingValue(run, setting.path, fields);
  if (setting.index === null) return value;
  // A list given as one value applies to every modality.
  return Array.isArray(value) ? (value.length === 1 ? value[0] : value[setting.index]) : value;
}

function compare(actual: unknown, op: Op, wanted: string): boolean {
  if (Array.isArray(actual)) {
    if (op === ':' || op === '=')
      return actual.some((a) => compare(a, op, wanted)) || formatSetting(actual).replace(/\s/g, '') === wanted.replace(/[[\]\s]/g, '');
    if (op === '!=') return !compare(actual, ':', wanted);
    return false;
  }
  if (actual === null || actual === undefined) return op === '!=' ? wanted !== '' : false;
  const number = Number(wanted);
  if (typeof actual === 'number' && wanted.trim() !== '' && Number.isFinite(number)) {
    switch (op) {
      case ':':
      case '=':
        return actual === number;
      case '!=':
        return actual !== number;
      case '<':
        return actual < number;
      case '<=':
        return actual <= number;
      case '>':
        return actual > number;
      case '>=':
        return actual >= number;
    }
  }
  const text = String(actual).toLowerCase();
  const want = wanted.toLowerCase();
  if (op === ':') return text.includes(want);
  if (op === '=') return text === want;
  if (op === '!=') return text !== want;
  return false;
}

/** Text a filter word is matched against: status, experiment, tags, backend, sweep, outcome. */
function haystack(run: RunRow): string {
  const sweep = run.sweepId !== null ? `sweep #${run.sweepId} cell ${run.cellIndex ?? ''}` : '';
  return [run.status, run.experiment ?? '', run.backend, sweep, run.headline.outcome?.kind ?? '', ...run.tags].join(' ').toLowerCase();
}

function matches(run: RunRow, term: Term, fields: readonly FieldDto[]): boolean {
  if (term.kind === 'field') return compare(fieldValue(run, term.field, fields), term.op, term.value);
  // A bare number is a run id or a seed, never a digit inside another number.
  if (/^#?\d+$/.test(term.text)) {
    const n = Number(term.text.replace('#', ''));
    return run.id === n || run.seed === n;
  }
  return haystack(run).includes(term.text);
}

/** The value a column sorts by. */
export function columnValue(run: RunRow, key: string, fields: readonly FieldDto[]): number | string | null {
  if (key.startsWith('setting:')) {
    const value = settingValue(run, key.slice('setting:'.length), fields);
    if (typeof value === 'number' || typeof value === 'string') return value;
    if (Array.isArray(value)) return formatSetting(value);
    return value === undefined || value === null ? null : String(value);
  }
  switch (key) {
    case 'id':
      return run.id;
    case 'status':
      return run.status;
    case 'experiment':
      return run.experiment;
    case 'sweep':
      return run.sweepId === null ? null : run.sweepId * 1e6 + (run.cellIndex ?? 0);
    case 'seed':
      return run.seed;
    case 'outcome':
      return run.headline.outcome ? outcomeText(run) : null;
    case 'classes':
      return run.headline.outcome ? classesText(run) : null;
    case 'jointTestErr':
      return run.headline.jointTestErr;
    case 'gap':
      return run.headline.gap;
    case 'duration':
      return durationSeconds(run);
    case 'createdAt':
      return run.createdAt;
    default:
      return null;
  }
}

export function queryRuns(runs: readonly RunRow[], query: RunsQuery, fields: readonly FieldDto[] = []): RunRow[] {
  const terms = parseFilter(query.filter, fields);
  const kept = runs.filter((run) => (query.status === '' || run.status === query.status) && terms.every((t) => matches(run, t, fields)));
  const direction = query.descending ? -1 : 1;
  return kept.sort((a, b) => {
    const va = columnValue(a, query.sortKey, fields);
    const vb = columnValue(b, query.sortKey, fields);
    // Missing values sort last whatever the direction.
    if (va === null && vb === null) return a.id - b.id;
    if (va === null) return 1;
    if (vb === null) return -1;
    const order =
      typeof va === 'number' && typeof vb === 'number' ? va - vb : String(va).localeCompare(String(vb), undefined, { numeric: true });
    return order === 0 ? a.id - b.id : direction * order;
  });
}

/** Runs grouped by one setting (or sweep, experiment, seed), with their outcomes counted. */
export interface RunGroup {
  value: string;
  runs: RunRow[];
  outcomes: Record<'one' | 'several' | 'split' | 'none', number>;
  /** Runs with a joint outcome (the denominator of the outcome counts). */
  judged: number;
  meanGap: number | null;
  gapRuns: number;
}

export function groupRuns(runs: readonly RunRow[], key: string, fields: readonly FieldDto[]): RunGroup[] {
  const groups = new Map<string, RunRow[]>();
  for (const run of runs) {
    const raw = key.startsWith('setting:') ? settingValue(run, key.slice('setting:'.length), fields) : columnValue(run, key, fields);
    const value = key === 'sweep' ? (run.sweepId === null ? 'no sweep' : `sweep #${run.sweepId}`) : formatSetting(raw);
    groups.set(value, [...(groups.get(value) ?? []), run]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, undefined, { numeric: true }))
    .map(([value, list]) => {
      const outcomes = { one: 0, several: 0, split: 0, none: 0 };
      for (const run of list) if (run.headline.outcome) outcomes[run.headline.outcome.kind]++;
      const gaps = list.flatMap((r) => (r.headline.gap === null ? [] : [r.headline.gap]));
      return {
        value,
        runs: list,
        outcomes,
        judged: outcomes.one + outcomes.several + outcomes.split + outcomes.none,
        meanGap: gaps.length ? gaps.reduce((a, b) => a + b, 0) / gaps.length : null,
        gapRuns: gaps.length,
      };
    });
}
