/**
 * `run --workspace FILE`: the run is recorded while it trains. A native run trains in an engine
 * host process (a native crash is recorded as a failed run); the reference engine runs in-process.
 */
import type { RunConfig } from '../config/schema';
import type { NativeProgress, NativeRunResult } from '../engine/native-types';
import type { Engine } from '../engine/select-engine';
import { forkTransport } from '../lab/engine-transport';
import { hostedEngine } from '../lab/hosted-engine';
import { Orchestrator } from '../lab/orchestrator';
import { RunRecorder } from '../lab/run-recorder';
import type { RunSummary } from '../lab/summary';
import { openWorkspace } from './workspace-option';

export interface Recording {
  engine: Engine;
  progress(batch: NativeProgress): void;
  finish(result: NativeRunResult, summary: RunSummary): number;
  fail(error: unknown): void;
  close(): void;
}

export function startRecording(file: string, engine: Engine, config: RunConfig, experiment?: string): Recording {
  const workspace = openWorkspace(file);
  const orchestrator = engine.name === 'cpu' ? new Orchestrator({ transport: forkTransport() }) : null;
  let recorder: RunRecorder;
  try {
    recorder = RunRecorder.begin(workspace, config, engine.name, 1000, experiment);
  } catch (err) {
    workspace.close();
    throw err;
  }
  return {
    engine: orchestrator ? hostedEngine(orchestrator) : engine,
    progress: (batch) => recorder.progress(batch),
    finish(result, summary) {
      recorder.finish(result, summary);
      return recorder.runId;
    },
    fail: (error) => recorder.fail(error),
    close() {
      orchestrator?.close();
      workspace.close();
    },
  };
}
