/**
 * The part of the UI state worth a link: view, run, sweep, cell and phase-diagram metric,
 * kept in the page's hash (the query holds the server's token). Reloading the page comes back
 * to the same view; anything malformed in the hash is ignored, never fatal.
 */
export const VIEWS = ['editor', 'live', 'compare', 'sweep', 'runs'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface LinkState {
  view: ViewName;
  runId: number | null;
  sweepId: number | null;
  cellIndex: number | null;
  sweepMetric: string;
}

export const DEFAULT_LINK: LinkState = { view: 'editor', runId: null, sweepId: null, cellIndex: null, sweepMetric: 'win:0' };

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
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as ViewName) : DEFAULT_LINK.view,
    runId: positiveInt(params.get('run')),
    sweepId: positiveInt(params.get('sweep')),
    cellIndex: nonNegativeInt(params.get('cell')),
    sweepMetric: metric && /^(gap|win:\d{1,3})$/.test(metric) ? metric : DEFAULT_LINK.sweepMetric,
  };
}

export function formatHash(state: LinkState): string {
  const params = new URLSearchParams();
  params.set('view', state.view);
  if (state.runId !== null) params.set('run', String(state.runId));
  if (state.sweepId !== null) params.set('sweep', String(state.sweepId));
  if (state.cellIndex !== null) params.set('cell', String(state.cellIndex));
  if (state.sweepMetric !== DEFAULT_LINK.sweepMetric) params.set('metric', state.sweepMetric);
  return `#${params.toString()}`;
}
