/**
 * Min-max decimation per pixel bucket: the x range is cut into `buckets` equal slices and each
 * slice keeps its first, lowest, highest and last point, in x order. A line drawn through the
 * result covers the same pixels as the full series, so a 10,000-step run draws about four
 * points per pixel column instead of all of them. Points with a missing y (null, NaN, or not
 * positive when `positiveOnly` is set for a log axis) are dropped.
 */
export interface Point {
  x: number;
  y: number;
}

export function usablePoints(xs: readonly number[], ys: readonly (number | null)[], positiveOnly = false): Point[] {
  const out: Point[] = [];
  const n = Math.min(xs.length, ys.length);
  for (let i = 0; i < n; i++) {
    const x = xs[i] as number;
    const y = ys[i];
    if (y === null || y === undefined || !Number.isFinite(y) || !Number.isFinite(x)) continue;
    if (positiveOnly && y <= 0) continue;
    out.push({ x, y });
  }
  return out;
}

export function decimateMinMax(points: readonly Point[], buckets: number): Point[] {
  if (!Number.isInteger(buckets) || buckets < 1) throw new Error(`decimateMinMax: buckets must be a positive integer, got ${buckets}`);
  if (points.length <= buckets * 4) return points.slice();
  const first = points[0] as Point;
  const last = points[points.length - 1] as Point;
  const span = last.x - first.x;
  if (!(span > 0)) return [first, last];
  const out: Point[] = [];
  let i = 0;
  for (let b = 0; b < buckets && i < points.length; b++) {
    const end = b === buckets - 1 ? Infinity : first.x + (span * (b + 1)) / buckets;
    const start = i;
    let lo = i;
    let hi = i;
    while (i < points.length && (points[i] as Point).x < end) {
      const p = points[i] as Point;
      if (p.y < (points[lo] as Point).y) lo = i;
      if (p.y > (points[hi] as Point).y) hi = i;
      i++;
    }
    if (i === start) continue;
    const keep = [...new Set([start, lo, hi, i - 1])].sort((a, b) => a - b);
    for (const k of keep) out.push(points[k] as Point);
  }
  return out;
}
