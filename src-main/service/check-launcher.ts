/**
 * Runs the paper check for the service, one at a time: its runs train as sweeps of the workspace
 * through the shared orchestrator (resumable, browsable like any sweep), its progress goes out as
 * `check-progress` events, and its report is kept for `checkState`. Cancelling stops after the
 * runs in training; the report then covers the finished runs, and a new start continues.
 */
import type { CheckProgressDto, CheckRequestDto, CheckStateDto, LabEvent } from '../api/lab-api';
import type { Orchestrator } from '../engine-host/orchestrator';
import { STATISTICS } from '../science/claims';
import { defaultCheckOptions, planCheck, runCheck, type CheckOptions } from '../science/paper-check';
import { planBackend } from '../sweeps/sweep-backend';
import type { Workspace } from '../workspace/workspace';
import { longJob, type LongJob } from './long-job';

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

export type CheckRunner = LongJob<CheckRequestDto, CheckStateDto>;

export function checkRunner(context: CheckContext): CheckRunner {
  return longJob<CheckRequestDto, CheckStateDto['report'], CheckProgressDto, CheckStateDto>({
    what: 'paper check',
    initial: { status: 'idle', request: null, progress: null, report: null, thresholds: checkThresholds(), error: null },
    orchestrator: context.orchestrator,
    prepare(request) {
      const options = checkOptionsOf(request);
      const backend = planBackend(planCheck(options)[0]!.plan);
      const workspace = context.workspace();
      return async (run) => {
        const report = await runCheck({ workspace, options, backend, ...run });
        return { report: report as CheckStateDto['report'], cancelled: false };
      };
    },
    emitProgress: (progress) => context.emit({ type: 'check-progress', ...progress }),
    emitEnded: (status, error) => context.emit({ type: 'check-ended', status, error }),
  });
}
