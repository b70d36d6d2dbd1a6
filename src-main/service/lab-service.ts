/**
 * The lab service: the one implementation of LabApi over the lab core, served to the renderer by
 * the Electron shell (IPC) and by the lab server (HTTP + WebSocket). It owns the open workspace,
 * one orchestrator (engine host processes) and the runs and sweeps in progress. Arguments are
 * checked at each door with api-schemas.ts; here every id is checked against the workspace and
 * every error message is written for the person using the app.
 */
import { LabRequestError } from '../api/api-errors';
import * as path from 'node:path';
import type {
  CellBandsDto,
  ExportResultDto,
  FieldDto,
  LabApi,
  LabEvent,
  LabInfo,
  PresetDto,
  RunDetail,
  RunListFilter,
  RunRow,
  SeriesDto,
  SweepDetail,
  SweepRow,
  WorkspaceInfo,
} from '../api/lab-api';
import { LAB_API_VERSION } from '../api/lab-api';
import { toSeriesDto } from '../api/series-dto';
import { describeRange, fieldTable } from '../config/fields';
import { PRESETS } from '../config/presets';
import { defaultPackPath, exportFigurePack, importFigurePack, standardFigures } from '../export/figure-pack';
import { forkTransport, type EngineTransport } from '../engine-host/engine-transport';
import { Orchestrator } from '../engine-host/orchestrator';
import { currentCellTable, storeCurrentCellStats } from '../sweeps/current-cells';
import { JOINT_OUTCOME_LABELS } from '../runs/run-outcome';
import { predictedBoundary } from '../sweeps/phase-boundary';
import { seedBands } from '../sweeps/seed-bands';
import { storedSweepAxes } from '../sweeps/sweep-spec';
import { appVersion } from '../workspace/app-version';
import type { SweepRecord } from '../workspace/run-types';
import { Workspace } from '../workspace/workspace';
import { checkConfig, requireValidConfig } from './config-check';
import { sampleData } from './data-samples';
import { overlayRuns } from './run-overlay';
import { engineInfo } from './engine-info';
import { EventHub } from './event-hub';
import { ProgressRelay } from './progress-relay';
import { launchRun, type ActiveRun } from './run-launcher';
import { toRunRow, toRunRows, toSweepRow } from './run-dto';
import { launchSweep, type ActiveSweep } from './sweep-launcher';
import { checkRunner } from './check-launcher';
import { openSweepQueue, queueActivityDto } from './queue-sweep';
import { comparisonRunner } from './comparison-launcher';
import { copyWorkspaceFile } from './workspace-copy';

export interface LabServiceOptions {
  /** Opened (created if absent) at start. */
  workspacePath: string;
  host: 'electron' | 'server';
  /** How to reach engine host processes; default forkTransport() (the Electron shell passes a utilityProcess one). */
  transport?: EngineTransport;
  appVersion?: string;
  /** Most milliseconds between `run-progress` events of one run and mode (default 100). */
  progressIntervalMs?: number;
  /** How long close() waits for cancelled work to record its end (default 15 s). */
  closeTimeoutMs?: number;
}

export interface LabService extends LabApi {
  /** Cancels running work cleanly, marks runs, closes the workspace. */
  close(): Promise<void>;
  /** Opens (or creates) another workspace file; refused while runs are active. Emits workspace-changed. */
  switchWorkspace(path: string): Promise<WorkspaceInfo>;
  /** Copies the open workspace to `path`, then switches to the copy. */
  saveWorkspaceAs(path: string): Promise<WorkspaceInfo>;
}

function workspaceInfo(workspace: Workspace): WorkspaceInfo {
  return { name: path.basename(workspace.file), path: workspace.file };
}

function requirePath(value: unknown, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new LabRequestError(`${what} needs a file path`, 'bad-request');
  return path.resolve(value);
}

export function createLabService(options: LabServiceOptions): LabService {
  let workspace = Workspace.open(requirePath(options.workspacePath, 'the lab service'));
  const hub = new EventHub();
  const emit = (event: LabEvent): void => hub.emit(event);
  const relay = new ProgressRelay(emit, options.progressIntervalMs ?? 100);
  const orchestrator = new Orchestrator({ transport: options.transport ?? forkTransport(), progressIntervalMs: 100 });
  const runs = new Map<number, ActiveRun>();
  const sweeps = new Map<number, ActiveSweep>();
  const check = checkRunner({ workspace: () => open(), orchestrator, emit });
  const comparison = comparisonRunner({ workspace: () => open(), orchestrator, emit });
  let closing: Promise<void> | null = null;

  const open = (): Workspace => {
    if (closing) throw new Error('the lab is closing');
    return workspace;
  };

  const noRun = (id: number): Error =>
    new LabRequestError(`there is no run ${id} in the workspace ${path.basename(workspace.file)}`, 'not-found');
  const requireSweep = (id: number): SweepRecord => {
    const sweep = open().getSweep(id);
    if (!sweep) throw new LabRequestError(`there is no sweep ${id} in the workspace ${path.basename(workspace.file)}`, 'not-found');
    return sweep;
  };
  /** Progress of a sweep this process is running (null when it is not running here). */
  const activeProgress = (id: number): SweepRow['active'] => {
    const active = sweeps.get(id);
    return active && !active.ended ? active.progress : null;
  };
  const runRow = (id: number): RunRow => {
    const run = open().getRun(id);
    if (!run) throw noRun(id);
    return toRunRow(run, workspace.experimentNames([id]).get(id) ?? null, run.summary, run.config);
  };
  const busyMessage = (action: string): string | null => {
    if (runs.size === 0 && sweeps.size === 0 && !check.running && !comparison.running) return null;
    const parts = [
      runs.size ? `${runs.size} run${runs.size > 1 ? 's' : ''}` : '',
      sweeps.size ? `${sweeps.size} sweep${sweeps.size > 1 ? 's' : ''}` : '',
      check.running ? 'the paper check' : '',
      comparison.running ? 'the remedy comparison' : '',
    ].filter(Boolean);
    return `cannot ${action} while ${parts.join(' and ')} ${parts.length > 1 || runs.size + sweeps.size > 1 ? 'are' : 'is'} in progress; cancel them or wait for them to finish`;
  };

  const switchTo = (file: string): WorkspaceInfo => {
    const busy = busyMessage('switch workspaces');
    if (busy) throw new LabRequestError(busy, 'conflict');
    if (file === workspace.file) return workspaceInfo(workspace);
    const next = Workspace.open(file);
    workspace.close();
    workspace = next;
    const info = workspaceInfo(workspace);
    emit({ type: 'workspace-changed', workspace: info });
    return info;
  };

  const service: LabService = {
    async info(): Promise<LabInfo> {
      return {
        apiVersion: LAB_API_VERSION,
        appVersion: options.appVersion ?? appVersion(),
        host: options.host,
        workspace: workspaceInfo(open()),
        engine: engineInfo(),
      };
    },

    async fields(): Promise<FieldDto[]> {
      return fieldTable().map((field) => ({ ...field, range: describeRange(field) }));
    },

    async presets(): Promise<PresetDto[]> {
      return PRESETS.map((p) => ({ name: p.name, description: p.description, config: p.config as Record<string, unknown> }));
    },

    async validateConfig({ config }) {
      return checkConfig(config);
    },

    async startRun({ config, experiment }) {
      const valid = requireValidConfig(config);
      const run = launchRun({ workspace: open(), orchestrator, relay, emit, onEnded: (id) => runs.delete(id) }, valid, experiment);
      // A run that ended before this line (an engine that refused at once) is not active.
      if (!run.ended) runs.set(run.runId, run);
      return { runId: run.runId };
    },

    async cancelRun({ runId }) {
      const active = runs.get(runId);
      if (active) return active.cancel();
      const run = open().getRun(runId);
      if (!run) throw noRun(runId);
      throw new LabRequestError(`run ${runId} is not running (it is ${run.status})`, 'conflict');
    },

    async listRuns(filter: RunListFilter = {}) {
      const ws = open();
      return toRunRows(ws, ws.listRuns({ ...filter }));
    },

    async getRun({ runId }): Promise<RunDetail> {
      const ws = open();
      const run = ws.getRun(runId);
      if (!run) throw noRun(runId);
      const series: Record<string, SeriesDto> = {};
      for (const [mode, s] of ws.getSeries(runId)) series[mode] = toSeriesDto(s);
      return {
        run: toRunRow(run, ws.experimentNames([runId]).get(runId) ?? null, run.summary, run.config),
        config: run.config as Record<string, unknown>,
        summary: run.summary,
        notes: run.notes,
        series,
      };
    },

    async tagRun({ runId, add, remove }) {
      const ws = open();
      if (!ws.getRun(runId)) throw noRun(runId);
      if (add?.length)
        ws.addTags(
          runId,
          add.map((t) => t.trim()),
        );
      if (remove?.length)
        ws.removeTags(
          runId,
          remove.map((t) => t.trim()),
        );
      return runRow(runId);
    },

    async noteRun({ runId, text }) {
      const ws = open();
      if (!ws.getRun(runId)) throw noRun(runId);
      ws.addNote(runId, text.trim());
    },

    async deleteRuns({ runIds }) {
      const ws = open();
      const ids = [...new Set(runIds)];
      const missing = ids.filter((id) => !ws.getRun(id));
      if (missing.length)
        throw new LabRequestError(
          `nothing was deleted: there is no run ${missing.join(', ')} in the workspace ${path.basename(ws.file)}`,
          'not-found',
        );
      const active = ids.filter((id) => runs.has(id) || ws.getRun(id)?.status === 'running');
      if (active.length)
        throw new LabRequestError(`nothing was deleted: run ${active.join(', ')} is still running; cancel it first`, 'conflict');
      const sweepIds = ids.flatMap((id) => ws.getRun(id)?.sweepId ?? []);
      const deleted = ws.deleteRuns(ids);
      // The sweeps these runs belonged to keep statistics over the runs they still hold.
      storeCurrentCellStats(ws, sweepIds);
      return { deleted };
    },

    async listSweeps(): Promise<SweepRow[]> {
      const ws = open();
      return ws.listSweeps().map((sweep) => toSweepRow(ws, sweep, activeProgress(sweep.id)));
    },

    async getSweep({ sweepId }): Promise<SweepDetail> {
      const ws = open();
      const sweep = requireSweep(sweepId);
      const table = currentCellTable(ws, sweepId);
      const runIds = new Map<number, number[]>();
      for (const run of ws.sweepRuns(sweepId).values()) runIds.set(run.cellIndex, [...(runIds.get(run.cellIndex) ?? []), run.id]);
      const axes = storedSweepAxes(sweep.spec, () => table[0]?.coords);
      return {
        sweep: { ...toSweepRow(ws, sweep, activeProgress(sweepId), axes), spec: sweep.spec },
        cells: table.map((cell) => ({ ...cell, runIds: (runIds.get(cell.cellIndex) ?? []).sort((a, b) => a - b) })),
        predictedBoundary: predictedBoundary(table, axes),
        outcomeLabels: { ...JOINT_OUTCOME_LABELS },
      };
    },

    async cellBands({ sweepId, cellIndex }): Promise<CellBandsDto> {
      const ws = open();
      const sweep = requireSweep(sweepId);
      if (cellIndex >= sweep.cellCount) {
        throw new LabRequestError(`sweep ${sweepId} has no cell ${cellIndex} (its cells are 0 to ${sweep.cellCount - 1})`, 'not-found');
      }
      const runIds = [...ws.sweepRuns(sweepId).values()]
        .filter((r) => r.cellIndex === cellIndex)
        .map((r) => r.id)
        .sort((a, b) => a - b);
      const byMode = new Map<string, SeriesDto[]>();
      for (const runId of runIds) {
        for (const [mode, series] of ws.getSeries(runId)) byMode.set(mode, [...(byMode.get(mode) ?? []), toSeriesDto(series)]);
      }
      const modes: CellBandsDto['modes'] = {};
      for (const [mode, list] of byMode) {
        const scalars = [...new Set(list.flatMap((s) => Object.keys(s.scalars)))];
        modes[mode] = Object.fromEntries(scalars.map((name) => [name, seedBands(list, name)]));
      }
      return { sweepId, cellIndex, runIds, modes };
    },

    async startSweep({ spec, queue: url }) {
      const queue = url === undefined ? undefined : await openSweepQueue(spec, url);
      let sweep: ActiveSweep;
      try {
        sweep = launchSweep({ workspace: open(), orchestrator, emit, onEnded: (id) => sweeps.delete(id), queue }, spec, (id) =>
          sweeps.has(id),
        );
      } catch (err) {
        await queue?.close();
        throw err;
      }
      if (!sweep.ended) sweeps.set(sweep.sweepId, sweep);
      return { sweepId: sweep.sweepId };
    },

    async queueActivity({ sweepId }) {
      const queue = sweeps.get(sweepId)?.queue;
      return queue ? queueActivityDto(queue) : null;
    },

    async cancelSweep({ sweepId }) {
      const active = sweeps.get(sweepId);
      if (active) return active.cancel();
      requireSweep(sweepId);
      throw new LabRequestError(`sweep ${sweepId} is not running`, 'conflict');
    },

    async overlayRuns({ runIds, mode, scalar }) {
      return overlayRuns(open(), runIds, mode, scalar);
    },

    async sampleData({ config, samples, coordinates }) {
      return sampleData(requireValidConfig(config), { samples, coordinates });
    },

    async listFigures() {
      return standardFigures();
    },

    async exportPack(request): Promise<ExportResultDto> {
      const ws = open();
      if (request.runId !== undefined && !ws.getRun(request.runId)) throw noRun(request.runId);
      if (request.sweepId !== undefined) requireSweep(request.sweepId);
      const out = request.out !== undefined ? path.resolve(request.out) : defaultPackPath(ws.file, request);
      if (request.comparison) {
        const last = comparison.report();
        if (!last)
          throw new LabRequestError('no remedy comparison has run in this lab session; start one, then export its figures', 'conflict');
        if (last.workspaceFile !== ws.file)
          throw new LabRequestError(
            `the last remedy comparison ran in another workspace (${last.workspaceFile}); run it again in this one to export its figures`,
            'conflict',
          );
        // Loaded only when asked: the renderers are already in, the comparison's figures are not.
        const { exportComparisonPack } = await import('../export/comparison-pack');
        return exportComparisonPack(ws, last.report, { out, formats: request.formats, dpi: request.dpi });
      }
      return exportFigurePack(ws, { ...request, out });
    },

    async importPack({ path: packPath }) {
      return importFigurePack(open(), path.resolve(packPath));
    },

    async startCheck(request) {
      open();
      return check.start(request);
    },

    async cancelCheck() {
      check.cancel();
    },

    async checkState() {
      return check.state();
    },

    async startComparison(request) {
      open();
      return comparison.start(request);
    },

    async cancelComparison() {
      comparison.cancel();
    },

    async comparisonState() {
      return comparison.state();
    },

    subscribe(listener) {
      return hub.subscribe(listener);
    },

    async switchWorkspace(file) {
      open();
      return switchTo(requirePath(file, 'switching workspaces'));
    },

    async saveWorkspaceAs(file) {
      open();
      const target = requirePath(file, 'saving the workspace');
      const busy = busyMessage('save the workspace under another name');
      if (busy) throw new LabRequestError(busy, 'conflict');
      if (target === workspace.file) return workspaceInfo(workspace);
      await copyWorkspaceFile(workspace.file, target);
      return switchTo(target);
    },

    close() {
      closing ??= closeAll();
      return closing;
    },
  };

  async function closeAll(): Promise<void> {
    const comparing = comparison.running;
    const checking = check.running || comparing;
    const work = [...[...runs.values()].map((r) => r.done), ...[...sweeps.values()].map((s) => s.done), check.done(), comparison.done()];
    if (check.running) check.cancel();
    if (comparing) comparison.cancel();
    for (const sweep of sweeps.values()) sweep.cancel();
    for (const run of runs.values()) run.cancel();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), options.closeTimeoutMs ?? 15_000)));
    const outcome = await Promise.race([Promise.all(work).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      // An engine that did not stop in time: its runs did not finish, and the file says so.
      for (const run of runs.values()) run.interrupt('the lab closed before this run stopped');
      // The check's and the comparison's sweeps are not in `sweeps`: when one was running, every sweep run still running is its own or a sweep's.
      const sweepIds = checking
        ? [...new Set(workspace.listRuns({ status: 'running' }).flatMap((r) => (r.sweepId === null ? [] : [r.sweepId])))]
        : [...sweeps.keys()];
      for (const sweepId of sweepIds) {
        const left = workspace.listRuns({ sweepId, status: 'running' }).map((r) => r.id);
        if (left.length) workspace.endRuns(left, 'interrupted', 'the lab closed before this run stopped');
      }
    }
    relay.flush();
    relay.close();
    orchestrator.close();
    workspace.close();
    hub.clear();
  }

  return service;
}
