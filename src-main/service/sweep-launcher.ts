/**
 * Starts a sweep for the service: the sweep is recorded (or found, when the same spec was run
 * before) before this returns, so the caller has its id at once; the runs train in batches
 * through the shared orchestrator and the sweep reports `sweep-progress` and `sweep-ended`. A
 * sweep started again continues where it stopped (finished runs are skipped).
 */
import { LabRequestError } from '../api/api-errors';
import type { LabEvent, SweepProgressDto } from '../api/lab-api';
import type { Orchestrator } from '../engine-host/orchestrator';
import { planBackend } from '../sweeps/sweep-backend';
import { sweepPace } from '../sweeps/sweep-eta';
import { localExecutor } from '../sweeps/sweep-executor';
import type { QueueExecutor } from '../sweeps/queue/queue-executor';
import { ensurePlannedSweep, runSweep } from '../sweeps/sweep-runner';
import { planSweep } from '../sweeps/sweep-spec';
import type { Workspace } from '../workspace/workspace';

const PROGRESS_INTERVAL_MS = 250;

export interface SweepContext {
  workspace: Workspace;
  orchestrator: Orchestrator;
  emit(event: LabEvent): void;
  /** Called as the sweep ends, before `sweep-ended` is sent. */
  onEnded(sweepId: number): void;
  /** Sends the batches to this queue (opened by the caller, closed here when the sweep ends). */
  queue?: QueueExecutor;
}

export interface ActiveSweep {
  sweepId: number;
  done: Promise<void>;
  readonly ended: boolean;
  /** Runs done (trained, failed or skipped as already finished) of the total and the time left, as last reported. */
  readonly progress: SweepProgressDto;
  cancel(): void;
  /** The queue this sweep's batches go to, or null when it trains here. */
  readonly queue: QueueExecutor | null;
}

export function launchSweep(context: SweepContext, rawSpec: unknown, isRunning: (sweepId: number) => boolean): ActiveSweep {
  const { workspace, orchestrator, onEnded } = context;
  let ended = false;
  const emit = (event: LabEvent): void => {
    if (event.type === 'sweep-ended') {
      ended = true;
      onEnded(event.sweepId);
    }
    context.emit(event);
  };
  const plan = planSweep(rawSpec, 'sweep spec');
  const backend = planBackend(plan);
  const { sweep } = ensurePlannedSweep(workspace, plan);
  const sweepId = sweep.id;
  if (isRunning(sweepId)) throw new LabRequestError(`sweep ${sweepId} ("${sweep.name}") is already running`, 'conflict');
  // Taken now, not when training begins, so a sweep another process trains is refused by this
  // call with the holder's name instead of ending at once as failed.
  workspace.claimSweep(sweepId);
  const queue = context.queue ?? null;
  const executor = queue ?? localExecutor(orchestrator);
  let cancelled = false;
  // Kept from the last progress report, so a page that (re)loads mid-sweep can show it at once.
  let progress: SweepProgressDto = { done: 0, total: plan.runs.length, etaSeconds: null };
  const startedAt = Date.now();
  let lastSent = -Infinity;

  const work = async (): Promise<void> => {
    try {
      const report = await runSweep({
        workspace,
        plan,
        executor,
        backend,
        resume: true,
        // A queue gets every batch at once, so workers on any number of hosts find work.
        inFlight: queue ? Number.MAX_SAFE_INTEGER : undefined,
        onProgress: (p) => {
          const next = sweepPace(p, (Date.now() - startedAt) / 1000);
          const changed = next.done !== progress.done;
          progress = next;
          // Every run that ends is reported; the shares of runs in training at most 4 times a second.
          if (!changed && Date.now() - lastSent < PROGRESS_INTERVAL_MS) return;
          lastSent = Date.now();
          emit({ type: 'sweep-progress', sweepId, ...progress });
        },
      });
      if (cancelled || report.cancelled > 0) emit({ type: 'sweep-ended', sweepId, status: 'cancelled', error: null });
      else if (report.failed > 0) {
        emit({
          type: 'sweep-ended',
          sweepId,
          status: 'failed',
          error: `${report.failed} of ${report.total} runs failed; see the runs of this sweep for the reasons`,
        });
      } else emit({ type: 'sweep-ended', sweepId, status: 'finished', error: null });
    } catch (err) {
      emit({ type: 'sweep-ended', sweepId, status: 'failed', error: err instanceof Error ? err.message : String(err) });
    } finally {
      await queue?.close();
    }
  };
  return {
    sweepId,
    done: work(),
    get ended() {
      return ended;
    },
    get progress() {
      return { ...progress };
    },
    cancel() {
      cancelled = true;
      executor.cancel();
    },
    queue,
  };
}
