import { describe, expect, it } from 'vitest';
import { formatCell, parseCsv, toCsv } from '../../src-main/figures/csv';
import { powerOfTen, scaleFor } from '../../src-main/figures/ticks';

describe('tidy CSV', () => {
  it('reads back exactly what it wrote: doubles, float32 values, NaN, infinities, numeric-looking strings, separators', () => {
    const table = {
      columns: ['mode', 'step', 'value', 'note'],
      rows: [
        ['joint', 0, 0.1 + 0.2, 'plain'],
        ['unimodal:0', 20, Math.fround(0.0362533301), '12'],
        ['a, "quoted" mode', 40, NaN, ''],
        ['x', 60, -Infinity, ' padded '],
        ['y', 80, 5e-324, null],
        ['z', 100, Infinity, 'NaN'],
      ],
    };
    const text = toCsv(table);
    expect(text.split('\n')[0]).toBe('mode,step,value,note');
    expect(text).toContain('"a, ""quoted"" mode",40,NaN,""');
    expect(text).toContain('unimodal:0,20,');
    expect(text).toContain(',"12"\n');
    const back = parseCsv(text);
    expect(back.columns).toEqual(table.columns);
    expect(back.rows).toEqual(table.rows);
    expect(Object.is(back.rows[1]?.[2], Math.fround(0.0362533301))).toBe(true);
  });

  it('writes negative zero as 0 and refuses ragged or unterminated input', () => {
    expect(formatCell(-0)).toBe('0');
    expect(() => parseCsv('a,b\n1\n')).toThrow(/line 2 has 1 fields, the header 2/);
    expect(() => parseCsv('a\n"open\n')).toThrow(/not closed/);
  });
});

describe('axis ticks', () => {
  it('labels a log axis with powers of ten in superscript, covering whole decades', () => {
    const scale = scaleFor({ label: 'g', unit: null, scale: 'log', tickFormat: 'number' }, [4e-4, 0.002, 6.5, -1, 0, NaN]);
    expect(scale.domain).toEqual([1e-4, 10]);
    expect(scale.ticks.map((t) => t.label)).toEqual(['10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '1', '10']);
    expect(scale.unit(0)).toBeNaN();
    expect(scale.unit(1e-4)).toBeCloseTo(0, 12);
    expect(powerOfTen(-12)).toBe('10⁻¹²');
  });

  it('thins the decades of a very wide log axis and widens a single value to a decade each side', () => {
    const wide = scaleFor({ label: 'g', unit: null, scale: 'log', tickFormat: 'number' }, [1e-12, 1e3]);
    expect(wide.ticks.length).toBeLessThanOrEqual(8);
    const single = scaleFor({ label: 'g', unit: null, scale: 'log', tickFormat: 'number' }, [0.1]);
    expect(single.domain).toEqual([0.01, 1]);
  });

  it('rounds a linear axis out to nice steps and prints fractions as percentages', () => {
    const steps = scaleFor({ label: 's', unit: null, scale: 'linear', tickFormat: 'number' }, [0, 3990]);
    expect(steps.ticks.map((t) => t.label)).toEqual(['0', '1000', '2000', '3000', '4000']);
    const errors = scaleFor({ label: 'e', unit: '%', scale: 'linear', tickFormat: 'percent' }, [0.02, 0.61]);
    expect(errors.ticks.map((t) => t.label)).toEqual(['0', '20', '40', '60', '80']);
    const small = scaleFor({ label: 'e', unit: null, scale: 'linear', tickFormat: 'number' }, [0.011, 0.049]);
    expect(small.ticks.map((t) => t.label)).toEqual(['0.01', '0.02', '0.03', '0.04', '0.05']);
  });
});
