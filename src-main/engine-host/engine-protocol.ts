/**
 * The messages between the lab and an engine host process. Both sides validate what they
 * receive: a host that misbehaves (or a message from a different build) fails its job with a
 * clear reason instead of corrupting the lab's state. Typed arrays cross as they are (the
 * channel uses structured-clone serialisation).
 */
import { z } from 'zod';
import type { NativeProgress, NativeRunResult, NativeRunSpec } from '../engine/native-types';

const specSchema = z.custom<NativeRunSpec>((v) => typeof v === 'object' && v !== null && 'seed' in v && 'data' in v, {
  message: 'expected a resolved run spec',
});

export const hostRequestSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('train'),
    jobId: z.number().int().nonnegative(),
    specs: z.array(specSchema).min(1),
    options: z.object({
      threads: z.number().int().min(0).max(4096).optional(),
      progressIntervalMs: z.number().int().min(0).max(60_000).optional(),
    }),
  }),
  z.object({ type: z.literal('cancel'), jobId: z.number().int().nonnegative() }),
]);
export type HostRequest = z.infer<typeof hostRequestSchema>;

const seriesSchema = z.object({
  K: z.number().int(),
  m: z.number().int(),
  steps: z.instanceof(Int32Array),
  scalarNames: z.array(z.string()),
  scalars: z.instanceof(Float64Array),
  alignments: z.instanceof(Float32Array),
});

const progressSchema = z.object({
  runIndex: z.number().int(),
  mode: z.string(),
  stepsDone: z.number(),
  stepsTotal: z.number(),
  series: seriesSchema,
});

const resultSchema = z.looseObject({
  index: z.number().int(),
  error: z.string().nullable(),
  predictedWinner: z.number(),
  modes: z.array(z.looseObject({ mode: z.string(), series: seriesSchema })),
});

export const hostReplySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), pid: z.number().int() }),
  z.object({ type: z.literal('progress'), jobId: z.number().int(), progress: progressSchema }),
  z.object({ type: z.literal('done'), jobId: z.number().int(), results: z.array(resultSchema) }),
  z.object({ type: z.literal('failed'), jobId: z.number().int(), message: z.string() }),
]);

export type HostReply =
  | { type: 'ready'; pid: number }
  | { type: 'progress'; jobId: number; progress: NativeProgress }
  | { type: 'done'; jobId: number; results: NativeRunResult[] }
  | { type: 'failed'; jobId: number; message: string };

export function parseHostReply(raw: unknown): HostReply {
  return hostReplySchema.parse(raw) as HostReply;
}
