/**
 * Runs the remedy comparison for the service, one at a time, through the same core as
 * `modcomp compare-remedies` (science/remedy-comparison.ts): its runs train as sweeps of the
 * workspace through the shared orchestrator (resumable, browsable like any sweep), its progress
 * goes out as `comparison-progress` events, and its report is kept for `comparisonState` and the
 * figure-pack export. Cancelling stops after the runs in training; the report then covers the
 * finished runs, and a new start with the same options continues.
 */
import { LabRequestError } from '../api/api-errors';
import type { ComparisonRequestDto, ComparisonStateDto, LabEvent } from '../api/lab-api';
import { findPreset, presetNames } from '../config/presets';
import type { Orchestrator } from '../engine-host/orchestrator';
import {
  DEFAULT_COMPARISON_SEEDS,
  planComparison,
  runComparison,
  type ComparisonOptions,
  type ComparisonReport,
} from '../science/remedy-comparison';
import { planBackend } from '../sweeps/sweep-backend';
import { localExecutor } from '../sweeps/sweep-executor';
import type { Workspace } from '../workspace/workspace';

const PROGRESS_INTERVAL_MS = 250;

export interface ComparisonContext {
  workspace: () => Workspace;
  orchestrator: Orchestrator;
  emit(event: LabEvent): void;
}

/** The comparison's options for a request; every arm trains on the CPU (CUDA trains no remedy). */
export function comparisonOptionsOf(request: ComparisonRequestDto): ComparisonOptions {
  const preset = request.preset ?? 'competition';
  if (!findPreset(preset))
    throw new LabRequestError(`unknown preset "${preset}"; choose one of ${presetNames().join(', ')}`, 'bad-request');
  return {
    preset,
    seeds: request.seeds ?? DEFAULT_COMPARISON_SEEDS,
    seedStart: request.seedStart ?? 1,
    backend: 'cpu',
    precision: request.precision ?? 'f32',
    set: request.set ?? [],
  };
}

export interface ComparisonRunner {
  start(request: ComparisonRequestDto): ComparisonStateDto;
  cancel(): void;
  state(): ComparisonStateDto;
  /** The last report in the science layer's own shape (for the figure pack) and the workspace it ran in, or null. */
  report(): { report: ComparisonReport; workspaceFile: string } | null;
  readonly running: boolean;
  /** Settles when the running comparison (if any) has ended. */
  done(): Promise<void>;
}

export function comparisonRunner(context: ComparisonContext): ComparisonRunner {
  let state: ComparisonStateDto = { status: 'idle', request: null, progress: null, report: null, error: null };
  let lastReport: { report: ComparisonReport; workspaceFile: string } | null = null;
  let work: Promise<void> = Promise.resolve();
  let cancel: (() => void) | null = null;
  const snapshot = (): ComparisonStateDto => structuredClone(state);

  return {
    get running() {
      return state.status === 'running';
    },
    state: snapshot,
    report: () => lastReport,
    done: () => work,
    cancel() {
      if (state.status !== 'running' || !cancel) throw new LabRequestError('no remedy comparison is running', 'conflict');
      cancel();
    },
    start(request) {
      if (state.status === 'running')
        throw new LabRequestError('a remedy comparison is already running; cancel it or wait for it to finish', 'conflict');
      const options = comparisonOptionsOf(request);
      // Planned here, so a bad setting is refused at once with the setting's name.
      const planned = planComparison(options);
      planBackend(planned[0]!.plan); // refuses, with the reason, when the native engine is missing
      const workspace = context.workspace();
      const executor = localExecutor(context.orchestrator);
      let stopped = false;
      cancel = () => {
        stopped = true;
        executor.cancel();
      };
      state = { ...state, status: 'running', request, progress: null, report: null, error: null };
      lastReport = null;
      let lastSent = -Infinity;
      let lastDone = -1;
      work = (async () => {
        try {
          const result = await runComparison({
            workspace,
            options,
            executor,
            backend: 'cpu',
            stopped: () => stopped,
            onProgress: (p) => {
              state = { ...state, progress: { ...p } };
              // Every run that ends is reported; the rest at most four times a second.
              if (p.done + p.failed === lastDone && Date.now() - lastSent < PROGRESS_INTERVAL_MS) return;
              lastDone = p.done + p.failed;
              lastSent = Date.now();
              context.emit({ type: 'comparison-progress', ...p });
            },
          });
          const status = stopped || result.cancelled ? 'cancelled' : 'finished';
          lastReport = { report: result.report, workspaceFile: workspace.file };
          state = { ...state, status, report: result.report as ComparisonStateDto['report'] };
          context.emit({ type: 'comparison-ended', status, error: null });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          state = { ...state, status: 'failed', error: message };
          context.emit({ type: 'comparison-ended', status: 'failed', error: message });
        } finally {
          cancel = null;
        }
      })();
      return snapshot();
    },
  };
}
