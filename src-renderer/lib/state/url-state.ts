/**
 * The part of the UI state worth a link: view, run, sweep, cell, phase-diagram metric and the
 * setting the science page is open at, kept in the page's hash (the query holds the server's
 * token). Reloading the page comes back to the same view; anything malformed in the hash is
 * ignored, never fatal.
 */
/** The views of the header's tabs, in the order of their Alt+1..8 keys. */
export const VIEWS = ['editor', 'live', 'compare', 'sweep', 'runs', 'data', 'check', 'remedies'] as const;
/** Every view: the tabs, and the science page the editor's help links open. */
export type ViewName = (typeof VIEWS)[number] | 'science';
const ALL_VIEWS: readonly string[] = [...VIEWS, 'science'];

export interface LinkState {
  view: ViewName;
  runId: number | null;
  sweepId: number | null;
  cellIndex: number | null;
  sweepMetric: string;
  /** The setting whose row the science page shows (`data.P`), or null for the page's top. */
  setting: string | null;
}

export const DEFAULT_LINK: LinkState = {
  view: 'editor',
  runId: null,
  sweepId: null,
  cellIndex: null,
  sweepMetric: 'outcome:one',
  setting: null,
};

/** A setting path as the schema names it (`seed`, `data.P`, `remedies.ogm.alpha`); anything else is ignored. */
const SETTING_PATH = /^[a-z][A-Za-z0-9]{0,40}(\.[A-Za-z][A-Za-z0-9]{0,40}){0,2}$/;

function positiveInt(text: string | null): number | null {
  if (text === null || !/^\d{1,15}$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}

function nonNegativeInt(text: string | null): number | null {
  if (text === null || !/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}

export function parseHash(hash: string): LinkState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const view = params.get('view');
  const metric = params.get('metric');
  const setting = params.get('setting');
  return {
    view: ALL_VIEWS.includes(view ?? '') ? (view as ViewName) : DEFAULT_LINK.view,
    runId: positiveInt(params.get('run')),
    sweepId: positiveInt(params.get('sweep')),
    cellIndex: nonNegativeInt(params.get('cell')),
    sweepMetric:
      metric && /^(gap|outcome:(one|several|split|none)|(sole|learned):\d{1,3})$/.test(metric) ? metric : DEFAULT_LINK.sweepMetric,
    setting: setting !== null && SETTING_PATH.test(setting) ? setting : null,
  };
}

export function formatHash(state: LinkState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  if (state.runId !== null) params.set('run', String(state.runId));
  if (state.sweepId !== null) params.set('sweep', String(state.sweepId));
  if (state.cellIndex !== null) params.set('cell', String(state.cellIndex));
  if (state.sweepMetric !== DEFAULT_LINK.sweepMetric) params.set('metric', state.sweepMetric);
  if (state.view === 'science' && state.setting !== null) params.set('setting', state.setting);
  return `#${params.toString()}`;
}
