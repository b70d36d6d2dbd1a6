import { describe, expect, it } from 'vitest';
import { runConfigSchema, MAX_SEED } from '../../src-main/config/schema';
import { ConfigError, validateConfig, suggestSetting } from '../../src-main/config/validate';
import { fieldTable, fieldByPath, formatFieldTable } from '../../src-main/config/fields';

/** The message validateConfig throws for an input (fails the test if it accepts it). */
function errorOf(input: unknown): string {
  try {
    validateConfig(input);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error(`accepted ${JSON.stringify(input)}`);
}

describe('defaults', () => {
  it('are the reconstructed starting point of the science page', () => {
    expect(validateConfig({})).toEqual({
      seed: 1,
      data: {
        K: 2,
        d: 500,
        P: 2,
        n: 50,
        nTest: 1000,
        alpha: [1.0, 0.6],
        mu: [0.3, 0.05],
        sigmaXi: 0.05,
        insufficiency: 'independent',
        dictionary: 'basis',
        noiseOrthogonal: true,
        cleanSignal: true,
        nuisanceCount: 0,
        nuisanceScale: 1,
      },
      model: { m: 20, q: 3, rho: 0.1, sigma0: 5e-4, head: 'twoClass', headScale: 'one' },
      train: { eta: 0.25, steps: 4000, recordEvery: 20, modes: ['joint', 'unimodal'], batchSize: 0, weightDecay: 0 },
      backend: 'auto',
      precision: 'f32',
    });
  });

  it('fill in around a partial section', () => {
    const cfg = validateConfig({ data: { n: 80 } });
    expect(cfg.data.n).toBe(80);
    expect(cfg.data.d).toBe(500);
    expect(cfg.model.m).toBe(20);
  });

  it('accept the largest seed and broadcast lists of one value', () => {
    expect(validateConfig({ seed: MAX_SEED }).seed).toBe(MAX_SEED);
    expect(validateConfig({ data: { K: 3, alpha: [1], mu: [0.1] } }).data.alpha).toEqual([1]);
  });
});

describe('the field table', () => {
  it('lists every setting with its default, range, unit and help', () => {
    const paths = fieldTable().map((f) => f.path);
    for (const p of [
      'seed',
      'data.K',
      'data.d',
      'data.P',
      'data.n',
      'data.nTest',
      'data.alpha',
      'data.mu',
      'data.sigmaXi',
      'data.insufficiency',
      'data.dictionary',
      'data.noiseOrthogonal',
      'data.cleanSignal',
      'data.nuisanceCount',
      'data.nuisanceScale',
      'model.m',
      'model.q',
      'model.rho',
      'model.sigma0',
      'model.head',
      'model.headScale',
      'train.eta',
      'train.steps',
      'train.recordEvery',
      'train.modes',
      'train.batchSize',
      'train.weightDecay',
      'backend',
      'precision',
    ]) {
      expect(paths).toContain(p);
    }
    expect(fieldByPath('data.K')).toMatchObject({ type: 'integer', default: 2, min: 1, max: 64, unit: 'modalities' });
    expect(fieldByPath('model.rho')).toMatchObject({ type: 'number', default: 0.1, above: 0 });
    expect(fieldByPath('precision')?.choices).toEqual(['f32', 'f64', 'tf32']);
    expect(fieldByPath('data.mu')).toMatchObject({ type: 'number[]', min: 0, max: 1 });
  });

  it('calls the science defaults reconstructed and marks the extensions beyond the paper', () => {
    for (const path of ['data.alpha', 'data.mu', 'model.q', 'train.eta']) {
      expect(fieldByPath(path)?.help).toMatch(/reconstructed/i);
    }
    for (const path of ['train.batchSize', 'train.weightDecay']) expect(fieldByPath(path)?.help).toMatch(/beyond the paper/i);
    expect(fieldTable().every((f) => !/the paper's/i.test(f.help))).toBe(true);
  });

  it('renders as Markdown and text', () => {
    const md = formatFieldTable('markdown');
    expect(md.split('\n')[0]).toBe('| setting | type | default | allowed | unit | help |');
    expect(md).toContain('| data.mu | number[] | `[0.3,0.05]` |');
    expect(formatFieldTable('text')).toContain('model.m');
  });
});

describe('bad input is refused with a message naming the setting and range', () => {
  const cases: [string, unknown, RegExp][] = [
    ['not an object', 5, /the configuration must be a JSON object/],
    ['section not an object', { data: 3 }, /^data must be an object of settings, got 3$/],
    ['wrong type', { data: { n: 'fifty' } }, /^data\.n must be an integer between 1 and 10000000, got "fifty"$/],
    ['NaN', { model: { rho: NaN } }, /^model\.rho must be a finite number > 0 and <= 1000000, got NaN$/],
    ['Infinity', { train: { eta: Infinity } }, /^train\.eta must be a finite number > 0 .*got Infinity$/],
    ['negative size', { data: { d: -5 } }, /^data\.d must be an integer between 1 and 1000000, got -5$/],
    ['fractional size', { data: { n: 2.5 } }, /^data\.n must be an integer .*got 2\.5$/],
    ['K = 0', { data: { K: 0 } }, /^data\.K must be an integer between 1 and 64, got 0$/],
    ['huge size', { model: { m: 1e9 } }, /^model\.m must be an integer between 1 and 65536/],
    ['odd m with twoClass', { model: { m: 21 } }, /model\.m must be even when model\.head is "twoClass".*got 21/],
    ['alpha length', { data: { K: 3 } }, /data\.alpha has 2 values but data\.K is 3: give 3 values, or 1 value/],
    ['mu length', { data: { mu: [0.1, 0.2, 0.3] } }, /data\.mu has 3 values but data\.K is 2/],
    ['mu above 1', { data: { mu: [0.3, 1.5] } }, /^data\.mu\[1\] must be a finite number between 0 and 1, got 1\.5$/],
    ['empty alpha', { data: { alpha: [] } }, /^data\.alpha must be .* with 1 to 64 entries, got \[\]$/],
    ['disjoint sum', { data: { mu: [0.6, 0.5], insufficiency: 'disjoint' } }, /sum\(data\.mu\) <= 1, but it is 1\.1/],
    ['q below 1', { model: { q: 0.5 } }, /^model\.q must be a finite number between 1 and 16, got 0\.5$/],
    ['rho zero', { model: { rho: 0 } }, /^model\.rho must be a finite number > 0/],
    ['seed negative', { seed: -1 }, /^seed must be an integer between 0 and 9007199254740991, got -1$/],
    ['seed too big', { seed: 2 ** 60 }, /^seed must be an integer between 0 and 9007199254740991/],
    ['recordEvery 0', { train: { recordEvery: 0 } }, /^train\.recordEvery must be an integer between 1/],
    ['unimodal index', { train: { modes: ['joint', 'unimodal:2'] } }, /"unimodal:2" needs a modality index between 0 and data\.K - 1 = 1/],
    ['bad mode', { train: { modes: ['jiont'] } }, /^train\.modes\[0\] must be "joint", "unimodal" or "unimodal:r", got "jiont"$/],
    ['batch above n', { train: { batchSize: 51 } }, /train\.batchSize must be between 0 \(full batch\) and data\.n = 50, got 51/],
    ['bad choice', { backend: 'gpu' }, /^backend must be one of auto, cpu, reference, cuda, got "gpu"$/],
    [
      'tf32 on the CPU',
      { backend: 'cpu', precision: 'tf32' },
      /^precision "tf32" runs on CUDA tensor cores: it needs backend "cuda" or "auto", got "cpu"$/,
    ],
    ['tf32 on the reference engine', { backend: 'reference', precision: 'tf32' }, /needs backend "cuda" or "auto", got "reference"/],
    ['boolean as string', { data: { cleanSignal: 'yes' } }, /^data\.cleanSignal must be true or false, got "yes"$/],
    ['unknown top-level key', { sed: 3 }, /^unknown setting sed; did you mean seed\?$/],
    ['unknown data key', { data: { foo: 1 } }, /^unknown setting data\.foo/],
    ['misplaced key', { data: { m: 20 } }, /^unknown setting data\.m; did you mean model\.m\?$/],
    ['typo in key', { model: { sigma: 1 } }, /^unknown setting model\.sigma; did you mean model\.sigma0\?$/],
  ];
  it.each(cases)('%s', (_name, input, pattern) => {
    expect(errorOf(input)).toMatch(pattern);
  });

  it('reports several problems in one line', () => {
    const message = errorOf({ data: { n: 0, d: 0 } });
    expect(message).toContain('data.n');
    expect(message).toContain('data.d');
    expect(message).not.toContain('\n');
  });

  it('skips cross-field checks while a field is invalid (they would quote nonsense)', () => {
    expect(errorOf({ data: { n: -1 } })).not.toContain('batchSize');
  });
});

describe('suggestions', () => {
  it('prefer the same name in another section, else the nearest name', () => {
    expect(suggestSetting('train.seed')).toBe('seed');
    expect(suggestSetting('data.sigmaxi')).toBe('data.sigmaXi');
    expect(suggestSetting('model.qq')).toBe('model.q');
    expect(suggestSetting('completely.unrelated.thing')).toBeNull();
  });

  it('the raw zod schema also refuses unknown keys (a backstop)', () => {
    expect(runConfigSchema.safeParse({ extra: 1 }).success).toBe(false);
  });
});
