/** The summary as the workspace stores it: without the config, which the run row holds once. */
import type { RunConfig } from '../config/schema';
import type { NativeRunResult } from '../engine/native-types';
import { buildSummary, type RunSummary } from './run-summary';

export type SummaryForStorage = Omit<RunSummary, 'config'>;

export function summaryForStorage(config: RunConfig, result: NativeRunResult, backendUsed: string, cancelled = false): SummaryForStorage {
  const { config: _config, ...rest } = buildSummary({ config, result, backendUsed, cancelled });
  return rest;
}
