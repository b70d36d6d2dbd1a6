import { describe, expect, it } from 'vitest';
import { decimateMinMax, usablePoints, type Point } from '../../src-renderer/lib/charts/decimate';

function series(n: number, f: (i: number) => number): Point[] {
  return Array.from({ length: n }, (_, i) => ({ x: i, y: f(i) }));
}

describe('min-max decimation', () => {
  it('returns short series unchanged', () => {
    const points = series(10, (i) => i * i);
    expect(decimateMinMax(points, 5)).toEqual(points);
  });

  it('keeps at most four points per bucket, in x order, with the first and last point', () => {
    const points = series(10_000, (i) => Math.sin(i / 37) + (i % 101 === 0 ? 5 : 0));
    const out = decimateMinMax(points, 200);
    expect(out.length).toBeLessThanOrEqual(800);
    expect(out.length).toBeGreaterThan(200);
    expect(out[0]).toEqual(points[0]);
    expect(out[out.length - 1]).toEqual(points[points.length - 1]);
    for (let i = 1; i < out.length; i++) expect((out[i] as Point).x).toBeGreaterThan((out[i - 1] as Point).x);
  });

  it('keeps every spike (the extremes of each bucket survive)', () => {
    const points = series(10_000, (i) => (i === 4321 ? 100 : i === 8765 ? -100 : 0));
    const out = decimateMinMax(points, 100);
    expect(out).toContainEqual({ x: 4321, y: 100 });
    expect(out).toContainEqual({ x: 8765, y: -100 });
  });

  it('keeps the overall minimum and maximum of a noisy series', () => {
    const ys = Array.from({ length: 5000 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const points = ys.map((y, x) => ({ x, y }));
    const out = decimateMinMax(points, 64);
    expect(Math.max(...out.map((p) => p.y))).toBe(Math.max(...ys));
    expect(Math.min(...out.map((p) => p.y))).toBe(Math.min(...ys));
  });

  it('rejects a bucket count that is not a positive integer', () => {
    expect(() => decimateMinMax([], 0)).toThrow(/positive integer/);
    expect(() => decimateMinMax([], 2.5)).toThrow(/positive integer/);
  });
});

describe('usable points', () => {
  it('drops missing values, and values at or below zero for a log axis', () => {
    const xs = [0, 1, 2, 3, 4];
    const ys = [1, null, Number.NaN, -2, 0];
    expect(usablePoints(xs, ys)).toEqual([
      { x: 0, y: 1 },
      { x: 3, y: -2 },
      { x: 4, y: 0 },
    ]);
    expect(usablePoints(xs, ys, true)).toEqual([{ x: 0, y: 1 }]);
  });
});
