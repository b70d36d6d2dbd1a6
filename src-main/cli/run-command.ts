/**
 * `modcomp run`: resolve the configuration, import files, train every mode on the chosen engine,
 * then write the trace / weights and print the summary (JSON or text). Ctrl-C cancels the run
 * through its AbortSignal and a partial summary, marked cancelled, is still printed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveConfig, toRunSpec } from '../config/resolve';
import type { RunConfig } from '../config/schema';
import { ENGINE_LIMITS } from '../engine/engine-limits';
import { selectEngine } from '../engine/select-engine';
import { importDataFile, importInitFile, type ImportedDataset } from '../io/import-data';
import { writeTraceCsv } from '../io/trace-csv';
import { saveWeights } from '../io/weights-npz';
import { buildSummary, type InputFileInfo, type RunSummary } from '../runs/run-summary';
import { formatSummaryText } from '../runs/summary-text';
import type { CliIo } from './cli-io';
import { createProgress } from './progress';
import { startRecording } from './workspace-recording';
import { UsageError } from './usage-error';

export interface RunOptions {
  preset?: string;
  set: string[];
  backend?: string;
  precision?: string;
  threads?: number;
  data?: string;
  init?: string;
  saveWeights?: string;
  trace?: string;
  json: boolean;
  /** Record the run in this workspace file. */
  workspace?: string;
  /** Group the recorded run under this experiment name. */
  experiment?: string;
}

/** Exit code of a run stopped by Ctrl-C (128 + SIGINT), as shells report it. */
export const CANCELLED_EXIT_CODE = 130;

function fileInfo(file: string): InputFileInfo {
  return { file, sha256: createHash('sha256').update(fs.readFileSync(file)).digest('hex') };
}

/** Fails before a long run, not after it, when an output could not be written. */
function checkOutputPath(file: string | undefined, option: string): void {
  if (file === undefined) return;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new UsageError(`${option} ${file}: the folder ${dir} does not exist`);
  }
  if (fs.existsSync(file) && fs.statSync(file).isDirectory()) throw new UsageError(`${option} ${file} is a folder`);
}

function writeOutputs(opts: RunOptions, config: RunConfig, modes: Parameters<typeof saveWeights>[1]): void {
  if (opts.trace) writeTraceCsv(opts.trace, modes);
  if (opts.saveWeights) saveWeights(opts.saveWeights, modes, config.model.m, config.data.d);
}

export async function runCommand(configFile: string | undefined, opts: RunOptions, io: CliIo): Promise<number> {
  const note = (text: string): void => io.err(`modcomp: note: ${text}\n`);
  const maxThreads = ENGINE_LIMITS['options.threads'].max;
  if (opts.threads !== undefined && !(Number.isInteger(opts.threads) && opts.threads >= 0 && opts.threads <= maxThreads)) {
    throw new UsageError(`--threads must be an integer between 0 (every core) and ${maxThreads}, got ${opts.threads}`);
  }
  checkOutputPath(opts.saveWeights, '--save-weights');
  checkOutputPath(opts.trace, '--trace');

  const dataset: ImportedDataset | undefined = opts.data ? importDataFile(opts.data) : undefined;
  const { config, notes } = resolveConfig({
    preset: opts.preset,
    configFile,
    sets: opts.set,
    flags: { backend: opts.backend, precision: opts.precision },
    dataShape: dataset?.shape,
  });
  for (const text of notes) note(text.replace('the imported data', `--data ${opts.data}`));

  const spec = toRunSpec(config);
  const inputs: RunSummary['inputs'] = {};
  if (dataset && opts.data) {
    spec.importedData = dataset.data;
    inputs.data = fileInfo(opts.data);
  }
  if (opts.init) {
    spec.importedInit = importInitFile(opts.init, config.data.K, config.model.m, config.data.d);
    inputs.init = fileInfo(opts.init);
  }

  const engine = selectEngine(config.backend, note);
  if (opts.experiment !== undefined && opts.workspace === undefined)
    throw new UsageError('--experiment needs --workspace (it names a group of recorded runs)');
  const recording = opts.workspace !== undefined ? startRecording(opts.workspace, engine, config, opts.experiment) : null;
  const controller = new AbortController();
  const removeInterrupt = io.onInterrupt(() => {
    io.err('\nmodcomp: cancelling (Ctrl-C again to quit at once)\n');
    controller.abort();
  });
  const progress = createProgress(io.progressStream, config.train.steps * config.train.modes.length);
  let result;
  try {
    result = await (recording?.engine ?? engine).train(spec, {
      signal: controller.signal,
      onProgress: (p) => {
        progress.update(p);
        recording?.progress(p);
      },
      threads: opts.threads,
    });
  } catch (err) {
    recording?.fail(err);
    recording?.close();
    throw err;
  } finally {
    progress.stop();
    removeInterrupt();
  }

  const cancelled = controller.signal.aborted;
  const summary = buildSummary({ config, result, backendUsed: engine.name, cancelled, inputs });
  if (recording) {
    try {
      const runId = recording.finish(result, summary);
      note(`recorded as run ${runId} in ${opts.workspace}`);
    } finally {
      recording.close();
    }
  }
  writeOutputs(opts, config, result.modes);
  io.out(opts.json ? JSON.stringify(summary, null, 2) + '\n' : formatSummaryText(summary));
  return cancelled ? CANCELLED_EXIT_CODE : 0;
}
