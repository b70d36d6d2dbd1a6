/**
 * Runs the paper check for the service, one at a time: its runs train as sweeps of the workspace
 * through the shared orchestrator (resumable, browsable like any sweep), its progress goes out as
 * `check-progress` events, and its report is kept for `checkState`. Cancelling stops after the
 * runs in training; the report then covers the finished runs, and a new start continues.
 */
import { LabRequestError } from '../api/api-errors';
import type { CheckRequestDto, CheckStateDto, LabEvent } from '../api/lab-api';
import type { Orchestrator } from '../engine-host/orchestrator';
import { STATISTICS } from '../science/claims';
import { defaultCheckOptions, planCheck, runCheck, type CheckOptions } from '../science/paper-check';
import { planBackend } from '../sweeps/sweep-backend';
import { localExecutor } from '../sweeps/sweep-executor';
import type { Workspace } from '../workspace/workspace';

const PROGRESS_INTERVAL_MS = 250;

export interface CheckContext {
  workspace: () => Workspace;
  orchestrator: Orchestrator;
  emit(event: LabEvent): void;
}

/** Each rate's threshold and each mean's tolerance, by statistic id. */
export function checkThresholds(): Record<string, number> {
  return Object.fromEntries(STATISTICS.map((s) => [s.id, s.kind === 'rate' ? s.threshold : s.tolerance]));
}

export function checkOptionsOf(request: CheckRequestDto): CheckOptions {
  const defaults = defaultCheckOptions(request.quick ?? false);
  return {
    ...defaults,
    seeds: request.seeds ?? defaults.seeds,
    seedStart: request.seedStart ?? defaults.seedStart,
    maps: request.maps ?? defaults.maps,
    mapSeeds: request.mapSeeds ?? defaults.mapSeeds,
    backend: request.backend ?? defaults.backend,
    precision: request.precision ?? defaults.precision,
    set: request.set ?? [],
  };
}

export interface CheckRunner {
  start(request: CheckRequestDto): CheckStateDto;
  cancel(): void;
  state(): CheckStateDto;
  readonly running: boolean;
  /** Settles when the running check (if any) has ended. */
  done(): Promise<void>;
}

export function checkRunner(context: CheckContext): CheckRunner {
  let state: CheckStateDto = { status: 'idle', request: null, progress: null, report: null, thresholds: checkThresholds(), error: null };
  let work: Promise<void> = Promise.resolve();
  let cancel: (() => void) | null = null;
  const snapshot = (): CheckStateDto => structuredClone(state);

  return {
    get running() {
      return state.status === 'running';
    },
    state: snapshot,
    done: () => work,
    cancel() {
      if (state.status !== 'running' || !cancel) throw new LabRequestError('no paper check is running', 'conflict');
      cancel();
    },
    start(request) {
      if (state.status === 'running')
        throw new LabRequestError('a paper check is already running; cancel it or wait for it to finish', 'conflict');
      const options = checkOptionsOf(request);
      // Planned here, so a bad setting is refused at once with the setting's name.
      const planned = planCheck(options);
      const backend = planBackend(planned[0]!.plan);
      const workspace = context.workspace();
      const executor = localExecutor(context.orchestrator);
      let stopped = false;
      cancel = () => {
        stopped = true;
        executor.cancel();
      };
      state = { ...state, status: 'running', request, progress: null, report: null, error: null };
      let lastSent = -Infinity;
      let lastDone = -1;
      work = (async () => {
        try {
          const report = await runCheck({
            workspace,
            options,
            executor,
            backend,
            stopped: () => stopped,
            onProgress: (p) => {
              state = { ...state, progress: { ...p } };
              // Every run that ends is reported; the rest at most four times a second.
              if (p.done + p.failed === lastDone && Date.now() - lastSent < PROGRESS_INTERVAL_MS) return;
              lastDone = p.done + p.failed;
              lastSent = Date.now();
              context.emit({ type: 'check-progress', ...p });
            },
          });
          const status = stopped ? 'cancelled' : 'finished';
          state = { ...state, status, report: report as CheckStateDto['report'] };
          context.emit({ type: 'check-ended', status, error: null });
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          state = { ...state, status: 'failed', error: message };
          context.emit({ type: 'check-ended', status: 'failed', error: message });
        } finally {
          cancel = null;
        }
      })();
      return snapshot();
    },
  };
}
