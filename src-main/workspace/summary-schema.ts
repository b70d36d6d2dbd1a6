/**
 * The shape of a run summary as the workspace stores it (runs/run-summary.ts builds it, without
 * the config). Checked where a summary comes from outside the lab's own recording (a figure
 * pack) so that a crafted summary is refused at the door instead of breaking `show` or an
 * export later, and by `show` before it prints one read back from a possibly damaged file.
 * Objects are loose: a newer lab may add fields an older one ignores.
 */
import { z } from 'zod';

const num = z.number().nullable();
const modeName = z.string().regex(/^(joint|unimodal:\d+)$/, 'a mode is "joint" or "unimodal:R"');

const modalitySummarySchema = z.looseObject({
  gamma: num,
  gammaPlus: num.optional(),
  gammaMinus: num.optional(),
  phi: num,
  aloneTestErr: num.optional(),
  crossStep: num,
});

const modeSummarySchema = z.looseObject({
  stepsRun: z.number().int().min(0),
  cancelled: z.boolean(),
  divergedAtStep: num,
  trainLoss: num,
  trainErr: num,
  testLoss: num,
  testErr: num,
  modalities: z.array(modalitySummarySchema.nullable()).max(64),
});

export const storedSummarySchema = z.looseObject({
  configHash: z.string(),
  seed: z.number(),
  backend: z.looseObject({ requested: z.string(), used: z.string() }),
  cancelled: z.boolean(),
  modes: z.record(modeName, modeSummarySchema),
  observedWinners: z.array(z.number().int()).nullable(),
  predictedWinner: z.looseObject({ modality: z.number().int(), scores: z.array(num), initialGamma: z.array(num) }),
  gap: num,
  bestUnimodal: modeName.nullable(),
  // Absent from summaries written before the lab classified outcomes; printed by `show` when present.
  observedClassWinners: z
    .looseObject({ plus: z.array(z.number().int()), minus: z.array(z.number().int()) })
    .nullable()
    .optional(),
  outcome: z.looseObject({ kind: z.string(), soleWinner: z.number().int().nullable(), loserGrowth: num }).nullable().optional(),
});
