/**
 * The whole UI state in one typed object (as tensorflow/playground's state.ts): the selected
 * view, run, sweep and cell, the chart options, playback, the editor's draft and the runs
 * table's sort and filter. Views read and write it; the link part is mirrored to the hash.
 */
import type { RunRow } from '../../../src-main/api/lab-api';
import type { ConfigObject } from '../config/config-paths';
import { formatHash, parseHash, type LinkState, type ViewName } from './url-state';

import { DEFAULT_COLUMNS, type SortKey } from '../../views/runs-query';

export type { SortKey };

export interface UiState extends LinkState {
  editor: {
    /** The draft configuration (partial; the schema fills the rest). */
    config: ConfigObject;
    preset: string | null;
    experiment: string;
  };
  chart: {
    logGamma: boolean;
    showUnimodal: boolean;
    /** The gamma chart shows the joint run's gammaPlus and gammaMinus instead of gamma. */
    perClass: boolean;
    logError: boolean;
  };
  playback: {
    /** Playing follows a live run or replays a finished one; paused freezes the view. */
    playing: boolean;
    /** Records shown while paused or replaying; null shows everything received. */
    cursor: number | null;
  };
  runsTable: {
    sortKey: SortKey;
    descending: boolean;
    filter: string;
    status: RunRow['status'] | '';
    selected: number | null;
    /** Column keys shown, in order (see views/runs-query.ts). */
    columns: string[];
    /** Column key to group the rows by, or '' for none. */
    groupBy: string;
    /** Runs ticked for the compare view's overlay. */
    picked: number[];
  };
  /** The compare view's overlay: runs, the metric drawn, and how. */
  overlay: {
    runIds: number[];
    mode: string;
    scalar: string;
    band: boolean;
    logY: boolean;
  };
  sweep: {
    /** Value index of the third swept setting shown (sweeps over three settings). */
    slice: number;
    /** Mode and scalar of the seed-band chart of the selected cell. */
    bandMode: string;
    bandScalar: string;
  };
}

export function initialUiState(hash: string): UiState {
  return {
    ...parseHash(hash),
    editor: { config: {}, preset: null, experiment: '' },
    chart: { logGamma: true, showUnimodal: true, perClass: false, logError: false },
    playback: { playing: true, cursor: null },
    runsTable: {
      sortKey: 'id',
      descending: true,
      filter: '',
      status: '',
      selected: null,
      columns: [...DEFAULT_COLUMNS],
      groupBy: '',
      picked: [],
    },
    overlay: { runIds: [], mode: 'joint', scalar: 'gamma0', band: true, logY: true },
    sweep: { slice: 0, bandMode: 'joint', bandScalar: 'gamma0' },
  };
}

export const ui: UiState = $state(initialUiState(typeof location === 'undefined' ? '' : location.hash));

export function linkOf(state: UiState): LinkState {
  return {
    view: state.view,
    runId: state.runId,
    sweepId: state.sweepId,
    cellIndex: state.cellIndex,
    sweepMetric: state.sweepMetric,
    setting: state.setting,
  };
}

export function showView(view: ViewName): void {
  ui.view = view;
}

/** Opens the science page at a setting's row (or at its top), keeping the rest of the state. */
export function openSciencePage(setting: string | null = null): void {
  ui.setting = setting;
  ui.view = 'science';
}

/** The address of the science page at a setting's row, for a link's href. */
export function sciencePageHref(setting: string): string {
  return formatHash({ ...linkOf(ui), view: 'science', setting });
}

/** Opens a run in the live view, following it from the start. */
export function openRun(runId: number, view: ViewName = 'live'): void {
  ui.runId = runId;
  ui.playback = { playing: true, cursor: null };
  ui.view = view;
}

export function openSweep(sweepId: number): void {
  if (ui.sweepId !== sweepId) {
    ui.cellIndex = null;
    ui.sweep.slice = 0;
  }
  ui.sweepId = sweepId;
  ui.view = 'sweep';
}

export { formatHash };
