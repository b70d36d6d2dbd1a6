/**
 * The argument schema of every API method, checked at each door (Electron IPC, lab server)
 * before the call reaches the lab service. Configurations and sweep specs travel as `unknown`
 * here and are validated by their own schemas inside the service, which names the bad setting.
 */
import { z } from 'zod';
import type { LabMethod } from './lab-api';

/** Bounds of the data view's request: what it draws stays small whatever the configuration. */
export const MAX_DATA_SAMPLES = 16;
export const MAX_DATA_COORDINATES = 64;
/** Seeds per claim (or per map cell) a check may ask for. */
export const MAX_CHECK_SEEDS = 10_000;
/** Seeds per arm a remedy comparison may ask for. */
export const MAX_COMPARISON_SEEDS = 10_000;
/** Runs one overlay chart draws at most. */
export const MAX_OVERLAY_RUNS = 64;

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const tag = z.string().trim().min(1).max(64);
const noArgs = z.union([z.undefined(), z.null(), z.strictObject({})]).transform(() => undefined);

export const apiArgumentSchemas = {
  info: noArgs,
  fields: noArgs,
  presets: noArgs,
  validateConfig: z.strictObject({ config: z.unknown() }),
  startRun: z.strictObject({ config: z.unknown(), experiment: z.string().trim().min(1).max(200).optional() }),
  cancelRun: z.strictObject({ runId: id }),
  listRuns: z
    .strictObject({
      sweepId: id.optional(),
      status: z.enum(['queued', 'running', 'finished', 'failed', 'cancelled', 'interrupted']).optional(),
      tag: tag.optional(),
      experiment: z.string().max(200).optional(),
      limit: z.number().int().positive().max(100_000).optional(),
    })
    .optional(),
  getRun: z.strictObject({ runId: id }),
  tagRun: z.strictObject({ runId: id, add: z.array(tag).max(100).optional(), remove: z.array(tag).max(100).optional() }),
  noteRun: z.strictObject({ runId: id, text: z.string().trim().min(1).max(20_000) }),
  deleteRuns: z.strictObject({ runIds: z.array(id).min(1).max(100_000) }),
  listSweeps: noArgs,
  getSweep: z.strictObject({ sweepId: id }),
  cellBands: z.strictObject({ sweepId: id, cellIndex: z.number().int().min(0).max(1_000_000) }),
  startSweep: z.strictObject({ spec: z.unknown(), queue: z.string().trim().min(1).max(2048).optional() }),
  queueActivity: z.strictObject({ sweepId: id }),
  cancelSweep: z.strictObject({ sweepId: id }),
  overlayRuns: z.strictObject({
    runIds: z.array(id).min(1).max(MAX_OVERLAY_RUNS),
    mode: z.string().regex(/^(joint|unimodal:\d{1,2})$/, 'a mode is joint or unimodal:r'),
    scalar: z.string().regex(/^[A-Za-z]{1,32}\d{0,2}$/, 'a metric name such as gamma0 or testErr'),
  }),
  sampleData: z.strictObject({
    config: z.unknown(),
    samples: z.number().int().min(1).max(MAX_DATA_SAMPLES).optional(),
    coordinates: z.number().int().min(1).max(MAX_DATA_COORDINATES).optional(),
  }),
  listFigures: noArgs,
  exportPack: z
    .strictObject({
      runId: id.optional(),
      sweepId: id.optional(),
      comparison: z.literal(true).optional(),
      figures: z.array(z.string().min(1).max(64)).max(64).optional(),
      formats: z
        .array(z.enum(['svg', 'pdf', 'png']))
        .min(1)
        .max(3)
        .optional(),
      dpi: z.number().int().min(50).max(1200).optional(),
      out: z.string().min(1).max(4096).optional(),
    })
    .refine((a) => [a.runId, a.sweepId, a.comparison].filter((x) => x !== undefined).length === 1, {
      message: 'give exactly one of runId, sweepId or comparison',
    }),
  importPack: z.strictObject({ path: z.string().min(1).max(4096) }),
  startCheck: z.strictObject({
    quick: z.boolean().optional(),
    seeds: z.number().int().min(1).max(MAX_CHECK_SEEDS).optional(),
    seedStart: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER - MAX_CHECK_SEEDS)
      .optional(),
    maps: z.boolean().optional(),
    mapSeeds: z.number().int().min(1).max(MAX_CHECK_SEEDS).optional(),
    backend: z.enum(['auto', 'cpu', 'cuda']).optional(),
    precision: z.enum(['f32', 'f64', 'tf32']).optional(),
    set: z
      .array(z.string().regex(/^[A-Za-z][A-Za-z0-9.]*=.{1,200}$/, 'a setting is path=value, e.g. train.steps=200'))
      .max(32)
      .optional(),
  }),
  cancelCheck: noArgs,
  checkState: noArgs,
  startComparison: z.strictObject({
    preset: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'a preset name such as competition')
      .optional(),
    seeds: z.number().int().min(1).max(MAX_COMPARISON_SEEDS).optional(),
    seedStart: z
      .number()
      .int()
      .min(0)
      .max(Number.MAX_SAFE_INTEGER - MAX_COMPARISON_SEEDS)
      .optional(),
    precision: z.enum(['f32', 'f64']).optional(),
    set: z
      .array(z.string().regex(/^[A-Za-z][A-Za-z0-9.]*=.{1,200}$/, 'a setting is path=value, e.g. train.steps=200'))
      .max(32)
      .optional(),
  }),
  cancelComparison: noArgs,
  comparisonState: noArgs,
} satisfies Record<LabMethod, z.ZodType>;

export const LAB_METHODS = Object.keys(apiArgumentSchemas) as LabMethod[];

export class ApiArgumentError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiArgumentError';
  }
}

export function isLabMethod(name: unknown): name is LabMethod {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(apiArgumentSchemas, name);
}

/** Checks a method name and its argument; the message names the method and the bad field. */
export function parseApiCall(method: unknown, args: unknown): { method: LabMethod; args: unknown } {
  if (!isLabMethod(method)) {
    throw new ApiArgumentError(String(method), `unknown API method ${JSON.stringify(method)}`);
  }
  const parsed = apiArgumentSchemas[method].safeParse(args);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new ApiArgumentError(method, `bad argument to ${method}${where}: ${issue?.message ?? 'invalid'}`);
  }
  return { method, args: parsed.data };
}
