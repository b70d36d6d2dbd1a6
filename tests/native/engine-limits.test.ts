import { describe, expect, it } from 'vitest';
import { fieldTable, type FieldInfo } from '../../src-main/config/fields';
import { ENGINE_LIMITS, type EngineLimit } from '../../src-main/engine/engine-limits';
import { loadNativeAddon, nativeAvailable } from '../../src-main/engine/native-loader';
import type { NativeRunSpec } from '../../src-main/engine/native-types';
import { validateReferenceSpec } from '../../src-main/engine/reference/validate-spec';
import { RunRefusedError, selectEngine } from '../../src-main/engine/select-engine';
import { smallSpec } from '../support/small-spec';

/*
 * One source for every limit: the native engine's table, which the addon exports. The settings
 * schema may be narrower (it catches typos) but never wider, since a value the schema accepts and
 * the engine refuses fails a run the editor called valid; and the reference engine, which runs
 * without the addon, must refuse exactly what the native engine refuses, in the same words.
 */

const numericTypes = new Set<FieldInfo['type']>(['integer', 'number', 'number[]']);

/** Where a schema range reaches beyond the engine's (or has no engine limit at all), in words. */
function schemaOverreach(fields: FieldInfo[], limits: Record<string, EngineLimit>): string[] {
  const problems: string[] = [];
  for (const field of fields.filter((f) => numericTypes.has(f.type))) {
    const limit = limits[field.path];
    if (!limit) {
      problems.push(`${field.path}: the engine has no limit for it`);
      continue;
    }
    if (field.type === 'integer' && !limit.integer) problems.push(`${field.path}: an integer in the schema only`);
    if (field.type !== 'integer' && limit.integer) problems.push(`${field.path}: an integer in the engine only`);
    const schemaMax = field.max ?? Infinity;
    if (schemaMax > limit.max) problems.push(`${field.path}: schema maximum ${schemaMax} > engine maximum ${limit.max}`);
    const lowest = field.min ?? field.above ?? -Infinity;
    const lowestAllowed = field.min !== undefined; // min is inclusive, above is not
    const below = lowest < limit.min || (lowest === limit.min && lowestAllowed && limit.aboveMin);
    if (below) problems.push(`${field.path}: schema minimum ${lowest} is below the engine's`);
  }
  return problems;
}

type Probe = { name: string; spec: NativeRunSpec };

/** Every remedy off, spelled out (the spec leaves them out otherwise). */
function remediesOff(K: number): NonNullable<NativeRunSpec['remedies']> {
  const zeros = Array<number>(K).fill(0);
  return {
    jointWeight: 1,
    unimodalWeights: zeros,
    dropout: [...zeros],
    ogm: { alpha: 0, noise: false, startStep: 0, endStep: 1e9 },
    blending: { everySteps: 0, holdout: 0.2 },
  };
}

function withSetting(path: string, value: number, base: NativeRunSpec = smallSpec()): NativeRunSpec {
  const spec = structuredClone(base);
  if (path === 'seed') {
    spec.seed = value;
    return spec;
  }
  if (path.startsWith('remedies.')) spec.remedies ??= remediesOff(spec.data.K);
  const keys = path.split('.');
  const key = keys.pop() as string;
  const section = keys.join('.');
  let target: Record<string, unknown> | undefined = spec as unknown as Record<string, unknown>;
  for (const part of keys) target = target?.[part] as Record<string, unknown> | undefined;
  if (!target) throw new Error(`no section ${section}`);
  if (Array.isArray(target[key])) (target[key] as number[])[1] = value;
  else target[key] = value;
  return spec;
}

/** For every row of the table, values just outside it (and a fraction for integers). */
function outOfRangeProbes(): Probe[] {
  const probes: Probe[] = [];
  for (const [path, limit] of Object.entries(ENGINE_LIMITS) as [string, EngineLimit][]) {
    if (path.startsWith('options.')) continue;
    const values = [limit.aboveMin ? limit.min : limit.min - 1, NaN];
    if (limit.max !== Infinity) values.push(limit.max + 1);
    if (limit.integer) values.push(limit.min + 0.5);
    for (const value of values) probes.push({ name: `${path} = ${value}`, spec: withSetting(path, value) });
  }
  return probes;
}

/** Values valid one by one that clash with another setting, or with the engine's index sizes. */
function crossFieldProbes(): Probe[] {
  const spec = smallSpec;
  return [
    { name: 'odd m with the two-class head', spec: spec({ model: { m: 5 } }) },
    { name: 'nuisanceCount above d', spec: spec({ data: { nuisanceCount: 9 } }) },
    { name: 'batchSize above n', spec: spec({ train: { batchSize: 7 } }) },
    { name: 'disjoint with sum(mu) > 1', spec: spec({ data: { insufficiency: 'disjoint', mu: [0.6, 0.7] } }) },
    { name: 'alpha shorter than K', spec: spec({ data: { alpha: [1] } }) },
    { name: 'mu longer than K', spec: spec({ data: { mu: [0.1, 0.1, 0.1] } }) },
    { name: 'f32 sigmaXi beyond float range', spec: spec({ precision: 'f32', data: { sigmaXi: 1e39 } }) },
    { name: 'f32 alpha beyond float range', spec: spec({ precision: 'f32', data: { alpha: [1, 1e39] } }) },
    { name: 'n * P beyond 32-bit rows', spec: spec({ data: { n: 2 ** 24, P: 1024 } }) },
    { name: 'no modes', spec: spec({ train: { modes: [] } }) },
    { name: 'unimodal weights shorter than K', spec: { ...spec(), remedies: { ...remediesOff(2), unimodalWeights: [1] } } },
    { name: 'dropout longer than K', spec: { ...spec(), remedies: { ...remediesOff(2), dropout: [0.1, 0.1, 0.1] } } },
    {
      name: 'OGM window ending before it starts',
      spec: { ...spec(), remedies: { ...remediesOff(2), ogm: { alpha: 1, noise: false, startStep: 5, endStep: 4 } } },
    },
  ];
}

function nativeRefusal(spec: NativeRunSpec): string | null {
  try {
    loadNativeAddon().generateData(spec);
    return null;
  } catch (err) {
    return (err as Error).message.replace(/^spec: /, '');
  }
}

function referenceRefusal(spec: NativeRunSpec): string | null {
  try {
    validateReferenceSpec(spec);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('the engine limits table', () => {
  it('finds a schema range that reaches beyond the engine (so the checks below can fail)', () => {
    const limits = { 'data.P': { integer: true, min: 1, max: 256, aboveMin: false } };
    const field = (over: Partial<FieldInfo>): FieldInfo => ({ path: 'data.P', type: 'integer', default: 2, help: '', ...over });
    expect(schemaOverreach([field({ min: 1, max: 1024 })], limits)).toEqual(['data.P: schema maximum 1024 > engine maximum 256']);
    expect(schemaOverreach([field({ min: 0, max: 256 })], limits)).toEqual(["data.P: schema minimum 0 is below the engine's"]);
    expect(schemaOverreach([field({ path: 'data.Q', min: 1, max: 2 })], limits)).toEqual(['data.Q: the engine has no limit for it']);
    expect(schemaOverreach([field({ min: 1, max: 256 })], limits)).toEqual([]);
    const positive = { 'model.rho': { integer: false, min: 0, max: Infinity, aboveMin: true } };
    expect(schemaOverreach([field({ path: 'model.rho', type: 'number', min: 0, max: 5 })], positive)).toHaveLength(1);
    expect(schemaOverreach([field({ path: 'model.rho', type: 'number', above: 0, max: 5 })], positive)).toEqual([]);
  });

  it('keeps every numeric setting of the schema inside the reference table, and the table lists it', () => {
    expect(schemaOverreach(fieldTable(), ENGINE_LIMITS)).toEqual([]);
    expect(fieldTable().find((f) => f.path === 'data.P')?.max).toBe(ENGINE_LIMITS['data.P'].max);
  });

  it('gives the reference engine the refusals of the native engine, in the same words', () => {
    const probes = [...outOfRangeProbes(), ...crossFieldProbes()];
    expect(probes.length).toBeGreaterThan(60);
    for (const { name, spec } of probes) {
      const reference = referenceRefusal(spec);
      expect(reference, name).not.toBeNull();
      if (nativeAvailable()) expect(reference, name).toBe(nativeRefusal(spec));
    }
  });

  it('lets the reference engine accept every value the native table allows (up to its size caps)', () => {
    for (const [path, limit] of Object.entries(ENGINE_LIMITS) as [string, EngineLimit][]) {
      if (path.startsWith('options.') || path === 'train.batchSize' || path === 'data.nuisanceCount') continue;
      const extremes = [limit.aboveMin ? limit.min + 0.5 : limit.min, limit.max === Infinity ? 1e6 : limit.max];
      for (const value of extremes) {
        // Settings that others depend on get a base that fits every value of theirs.
        const spec =
          path === 'data.K'
            ? smallSpec({ data: { K: value, alpha: Array<number>(value).fill(1), mu: Array<number>(value).fill(0.01) } })
            : withSetting(path, value, smallSpec(path === 'model.m' ? { model: { head: 'odd' } } : {}));
        const refusal = referenceRefusal(spec) ?? '';
        // A big size may pass the ranges and meet the reference's size caps: not a range check.
        expect(refusal.includes(path), `${path} = ${value}: ${refusal}`).toBe(false);
      }
    }
  });
});

describe.skipIf(!nativeAvailable())('the native engine limits', () => {
  it('are exported by the addon and equal the table the reference engine checks', () => {
    expect(loadNativeAddon().capabilities().limits).toEqual(ENGINE_LIMITS);
  });

  it('keep every numeric setting of the schema inside the native engine', () => {
    expect(schemaOverreach(fieldTable(), loadNativeAddon().capabilities().limits)).toEqual([]);
  });

  it("name a refused setting by its schema path, after the run's place in a batch, which one run drops", async () => {
    const tooMany = withSetting('data.P', 2000);
    const train = () =>
      loadNativeAddon().train(
        [smallSpec(), tooMany],
        {},
        () => {},
        () => {},
      );
    expect(train).toThrow(RangeError);
    expect(train).toThrow(/^specs\[1\]: data\.P must be an integer in \[1, 1024\], got 2000$/);
    const refusal = selectEngine('cpu').train(tooMany, {});
    await expect(refusal).rejects.toBeInstanceOf(RunRefusedError);
    await expect(refusal).rejects.toThrow(/^data\.P must be an integer in \[1, 1024\], got 2000$/);
  });
});
