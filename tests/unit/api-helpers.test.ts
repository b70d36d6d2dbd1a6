import { describe, expect, it } from 'vitest';
import { apiArgumentSchemas, parseApiCall } from '../../src-main/api/api-schemas';
import type { SeriesDto } from '../../src-main/api/lab-api';
import { toSeriesDto } from '../../src-main/api/series-dto';
import { predictedBoundary, type BoundaryCell } from '../../src-main/sweeps/phase-boundary';
import { quantile, seedBands } from '../../src-main/sweeps/seed-bands';

function cell(cellIndex: number, coords: Record<string, unknown>, winner: number | null): BoundaryCell {
  return { cellIndex, coords, stats: winner === null ? null : { predictedWinner: { modality: winner, share: 1 } } };
}

describe('toSeriesDto', () => {
  it('splits scalars by name, keeps alignments, and turns NaN and infinities into null', () => {
    const dto = toSeriesDto({
      K: 1,
      m: 2,
      steps: Int32Array.from([0, 10]),
      scalarNames: ['trainLoss', 'gamma0'],
      scalars: Float64Array.from([0.69, NaN, 0.5, Infinity]),
      alignments: Float32Array.from([0.25, -0.5, 0.75, 1]),
    });
    expect(dto.steps).toEqual([0, 10]);
    expect(dto.scalars).toEqual({ trainLoss: [0.69, 0.5], gamma0: [null, null] });
    expect(dto.alignments).toEqual([0.25, -0.5, 0.75, 1]);
    expect(JSON.parse(JSON.stringify(dto))).toEqual(dto);
  });
});

describe('predictedBoundary', () => {
  it('marks the edges between grid neighbours whose predicted winners differ', () => {
    // 3 x 2 grid over (a, b): winner 0 left of a = 2, winner 1 from a = 2 on.
    const cells = [
      cell(0, { a: 1, b: 'x' }, 0),
      cell(1, { a: 1, b: 'y' }, 0),
      cell(2, { a: 2, b: 'x' }, 1),
      cell(3, { a: 2, b: 'y' }, 1),
      cell(4, { a: 3, b: 'x' }, 1),
      cell(5, { a: 3, b: 'y' }, 0),
    ];
    expect(predictedBoundary(cells, ['a', 'b'])).toEqual([
      [0, 2],
      [1, 3],
      [3, 5],
      [4, 5],
    ]);
  });

  it('never joins cells two steps apart or differing in two settings, and skips unknown winners', () => {
    const cells = [cell(0, { a: 1, b: 1 }, 0), cell(1, { a: 2, b: 2 }, 1), cell(2, { a: 3, b: 1 }, 1), cell(3, { a: 2, b: 1 }, null)];
    expect(predictedBoundary(cells, ['a', 'b'])).toEqual([]);
  });

  it('compares list-valued coordinates by value', () => {
    const cells = [cell(0, { alpha: [1, 0.5] }, 0), cell(1, { alpha: [1, 0.9] }, 1)];
    expect(predictedBoundary(cells, ['alpha'])).toEqual([[0, 1]]);
  });
});

describe('seedBands', () => {
  const run = (steps: number[], gamma: (number | null)[]): SeriesDto => ({ K: 1, m: 1, steps, scalars: { gamma0: gamma }, alignments: [] });

  it('gives the mean and the 10th to 90th percentile band per step, counting the seeds present', () => {
    const runs = [run([0, 5, 10], [1, 2, 3]), run([0, 5, 10], [3, 4, 5]), run([0, 5], [5, null])];
    const band = seedBands(runs, 'gamma0');
    expect(band.steps).toEqual([0, 5, 10]);
    expect(band.n).toEqual([3, 2, 2]);
    expect(band.mean).toEqual([3, 3, 4]);
    expect(band.low[0]).toBeCloseTo(1.4, 12);
    expect(band.high[0]).toBeCloseTo(4.6, 12);
    expect(band.low[2]).toBeCloseTo(3.2, 12);
  });

  it('returns an empty band for an unknown scalar', () => {
    expect(seedBands([run([0], [1])], 'phi0').steps).toEqual([]);
  });

  it('interpolates quantiles between order statistics', () => {
    expect(quantile([10], 0.9)).toBe(10);
    expect(quantile([0, 10], 0.25)).toBe(2.5);
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('API argument schemas', () => {
  it('accepts good calls and names the method and field of a bad one', () => {
    expect(parseApiCall('getRun', { runId: 3 })).toEqual({ method: 'getRun', args: { runId: 3 } });
    expect(parseApiCall('info', undefined).args).toBeUndefined();
    expect(() => parseApiCall('getRun', { runId: -1 })).toThrow(/bad argument to getRun at runId/);
    expect(() => parseApiCall('getRun', { runId: 1, extra: true })).toThrow(/getRun/);
    expect(() => parseApiCall('dropTables', {})).toThrow(/unknown API method "dropTables"/);
    expect(() => parseApiCall('__proto__', {})).toThrow(/unknown API method/);
    expect(() => parseApiCall('exportPack', { runId: 1, sweepId: 2 })).toThrow(/exactly one of runId, sweepId or comparison/);
    expect(() => parseApiCall('tagRun', { runId: 1, add: ['  '] })).toThrow(/tagRun at add\.0/);
  });

  it('has a schema for every method name it advertises', () => {
    for (const name of Object.keys(apiArgumentSchemas)) expect(() => parseApiCall(name, {})).not.toThrow(/unknown API method/);
  });
});
