/**
 * One long job of the service at a time (the paper check, the remedy comparison): a job trains
 * its runs as sweeps of the workspace through the shared orchestrator, reports progress (every
 * run that ends, the rest at most four times a second), keeps its state for the views to read,
 * and stops after the runs in training when cancelled. The jobs differ only in how a request is
 * checked and planned and what their report is; this is the part they share.
 */
import { LabRequestError } from '../api/api-errors';
import type { Orchestrator } from '../engine-host/orchestrator';
import { localExecutor, type SweepExecutor } from '../sweeps/sweep-executor';

const PROGRESS_INTERVAL_MS = 250;

export type JobStatus = 'idle' | 'running' | 'finished' | 'cancelled' | 'failed';

export interface JobState<Request, Report, Progress> {
  status: JobStatus;
  request: Request | null;
  progress: Progress | null;
  report: Report | null;
  error: string | null;
}

/** What a prepared job is given to train with. */
export interface JobRun<Progress> {
  executor: SweepExecutor;
  stopped: () => boolean;
  onProgress: (progress: Progress) => void;
}

export interface LongJobDef<
  Request,
  Report,
  Progress extends { done: number; failed: number },
  State extends JobState<Request, Report, Progress>,
> {
  /** The job's name in messages ("paper check"). */
  what: string;
  initial: State;
  orchestrator: Orchestrator;
  /**
   * Checks and plans a request before anything trains (so a bad setting is refused at once, with
   * its name) and returns the training, which resolves to the report and whether it was cut short.
   */
  prepare(request: Request): (run: JobRun<Progress>) => Promise<{ report: Report; cancelled: boolean }>;
  emitProgress(progress: Progress): void;
  emitEnded(status: 'finished' | 'cancelled' | 'failed', error: string | null): void;
}

export interface LongJob<Request, State> {
  start(request: Request): State;
  cancel(): void;
  state(): State;
  readonly running: boolean;
  /** Settles when the running job (if any) has ended. */
  done(): Promise<void>;
}

export function longJob<
  Request,
  Report,
  Progress extends { done: number; failed: number },
  State extends JobState<Request, Report, Progress>,
>(def: LongJobDef<Request, Report, Progress, State>): LongJob<Request, State> {
  let state: State = def.initial;
  let work: Promise<void> = Promise.resolve();
  let cancel: (() => void) | null = null;
  const snapshot = (): State => structuredClone(state);

  return {
    get running() {
      return state.status === 'running';
    },
    state: snapshot,
    done: () => work,
    cancel() {
      if (state.status !== 'running' || !cancel) throw new LabRequestError(`no ${def.what} is running`, 'conflict');
      cancel();
    },
    start(request) {
      if (state.status === 'running')
        throw new LabRequestError(`a ${def.what} is already running; cancel it or wait for it to finish`, 'conflict');
      const train = def.prepare(request);
      const executor = localExecutor(def.orchestrator);
      let stopped = false;
      cancel = () => {
        stopped = true;
        executor.cancel();
      };
      state = { ...state, status: 'running', request, progress: null, report: null, error: null };
      let lastSent = -Infinity;
      let lastDone = -1;
      const onProgress = (progress: Progress): void => {
        state = { ...state, progress: { ...progress } };
        if (progress.done + progress.failed === lastDone && Date.now() - lastSent < PROGRESS_INTERVAL_MS) return;
        lastDone = progress.done + progress.failed;
        lastSent = Date.now();
        def.emitProgress(progress);
      };
      work = (async () => {
        try {
          const result = await train({ executor, stopped: () => stopped, onProgress });
          const status = stopped || result.cancelled ? 'cancelled' : 'finished';
          state = { ...state, status, report: result.report };
          def.emitEnded(status, null);
        } catch (err) {
          const message = err instanceof Error ? err.message : String(err);
          state = { ...state, status: 'failed', error: message };
          def.emitEnded('failed', message);
        } finally {
          cancel = null;
        }
      })();
      return snapshot();
    },
  };
}
