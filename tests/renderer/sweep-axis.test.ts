import { describe, expect, it } from 'vitest';
import type { FieldDto } from '../../src-main/api/lab-api';
import { axisValues } from '../../src-main/sweeps/sweep-spec';
import { checkAxis, newAxis, rangeValues, sweepableFields, sweepKind, type AxisDraft } from '../../src-renderer/lib/sweeps/sweep-axis';
import { fieldDtos } from './field-dtos';

const FIELDS = fieldDtos();
const field = (path: string): FieldDto => {
  const found = FIELDS.find((f) => f.path === path);
  if (!found) throw new Error(`no field ${path}`);
  return found;
};
const range = (path: string, from: string, to: string, count: string, spacing: 'linear' | 'log' = 'linear'): AxisDraft => ({
  path,
  mode: 'range',
  from,
  to,
  count,
  spacing,
  values: '',
});
const list = (path: string, values: string): AxisDraft => ({ path, mode: 'list', from: '', to: '', count: '', spacing: 'linear', values });

describe('which settings a sweep can take', () => {
  it('offers numbers, choices, booleans and lists of numbers, but not the seed or lists of names', () => {
    const paths = sweepableFields(FIELDS).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['data.n', 'model.q', 'data.alpha', 'data.mu', 'backend', 'data.noiseOrthogonal']));
    expect(paths).not.toContain('seed');
    expect(paths).not.toContain('train.modes');
    expect(sweepKind(field('model.q'))).toBe('numeric');
    expect(sweepKind(field('data.alpha'))).toBe('list');
    expect(sweepKind(field('model.head'))).toBe('choice');
  });

  it('starts a number as a range around its default and a choice as all its choices', () => {
    expect(newAxis(field('model.q'))).toMatchObject({ mode: 'range', from: '1.5', to: '6' });
    expect(newAxis(field('model.head'))).toMatchObject({ mode: 'list', values: 'twoClass, odd' });
    expect(newAxis(field('data.alpha'))).toMatchObject({ mode: 'list', values: '[1, 0.6]' });
  });
});

describe('a range axis', () => {
  it('gives the same values as the lab expands (linear and log, integers rounded)', () => {
    const cases = [
      { path: 'model.q', from: 2, to: 4, count: 5, spacing: 'linear' as const },
      { path: 'model.sigma0', from: 1e-4, to: 1e-1, count: 7, spacing: 'log' as const },
      { path: 'data.n', from: 10, to: 1000, count: 6, spacing: 'log' as const },
      { path: 'data.n', from: 8, to: 8, count: 1, spacing: 'linear' as const },
    ];
    for (const c of cases) {
      const check = checkAxis(field(c.path), range(c.path, String(c.from), String(c.to), String(c.count), c.spacing));
      expect(check.issues).toEqual([]);
      expect(check.values).toEqual(axisValues(c, 'test'));
      expect(check.spec).toEqual(c);
    }
  });

  it('says when an integer setting is rounded, and refuses a range that rounds to repeats', () => {
    const ok = checkAxis(field('data.n'), range('data.n', '10', '20', '3'));
    expect(ok.values).toEqual([10, 15, 20]);
    expect(ok.notes.join(' ')).toMatch(/rounded to 10, 15, 20/);
    const repeats = checkAxis(field('model.m'), range('model.m', '1', '2', '4'));
    expect(repeats.spec).toBeNull();
    expect(repeats.issues).toEqual([{ input: 'count', message: expect.stringMatching(/more than once after rounding/) }]);
    expect(checkAxis(field('model.q'), range('model.q', '2', '4', '3')).notes).toEqual([]);
  });

  it('needs positive bounds for log spacing, a whole count of at least 1, and numbers', () => {
    const log = checkAxis(field('model.sigma0'), range('model.sigma0', '0', '0.1', '3', 'log'));
    expect(log.issues).toEqual([{ input: 'from', message: 'log spacing needs a bound above 0' }]);
    expect(checkAxis(field('model.q'), range('model.q', '2', '3', '0')).issues).toEqual([
      { input: 'count', message: expect.stringMatching(/at least 1/) },
    ]);
    expect(checkAxis(field('model.q'), range('model.q', '2', '3', '2.5')).issues.map((i) => i.input)).toEqual(['count']);
    expect(checkAxis(field('model.q'), range('model.q', 'two', '', '3')).issues.map((i) => i.input)).toEqual(['from', 'to']);
  });

  it('names a bound outside the setting range', () => {
    expect(checkAxis(field('model.q'), range('model.q', '0.5', '3', '3')).issues).toEqual([
      { input: 'from', message: '0.5 is below the minimum 1' },
    ]);
    expect(checkAxis(field('model.rho'), range('model.rho', '0', '1', '3')).issues).toEqual([
      { input: 'from', message: '0 must be above 0' },
    ]);
  });

  it('is refused for a setting that takes a list', () => {
    expect(checkAxis(field('backend'), range('backend', '1', '2', '2')).issues).toEqual([
      { input: 'path', message: expect.stringMatching(/list of values/) },
    ]);
  });

  it('computes log ranges exactly at both ends', () => {
    expect(rangeValues(0.001, 1, 4, 'log', false)).toEqual([0.001, 0.01, 0.1, 1]);
  });
});

describe('a list axis', () => {
  it('reads comma-separated numbers and choices', () => {
    expect(checkAxis(field('model.q'), list('model.q', '2, 3,4')).values).toEqual([2, 3, 4]);
    expect(checkAxis(field('model.head'), list('model.head', 'odd, twoClass')).values).toEqual(['odd', 'twoClass']);
    expect(checkAxis(field('data.cleanSignal'), list('data.cleanSignal', 'true, false')).values).toEqual([true, false]);
  });

  it('reads a list setting as lists of lists, a bare number meaning every modality', () => {
    expect(checkAxis(field('data.alpha'), list('data.alpha', '[1, 0.4], [1, 1.4]')).spec).toEqual({
      path: 'data.alpha',
      values: [
        [1, 0.4],
        [1, 1.4],
      ],
    });
    expect(checkAxis(field('data.mu'), list('data.mu', '0.1 0.2; 0.3')).values).toEqual([[0.1, 0.2], 0.3]);
  });

  it('names what it cannot read', () => {
    expect(checkAxis(field('model.q'), list('model.q', '2, x')).issues).toEqual([{ input: 'values', message: '"x" is not a number' }]);
    expect(checkAxis(field('data.n'), list('data.n', '10, 2.5')).issues[0]?.message).toMatch(/whole numbers/);
    expect(checkAxis(field('model.head'), list('model.head', 'odd, three')).issues[0]?.message).toBe('"three" is not one of twoClass, odd');
    expect(checkAxis(field('data.alpha'), list('data.alpha', '[1, 0.4] 7')).issues[0]?.message).toMatch(/one list per value/);
    expect(checkAxis(field('data.mu'), list('data.mu', '[0.2, 1.5]')).issues[0]?.message).toBe('1.5 is above the maximum 1');
    expect(checkAxis(field('model.q'), list('model.q', '2, 3, 2')).issues[0]?.message).toBe('2 is listed twice');
    expect(checkAxis(field('model.q'), list('model.q', ' ')).issues[0]?.message).toBe('enter at least one value');
  });

  it('asks for a setting when none is chosen', () => {
    expect(checkAxis(undefined, list('', '1')).issues).toEqual([{ input: 'path', message: 'choose a setting to sweep' }]);
  });
});
