import { describe, expect, it } from 'vitest';
import type { FieldDto } from '../../src-main/api/lab-api';
import { fieldDtos } from './field-dtos';
import {
  defaultsOf,
  getAtPath,
  groupBySection,
  mergeConfig,
  parseFieldInput,
  randomSeed,
  setAtPath,
} from '../../src-renderer/lib/config/config-paths';

function field(type: FieldDto['type']): FieldDto {
  return { path: 'x.y', type, default: null, help: '', range: '' };
}

describe('config paths', () => {
  it('reads and writes a setting by its dotted path without touching the original', () => {
    const config = { data: { n: 50, alpha: [1, 0.6] }, seed: 1 };
    const next = setAtPath(config, 'data.n', 8);
    expect(getAtPath(next, 'data.n')).toBe(8);
    expect(getAtPath(config, 'data.n')).toBe(50);
    expect(getAtPath(next, 'data.alpha')).toEqual([1, 0.6]);
    expect(getAtPath(setAtPath({}, 'model.q', 2), 'model.q')).toBe(2);
    expect(getAtPath(setAtPath(config, 'seed', undefined), 'seed')).toBeUndefined();
    expect(getAtPath(config, 'seed.deeper')).toBeUndefined();
  });

  it('merges a preset over the defaults (lists replace, objects merge)', () => {
    const merged = mergeConfig({ data: { n: 50, alpha: [1, 0.6] }, seed: 1 }, { data: { alpha: [1] }, seed: 6 });
    expect(merged).toEqual({ data: { n: 50, alpha: [1] }, seed: 6 });
  });

  it('builds the defaults from the schema fields and groups them by section', () => {
    const fields = fieldDtos();
    const defaults = defaultsOf(fields);
    expect(getAtPath(defaults, 'data.K')).toBe(2);
    expect(getAtPath(defaults, 'model.rho')).toBe(0.1);
    expect(groupBySection(fields).map((g) => g.section)).toEqual(expect.arrayContaining(['general', 'data', 'model', 'train']));
  });
});

describe('typed input', () => {
  it('parses numbers, integers, lists and booleans, and says what is wrong otherwise', () => {
    expect(parseFieldInput(field('integer'), ' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseFieldInput(field('integer'), '1.5')).toEqual({ ok: false, message: 'enter a whole number' });
    expect(parseFieldInput(field('number'), '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseFieldInput(field('number'), '')).toEqual({ ok: false, message: 'enter a number' });
    expect(parseFieldInput(field('number[]'), '[1, 0.6]')).toEqual({ ok: true, value: [1, 0.6] });
    expect(parseFieldInput(field('number[]'), '1, x')).toEqual({ ok: false, message: 'enter numbers separated by commas' });
    expect(parseFieldInput(field('string[]'), 'joint, unimodal:1')).toEqual({ ok: true, value: ['joint', 'unimodal:1'] });
    expect(parseFieldInput(field('boolean'), 'true')).toEqual({ ok: true, value: true });
    expect(parseFieldInput(field('boolean'), 'yes').ok).toBe(false);
  });

  it('draws seeds in the accepted range', () => {
    expect(randomSeed(() => 0)).toBe(0);
    expect(randomSeed(() => 0.999999)).toBeLessThan(2 ** 31);
  });
});
