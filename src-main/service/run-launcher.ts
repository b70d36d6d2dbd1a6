/**
 * Starts one recorded run for the service and reports it as events: `run-started` at once,
 * `run-progress` while it trains (through the relay), `run-ended` with the final status. The run
 * row exists before this returns, so the caller has its id immediately.
 */
import type { LabEvent } from '../api/lab-api';
import { toRunSpec } from '../config/resolve';
import type { RunConfig } from '../config/schema';
import { selectEngine } from '../engine/select-engine';
import type { Orchestrator } from '../engine-host/orchestrator';
import { beginRecordedRun } from '../runs/record-run';
import { buildSummary } from '../runs/run-summary';
import type { Workspace } from '../workspace/workspace';
import type { ProgressRelay } from './progress-relay';

/** Single runs a person is watching go ahead of queued sweep batches. */
export const RUN_PRIORITY = 10;

export interface RunContext {
  workspace: Workspace;
  orchestrator: Orchestrator;
  relay: ProgressRelay;
  emit(event: LabEvent): void;
  /** Called as the run ends, before `run-ended` is sent (the service stops counting it as active). */
  onEnded(runId: number): void;
}

export interface ActiveRun {
  runId: number;
  /** Settles once the run's end is recorded and `run-ended` sent; never rejects. */
  done: Promise<void>;
  /** True once the run's end is recorded and sent. */
  readonly ended: boolean;
  cancel(): void;
  /** For a lab that closes before the run stops: marks it interrupted. */
  interrupt(reason: string): void;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function launchRun(context: RunContext, config: RunConfig, experiment?: string): ActiveRun {
  const { workspace, orchestrator, relay, emit, onEnded } = context;
  const engine = selectEngine(config.backend);
  const run = beginRecordedRun({ workspace, engine, orchestrator, config, experiment, priority: RUN_PRIORITY });
  const runId = run.runId;
  const controller = new AbortController();
  let ended = false;
  const end = (status: 'finished' | 'cancelled' | 'failed' | 'interrupted', error: string | null): void => {
    if (ended) return;
    ended = true;
    onEnded(runId);
    relay.flush(runId);
    emit({ type: 'run-ended', runId, status, error });
  };
  emit({ type: 'run-started', runId, modes: config.train.modes, stepsTotal: config.train.steps });

  const train = async (): Promise<void> => {
    let result;
    try {
      result = await run.engine.train(toRunSpec(config), {
        signal: controller.signal,
        onProgress: (batch) => {
          run.progress(batch);
          relay.push(runId, batch);
        },
      });
    } catch (err) {
      if (ended) return;
      if (controller.signal.aborted) {
        run.stop('cancelled', 'cancelled by the user before it started');
        return end('cancelled', null);
      }
      run.fail(err);
      return end('failed', messageOf(err));
    }
    if (ended) return;
    const summary = buildSummary({ config, result, backendUsed: engine.name, cancelled: controller.signal.aborted });
    run.finish(result, summary);
    end(summary.cancelled ? 'cancelled' : 'finished', null);
  };
  const done = train().catch((err: unknown) => {
    // Writing the end failed (disk full, workspace closed): say so; the row is left for the next open to mark.
    end('failed', `the run's end could not be recorded: ${messageOf(err)}`);
  });
  return {
    runId,
    done,
    get ended() {
      return ended;
    },
    cancel: () => controller.abort(),
    interrupt(reason) {
      if (ended) return;
      controller.abort();
      try {
        run.stop('interrupted', reason);
      } finally {
        end('interrupted', reason);
      }
    },
  };
}
