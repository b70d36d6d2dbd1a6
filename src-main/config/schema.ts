/**
 * The run configuration: ONE zod schema holding every default, range, unit and help text.
 *
 * Everything else (the settings table of the science page, `modcomp config`, future UI help, the
 * unknown-key suggestions, error messages) is derived from this schema, so a default or a range
 * is changed in exactly one place.
 *
 * The defaults are the reconstructed starting point of the science page (docs/science.md). The
 * paper's body was not available, so they are a *reconstruction*; help texts say so, point at
 * that page (which the user has, in the app and in the docs) and never call them "the paper's".
 */
import { z } from 'zod';
import { blendingHoldoutCount } from '../engine/reference/gradient-blending';

/** Extra metadata every leaf setting carries (read back through zod's JSON Schema export). */
export interface SettingMeta {
  help: string;
  unit?: string;
}

const RECONSTRUCTED = 'Reconstructed default (see the science page), not taken from the paper.';
const BEYOND_PAPER = 'Beyond the paper: an extension of the reconstructed model.';

/** Largest integer a JS number holds exactly; seeds must be reproducible bit for bit. */
export const MAX_SEED = Number.MAX_SAFE_INTEGER;

/** Sane maxima: large enough for real experiments, small enough to catch typos (1e9 neurons). */
export const LIMITS = {
  K: 64,
  d: 1_000_000,
  P: 1024,
  n: 10_000_000,
  nTest: 10_000_000,
  m: 65_536,
  steps: 100_000_000,
  nuisanceCount: 1_000_000,
} as const;

function int(min: number, max: number, dflt: number, meta: SettingMeta) {
  return z
    .number()
    .int()
    .min(min)
    .max(max)
    .default(dflt)
    .meta({ ...meta });
}

function real(min: number, max: number, dflt: number, meta: SettingMeta) {
  return z
    .number()
    .min(min)
    .max(max)
    .default(dflt)
    .meta({ ...meta });
}

/** A real number strictly above `above` (zod's gt), e.g. rho > 0. */
function positive(above: number, max: number, dflt: number, meta: SettingMeta) {
  return z
    .number()
    .gt(above)
    .max(max)
    .default(dflt)
    .meta({ ...meta });
}

function bool(dflt: boolean, meta: SettingMeta) {
  return z
    .boolean()
    .default(dflt)
    .meta({ ...meta });
}

function choice<const T extends readonly [string, ...string[]]>(values: T, dflt: T[number], meta: SettingMeta) {
  return z
    .enum(values)
    .default(dflt as never)
    .meta({ ...meta });
}

function realList(min: number, max: number, dflt: number[], meta: SettingMeta) {
  return z
    .array(z.number().min(min).max(max))
    .min(1)
    .max(LIMITS.K)
    .default(dflt)
    .meta({ ...meta });
}

/** A mode: `joint`, `unimodal` (every unimodal:r) or `unimodal:r`. */
export const MODE_PATTERN = /^(joint|unimodal|unimodal:(0|[1-9][0-9]*))$/;

const dataSchema = z
  .strictObject({
    K: int(1, LIMITS.K, 2, { unit: 'modalities', help: `Number of modalities. ${RECONSTRUCTED}` }),
    d: int(1, LIMITS.d, 500, { unit: 'coordinates', help: `Dimension of every patch. ${RECONSTRUCTED}` }),
    P: int(1, LIMITS.P, 2, {
      unit: 'patches',
      help: `Patches per modality: 2 is one signal and one noise patch, 1 is the plain vector model. ${RECONSTRUCTED}`,
    }),
    n: int(1, LIMITS.n, 50, { unit: 'samples', help: `Training samples. ${RECONSTRUCTED}` }),
    nTest: int(1, LIMITS.nTest, 1000, { unit: 'samples', help: `Fresh test samples. ${RECONSTRUCTED}` }),
    alpha: realList(0, 1e6, [1.0, 0.6], {
      help: `Signal strength alpha_r per modality (K values, or 1 value used for every modality). ${RECONSTRUCTED}`,
    }),
    mu: realList(0, 1, [0.3, 0.05], {
      unit: 'probability',
      help:
        'Insufficiency mu_r: chance that a sample carries no signal in modality r (K values, or 1 ' +
        `value used for every modality). ${RECONSTRUCTED}`,
    }),
    sigmaXi: real(0, 1e6, 0.05, { help: `Standard deviation of every noise coordinate. ${RECONSTRUCTED}` }),
    insufficiency: choice(['independent', 'disjoint'] as const, 'independent', {
      help:
        'How insufficient samples relate across modalities: independent draws, or disjoint (every ' +
        `sample informative in at least one modality; needs sum(mu) <= 1). ${RECONSTRUCTED}`,
    }),
    dictionary: choice(['basis', 'random'] as const, 'basis', {
      help: `Feature vector v_r: the first basis vector, or a random orthonormal dictionary. ${RECONSTRUCTED}`,
    }),
    noiseOrthogonal: bool(true, {
      help: `Project the noise orthogonal to v_r (false lets noise memorisation dominate). ${RECONSTRUCTED}`,
    }),
    cleanSignal: bool(true, {
      help: `Keep the signal patch free of noise (false adds the noise to it too). ${RECONSTRUCTED}`,
    }),
    nuisanceCount: int(0, LIMITS.nuisanceCount, 0, {
      unit: 'coordinates',
      help: `Sparse nuisance coordinates added to every patch (0 turns them off). ${RECONSTRUCTED}`,
    }),
    nuisanceScale: real(0, 1e6, 1, { help: `Magnitude of the nuisance coordinates. ${RECONSTRUCTED}` }),
  })
  .prefault({});

const modelSchema = z
  .strictObject({
    m: int(1, LIMITS.m, 20, {
      unit: 'neurons',
      help: `Neurons per modality encoder (even for the twoClass head). ${RECONSTRUCTED}`,
    }),
    q: real(1, 16, 3, {
      help: `Power q of the smoothed ReLU (q = 1 is plain ReLU on the positive side). ${RECONSTRUCTED}`,
    }),
    rho: positive(0, 1e6, 0.1, {
      help: `Threshold rho of the smoothed ReLU; a modality "wins" when its gamma crosses it. ${RECONSTRUCTED}`,
    }),
    sigma0: real(0, 1e3, 5e-4, { help: `Standard deviation of the initial weights. ${RECONSTRUCTED}` }),
    head: choice(['twoClass', 'odd'] as const, 'twoClass', {
      help:
        'Fixed second layer: twoClass (first m/2 neurons +1, the rest -1) or odd ' +
        `(smoothrelu(z) - smoothrelu(-z), all +1). ${RECONSTRUCTED}`,
    }),
    headScale: choice(['one', 'inverseM'] as const, 'one', {
      help: `Scale of the second layer: 1 or 1/m. ${RECONSTRUCTED}`,
    }),
  })
  .prefault({});

const trainSchema = z
  .strictObject({
    eta: positive(0, 1e6, 0.25, { help: `Gradient descent step size. ${RECONSTRUCTED}` }),
    steps: int(1, LIMITS.steps, 4000, { unit: 'steps', help: `Gradient descent steps T. ${RECONSTRUCTED}` }),
    recordEvery: int(1, LIMITS.steps, 20, {
      unit: 'steps',
      help: 'Record the metrics every this many steps (the first and the last step are recorded too).',
    }),
    modes: z
      .array(z.string().regex(MODE_PATTERN))
      .min(1)
      .max(1 + LIMITS.K)
      .default(['joint', 'unimodal'])
      .meta({
        help:
          'Modes to train on the same data and initial weights: "joint", "unimodal" (every ' +
          `unimodal:r) or "unimodal:r". ${RECONSTRUCTED}`,
      }),
    batchSize: int(0, LIMITS.n, 0, {
      unit: 'samples',
      help: `Mini-batch size; 0 is full-batch gradient descent (the reconstructed setting). ${BEYOND_PAPER}`,
    }),
    weightDecay: real(0, 1e6, 0, { help: `L2 weight decay; 0 turns it off. ${BEYOND_PAPER}` }),
  })
  .prefault({});

/*
 * Balancing remedies for modality competition. Each is off at its default, changes only the
 * joint mode (a unimodal mode trains its encoder alone as before), and is left out of a resolved
 * configuration while every remedy is off, so the identity of every earlier run is kept.
 */
const REMEDY = 'Changes the joint mode only.';
const ogmSchema = z
  .strictObject({
    alpha: real(0, 1000, 0, {
      help:
        'Gradient modulation after OGM-GE (Peng et al., CVPR 2022): each step, the confidence of ' +
        'modality r is s_r = sum over the batch of sigmoid(y_i f_r(X_i)); where its ratio to the other ' +
        "modalities' mean confidence exceeds 1, encoder r's gradient is multiplied by " +
        `1 - tanh(alpha (ratio - 1)). 0 turns it off. ${REMEDY} ${BEYOND_PAPER}`,
    }),
    noise: bool(false, {
      help:
        "OGM-GE's generalisation enhancement: inside the modulation window, every encoder's update also " +
        "gets Gaussian noise whose standard deviation is that of its gradient's entries (drawn from the " +
        `counter-based generator). ${REMEDY} ${BEYOND_PAPER}`,
    }),
    startStep: int(0, LIMITS.steps, 0, {
      unit: 'steps',
      help: `First step of OGM-GE's window (modulation and noise act while startStep <= step < endStep). ${BEYOND_PAPER}`,
    }),
    endStep: int(0, LIMITS.steps, LIMITS.steps, {
      unit: 'steps',
      help: `End of OGM-GE's window (the first step it no longer acts on). ${BEYOND_PAPER}`,
    }),
  })
  .prefault({});

const blendingSchema = z
  .strictObject({
    everySteps: int(0, LIMITS.steps, 0, {
      unit: 'steps',
      help:
        'Gradient blending with re-estimated weights (Wang et al., CVPR 2020): every this many steps, from ' +
        "step 0, each loss term's (the joint output's and each encoder's own) loss is measured on the " +
        'training part and on the held-out part; between two measurements, with G the fall of the held-out ' +
        'loss and O the growth of the held-out-minus-training gap, the weights become proportional to ' +
        'max(G, 0) / O^2, their sum kept at that of remedies.jointWeight and remedies.unimodalWeights (the ' +
        `starting weights). 0 keeps the weights as set. Needs the full batch. ${REMEDY} ${BEYOND_PAPER}`,
    }),
    holdout: positive(0, 0.5, 0.2, {
      unit: 'fraction of data.n',
      help:
        'Fraction of the training samples held out for re-estimating the blending weights (rounded to the ' +
        'nearest count, drawn once per seed); the joint mode does not train on them, the unimodal modes do. ' +
        `Used only when remedies.blending.everySteps is above 0. ${BEYOND_PAPER}`,
    }),
  })
  .prefault({});

const remediesSchema = z
  .strictObject({
    jointWeight: real(0, 1000, 1, {
      help:
        'Weight w_0 of the joint loss. With remedies.unimodalWeights as w_r it is gradient blending ' +
        '(Wang et al., CVPR 2020): L = w_0 L_joint + sum_r w_r L(f_r(X_r), y), with these weights fixed, or ' +
        'as the starting weights that remedies.blending re-estimates. 1 keeps the ' +
        `joint loss as it is. ${REMEDY} ${BEYOND_PAPER}`,
    }),
    unimodalWeights: realList(0, 1000, [0], {
      help:
        "Unimodal auxiliary losses: weight lambda_r of encoder r's own loss L(f_r(X_r), y), added to the joint " +
        `loss (K values, or 1 value used for every modality); 0 turns it off. ${REMEDY} ${BEYOND_PAPER}`,
    }),
    dropout: realList(0, 1, [0], {
      unit: 'probability',
      help:
        "Modality dropout: each step, each training sample's modality r is left out of the fused output " +
        '(f_r zeroed) with probability p_r, never every modality of a sample (one of them, drawn uniformly, ' +
        `is then kept); masks come from the counter-based generator. 0 turns it off. ${REMEDY} ${BEYOND_PAPER}`,
    }),
    ogm: ogmSchema,
    blending: blendingSchema,
  })
  .optional()
  .meta({ help: 'Balancing remedies for a losing modality, all off by default.' });

const baseSchema = z.strictObject({
  seed: int(0, MAX_SEED, 1, {
    help: 'Seed of the counter-based generator: data and initial weights are a pure function of it.',
  }),
  data: dataSchema,
  model: modelSchema,
  train: trainSchema,
  remedies: remediesSchema,
  backend: choice(['auto', 'cpu', 'reference', 'cuda'] as const, 'auto', {
    help:
      'Engine: auto (native if it loads, else reference), cpu (native C++), reference ' +
      '(TypeScript + tfjs autodiff, slow, for checking), cuda (native on the GPU).',
  }),
  precision: choice(['f32', 'f64', 'tf32'] as const, 'f32', {
    help:
      'Floating-point precision of training. tf32 (CUDA only) keeps f32 but runs the two products on ' +
      'tensor cores with TF32 inputs (10-bit mantissa) and f32 sums, as PyTorch allow_tf32 does.',
  }),
});

/** The resolved (fully defaulted, validated) run configuration. */
export type RunConfig = z.output<typeof baseSchema>;
/** What a user may write: every field optional. */
export type RunConfigInput = z.input<typeof baseSchema>;

/** Re-estimated blending needs samples on both sides of its split, and the full batch. */
function checkBlendingSplit(cfg: RunConfig, ctx: z.RefinementCtx): void {
  const { n } = cfg.data;
  const holdout = cfg.remedies?.blending.holdout ?? 0;
  const held = blendingHoldoutCount(n, holdout);
  if (held < 1 || held >= n) {
    ctx.addIssue({
      code: 'custom',
      path: ['remedies', 'blending', 'holdout'],
      message: `remedies.blending.holdout = ${holdout} of data.n = ${n} holds out ${held} samples; it must hold out at least 1 and train on at least 1`,
    });
  }
  if (cfg.train.batchSize > 0 && cfg.train.batchSize < n) {
    ctx.addIssue({
      code: 'custom',
      path: ['remedies', 'blending', 'everySteps'],
      message:
        'remedies.blending.everySteps: gradient blending with re-estimated weights trains the full batch of its training part; ' +
        'set train.batchSize to 0',
    });
  }
}

/** Cross-field checks; each message names the setting and what is allowed. */
function checkCrossFields(cfg: RunConfig, ctx: z.RefinementCtx): void {
  const { K } = cfg.data;
  for (const key of ['alpha', 'mu'] as const) {
    const list = cfg.data[key];
    if (list.length !== K && list.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['data', key],
        message: `data.${key} has ${list.length} values but data.K is ${K}: give ${K} values, ` + `or 1 value to use for every modality`,
      });
    }
  }
  if (cfg.data.insufficiency === 'disjoint') {
    const mu = cfg.data.mu.length === 1 ? new Array<number>(K).fill(cfg.data.mu[0] ?? 0) : cfg.data.mu;
    const total = mu.reduce((a, b) => a + b, 0);
    if (total > 1 + 1e-12) {
      ctx.addIssue({
        code: 'custom',
        path: ['data', 'mu'],
        message: `data.insufficiency "disjoint" needs sum(data.mu) <= 1, but it is ${+total.toFixed(12)}`,
      });
    }
  }
  if (cfg.precision === 'tf32' && cfg.backend !== 'cuda' && cfg.backend !== 'auto') {
    ctx.addIssue({
      code: 'custom',
      path: ['precision'],
      message: `precision "tf32" runs on CUDA tensor cores: it needs backend "cuda" or "auto", got "${cfg.backend}"`,
    });
  }
  if (cfg.model.head === 'twoClass' && cfg.model.m % 2 !== 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['model', 'm'],
      message: `model.m must be even when model.head is "twoClass" (half the neurons per class), got ${cfg.model.m}`,
    });
  }
  const remedies = cfg.remedies;
  if (remedies) {
    for (const key of ['unimodalWeights', 'dropout'] as const) {
      const list = remedies[key];
      if (list.length !== K && list.length !== 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['remedies', key],
          message:
            `remedies.${key} has ${list.length} values but data.K is ${K}: give ${K} values, ` + `or 1 value to use for every modality`,
        });
      }
    }
    if (remedies.blending.everySteps > 0) checkBlendingSplit(cfg, ctx);
    if (remedies.ogm.endStep < remedies.ogm.startStep) {
      ctx.addIssue({
        code: 'custom',
        path: ['remedies', 'ogm', 'endStep'],
        message: `remedies.ogm.endStep must be at least remedies.ogm.startStep = ${remedies.ogm.startStep}, got ${remedies.ogm.endStep}`,
      });
    }
  }
  if (cfg.train.batchSize > cfg.data.n) {
    ctx.addIssue({
      code: 'custom',
      path: ['train', 'batchSize'],
      message: `train.batchSize must be between 0 (full batch) and data.n = ${cfg.data.n}, got ${cfg.train.batchSize}`,
    });
  }
  if (cfg.data.nuisanceCount > cfg.data.d) {
    ctx.addIssue({
      code: 'custom',
      path: ['data', 'nuisanceCount'],
      message: `data.nuisanceCount must be between 0 and data.d = ${cfg.data.d}, got ${cfg.data.nuisanceCount}`,
    });
  }
  for (const mode of cfg.train.modes) {
    const match = /^unimodal:(\d+)$/.exec(mode);
    if (match && Number(match[1]) >= K) {
      ctx.addIssue({
        code: 'custom',
        path: ['train', 'modes'],
        message: `train.modes entry "${mode}" needs a modality index between 0 and data.K - 1 = ${K - 1}`,
      });
    }
  }
}

/** The complete schema: per-field ranges plus the cross-field checks. */
export const runConfigSchema = baseSchema.superRefine(checkCrossFields, {
  // Cross-field messages quote other fields; with a bad field they would mislead, so fix those first.
  when: (payload) => payload.issues.length === 0,
});

/** The per-field schema without cross-field checks (for table export and partial inputs). */
export const runConfigFieldsSchema = baseSchema;
