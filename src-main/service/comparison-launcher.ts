/**
 * Runs the remedy comparison for the service, one at a time, through the same core as
 * `modcomp compare-remedies` (science/remedy-comparison.ts): its runs train as sweeps of the
 * workspace through the shared orchestrator (resumable, browsable like any sweep), its progress
 * goes out as `comparison-progress` events, and its report is kept for `comparisonState` and the
 * figure-pack export. Cancelling stops after the runs in training; the report then covers the
 * finished runs, and a new start with the same options continues.
 */
import { LabRequestError } from '../api/api-errors';
import type { ComparisonProgressDto, ComparisonRequestDto, ComparisonStateDto, LabEvent } from '../api/lab-api';
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
import type { Workspace } from '../workspace/workspace';
import { longJob, type LongJob } from './long-job';

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

export interface ComparisonRunner extends LongJob<ComparisonRequestDto, ComparisonStateDto> {
  /** The last report in the science layer's own shape (for the figure pack) and the workspace it ran in, or null. */
  report(): { report: ComparisonReport; workspaceFile: string } | null;
}

export function comparisonRunner(context: ComparisonContext): ComparisonRunner {
  let lastReport: { report: ComparisonReport; workspaceFile: string } | null = null;
  const job = longJob<ComparisonRequestDto, ComparisonStateDto['report'], ComparisonProgressDto, ComparisonStateDto>({
    what: 'remedy comparison',
    initial: { status: 'idle', request: null, progress: null, report: null, error: null },
    orchestrator: context.orchestrator,
    prepare(request) {
      const options = comparisonOptionsOf(request);
      planBackend(planComparison(options)[0]!.plan); // refuses, with the reason, when the native engine is missing
      const workspace = context.workspace();
      lastReport = null;
      return async (run) => {
        const result = await runComparison({ workspace, options, backend: 'cpu', ...run });
        lastReport = { report: result.report, workspaceFile: workspace.file };
        return { report: result.report as ComparisonStateDto['report'], cancelled: result.cancelled };
      };
    },
    emitProgress: (progress) => context.emit({ type: 'comparison-progress', ...progress }),
    emitEnded: (status, error) => context.emit({ type: 'comparison-ended', status, error }),
  });
  return Object.assign(job, { report: () => lastReport });
}
