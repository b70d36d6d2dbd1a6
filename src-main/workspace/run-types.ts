/** The shapes the workspace stores and returns; zod checks what is read back from the file. */
import { z } from 'zod';

export const RUN_STATUSES = ['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
export type EndStatus = Exclude<RunStatus, 'queued' | 'running' | 'finished'>;

export interface NewRun {
  /** The resolved configuration (stored as JSON). */
  config: unknown;
  configHash: string;
  seed: number;
  backend: string;
  status: 'queued' | 'running';
  sweepId?: number;
  cellIndex?: number;
  experimentId?: number;
}

export const runRowSchema = z.object({
  id: z.number().int(),
  sweep_id: z.number().int().nullable(),
  cell_index: z.number().int().nullable(),
  config_hash: z.string(),
  seed: z.number(),
  backend: z.string(),
  app_version: z.string(),
  status: z.enum(RUN_STATUSES),
  created_at: z.string(),
  started_at: z.string().nullable(),
  finished_at: z.string().nullable(),
  error: z.string().nullable(),
  tags: z.string().nullable(),
});

export interface RunListing {
  id: number;
  sweepId: number | null;
  cellIndex: number | null;
  configHash: string;
  seed: number;
  backend: string;
  appVersion: string;
  status: RunStatus;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
  tags: string[];
}

export interface RunRecord extends RunListing {
  config: unknown;
  summary: unknown;
  notes: { text: string; createdAt: string }[];
}

export interface RunFilter {
  id?: number;
  sweepId?: number;
  status?: RunStatus;
  tag?: string;
  /** Experiment name. */
  experiment?: string;
  limit?: number;
}

export interface SweepRecord {
  id: number;
  name: string;
  spec: unknown;
  specHash: string;
  cellCount: number;
  seeds: number;
  createdAt: string;
}

export interface CellRecord {
  cellIndex: number;
  coords: Record<string, unknown>;
  stats: unknown;
}

/** One run of a sweep as `Workspace.sweepRuns` lists it. */
export interface SweepRunListing {
  id: number;
  status: string;
  cellIndex: number;
  summary: unknown;
  /** data.K, model.rho and train.steps of its configuration (null when unreadable). */
  outcomeContext: { K: number; rho: number; steps: number } | null;
}
