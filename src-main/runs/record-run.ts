/**
 * One run recorded in a workspace while it trains, the flow the CLI's `run --workspace` and the
 * lab service share: the run row is written first (so it has an id at once), native engines
 * train in an engine host process through the orchestrator (a native crash fails this run, not
 * the lab), the reference engine trains in-process, and the end is written as finished (summary
 * and complete series), cancelled (partial series kept) or failed (with the reason).
 */
import type { RunConfig } from '../config/schema';
import type { NativeProgress, NativeRunResult } from '../engine/native-types';
import type { Engine } from '../engine/select-engine';
import type { Workspace } from '../workspace/workspace';
import { hostedEngine } from '../engine-host/hosted-engine';
import type { Orchestrator } from '../engine-host/orchestrator';
import { RunRecorder } from './run-recorder';
import type { RunSummary } from './run-summary';

export interface RecordedRun {
  runId: number;
  /** The engine to train with: the chosen one, or its hosted face when it is native. */
  engine: Engine;
  progress(batch: NativeProgress): void;
  finish(result: NativeRunResult, summary: RunSummary): void;
  fail(error: unknown): void;
  /** Ends the run without a result (cancelled before it started, or the lab closing). */
  stop(status: 'cancelled' | 'interrupted', reason: string): void;
}

export interface RecordedRunOptions {
  workspace: Workspace;
  engine: Engine;
  /** Native engines train through it; null trains in this process. */
  orchestrator: Orchestrator | null;
  config: RunConfig;
  experiment?: string;
  /** Most milliseconds of streamed metrics a killed lab may lose. */
  flushMs?: number;
  priority?: number;
}

export function beginRecordedRun(options: RecordedRunOptions): RecordedRun {
  const { workspace, engine, orchestrator, config } = options;
  const recorder = RunRecorder.begin(workspace, config, engine.name, options.flushMs ?? 1000, options.experiment);
  const hosted = orchestrator !== null && engine.name !== 'reference';
  return {
    runId: recorder.runId,
    engine: hosted ? hostedEngine(orchestrator, { backend: engine.name as 'cpu' | 'cuda', priority: options.priority }) : engine,
    progress: (batch) => recorder.progress(batch),
    finish: (result, summary) => recorder.finish(result, summary),
    fail: (error) => recorder.fail(error),
    stop: (status, reason) => recorder.stop(status, reason),
  };
}
