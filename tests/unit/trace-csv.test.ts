import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { traceCsv, writeTraceCsv } from '../../src-main/io/trace-csv';
import { fakeSeries } from './fake-results';

describe('trace CSV', () => {
  it('is tidy: one row per mode and recorded step, mode and step first', () => {
    const modes = [
      {
        mode: 'joint' as const,
        series: fakeSeries(
          2,
          ['trainLoss', 'gamma0'],
          [
            [0.6931, 1e-3],
            [0.01, 0.25],
          ],
          [0, 20],
        ),
      },
      { mode: 'unimodal:1' as const, series: fakeSeries(2, ['trainLoss', 'gamma0'], [[0.7, NaN]], [0]) },
    ];
    expect(traceCsv(modes)).toBe(
      'mode,step,trainLoss,gamma0\n' + 'joint,0,0.6931,0.001\n' + 'joint,20,0.01,0.25\n' + 'unimodal:1,0,0.7,NaN\n',
    );
  });

  it('takes the union of columns and writes exact, round-tripping numbers', () => {
    const x = 0.1 + 0.2;
    const modes = [
      { mode: 'joint' as const, series: fakeSeries(1, ['a'], [[x]], [5]) },
      { mode: 'unimodal:0' as const, series: fakeSeries(1, ['b', 'a'], [[Infinity, -Infinity]], [5]) },
    ];
    const lines = traceCsv(modes).trim().split('\n');
    expect(lines[0]).toBe('mode,step,a,b');
    expect(Number(lines[1]?.split(',')[2])).toBe(x);
    expect(lines[1]).toBe(`joint,5,${x},NaN`);
    expect(lines[2]).toBe('unimodal:0,5,-inf,inf');
  });

  it('writes a file', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-trace-')), 't.csv');
    writeTraceCsv(file, [{ mode: 'joint', series: fakeSeries(1, ['a'], [[1]], [0]) }]);
    expect(fs.readFileSync(file, 'utf8')).toBe('mode,step,a\njoint,0,1\n');
  });
});
