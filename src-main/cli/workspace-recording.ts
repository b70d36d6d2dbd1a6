/**
 * `run --workspace FILE`: the run is recorded while it trains (runs/record-run.ts). A native run
 * trains in an engine host process (a native crash is recorded as a failed run); the reference
 * engine runs in-process.
 */
import type { RunConfig } from '../config/schema';
import type { NativeProgress, NativeRunResult } from '../engine/native-types';
import type { Engine } from '../engine/select-engine';
import { forkTransport } from '../engine-host/engine-transport';
import { Orchestrator } from '../engine-host/orchestrator';
import { beginRecordedRun, type RecordedRun } from '../runs/record-run';
import type { RunSummary } from '../runs/run-summary';
import { openWorkspace } from './workspace-option';

export interface Recording {
  engine: Engine;
  progress(batch: NativeProgress): void;
  finish(result: NativeRunResult, summary: RunSummary): number;
  fail(error: unknown): void;
  close(): void;
}

export function startRecording(file: string, engine: Engine, config: RunConfig, experiment?: string): Recording {
  const workspace = openWorkspace(file, 'create');
  // The CLI hosts CPU runs only; a CUDA run keeps training in this process as before.
  const orchestrator = engine.name === 'cpu' ? new Orchestrator({ transport: forkTransport() }) : null;
  let run: RecordedRun;
  try {
    run = beginRecordedRun({ workspace, engine, orchestrator, config, experiment });
  } catch (err) {
    orchestrator?.close();
    workspace.close();
    throw err;
  }
  return {
    engine: run.engine,
    progress: (batch) => run.progress(batch),
    finish(result, summary) {
      run.finish(result, summary);
      return run.runId;
    },
    fail: (error) => run.fail(error),
    close() {
      orchestrator?.close();
      workspace.close();
    },
  };
}
