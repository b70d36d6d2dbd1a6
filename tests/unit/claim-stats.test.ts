import { describe, expect, it } from 'vitest';
import { logisticCurve, logisticFit, meanInterval, rate } from '../../src-main/science/claim-stats';
import { SeededRandom } from '../support/seeded-random';

describe('paper check statistics', () => {
  it('gives a rate with its Wilson interval', () => {
    const r = rate([true, true, true, false]);
    expect(r).toMatchObject({ kind: 'rate', successes: 3, n: 4, p: 0.75 });
    expect(r.low).toBeLessThan(0.75);
    expect(r.high).toBeGreaterThan(0.75);
    // 50 of 50 still leaves room below 1: the interval's lower end is about 93%.
    expect(rate(Array(50).fill(true)).low).toBeCloseTo(0.9287, 3);
  });

  it('gives a mean with a normal 95% interval, and none for a single value', () => {
    const m = meanInterval([1, 2, 3, 4]);
    expect(m.value).toBe(2.5);
    // sd = 1.29099, half width = 1.96 * 1.29099 / 2
    expect(m.high! - m.value!).toBeCloseTo((1.959964 * 1.290994) / 2, 5);
    expect(meanInterval([7])).toMatchObject({ value: 7, low: null, high: null, n: 1 });
    expect(meanInterval([])).toMatchObject({ value: null, n: 0 });
  });

  it('recovers the logistic curve that generated the wins', () => {
    const source = new SeededRandom(11);
    const random = (): number => source.uniform();
    const x: number[] = [];
    const y: boolean[] = [];
    for (let i = 0; i < 4000; i++) {
      const xi = random() * 6 - 3;
      x.push(xi);
      y.push(random() < logisticCurve({ intercept: 0.5, slope: 2 }, xi));
    }
    const fit = logisticFit(x, y);
    expect(fit.converged).toBe(true);
    expect(fit.slope).toBeCloseTo(2, 0);
    expect(fit.intercept).toBeCloseTo(0.5, 0);
    expect(fit.midpoint).toBeCloseTo(-0.25, 0);
  });

  it('stays finite when the wins are perfectly separated', () => {
    const fit = logisticFit([-2, -1, 1, 2], [false, false, true, true]);
    expect(Number.isFinite(fit.slope)).toBe(true);
    expect(fit.slope).toBeGreaterThan(3);
    expect(fit.midpoint).toBeCloseTo(0, 3);
  });
});
