/**
 * Axis ranges, ticks and tick labels. Every label is built from integers and fixed decimals, so
 * the same data gives the same characters on every machine.
 */
import type { AxisSpec, Scale } from './chart-spec';

export interface Tick {
  value: number;
  label: string;
}

export interface ScaleMap {
  domain: [number, number];
  scale: Scale;
  ticks: Tick[];
  /** Maps a data value to [0, 1] along the axis (NaN where the value cannot be drawn). */
  unit(value: number): number;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '\u207B',
  '0': '\u2070',
  '1': '\u00B9',
  '2': '\u00B2',
  '3': '\u00B3',
  '4': '\u2074',
  '5': '\u2075',
  '6': '\u2076',
  '7': '\u2077',
  '8': '\u2078',
  '9': '\u2079',
};

/** 10 to an integer power as text, e.g. "10⁻³". */
export function powerOfTen(exponent: number): string {
  if (exponent === 0) return '1';
  if (exponent === 1) return '10';
  return (
    '10' +
    String(exponent)
      .split('')
      .map((c) => SUPERSCRIPT[c] ?? c)
      .join('')
  );
}

/** A value with `decimals` fixed decimals, "-0" printed as "0". */
export function fixed(value: number, decimals: number): string {
  const text = value.toFixed(Math.max(0, Math.min(20, decimals)));
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** A compact label for a value of any size (used for cell values and reference lines). */
export function compactNumber(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '∞' : '-∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e5) return String(Number(value.toPrecision(3)));
  const [mantissa, exponent] = value.toExponential(2).split('e') as [string, string];
  return `${String(Number(mantissa))}e${Number(exponent)}`;
}

function niceStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const fraction = raw / power;
  const nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
  return nice * power;
}

function linearScale(min: number, max: number, axis: AxisSpec, target: number): ScaleMap {
  let lo = min;
  let hi = max;
  if (!(hi > lo)) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep(hi - lo, target);
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const fixedDomain = axis.domain !== undefined;
  const start = fixedDomain ? lo : Math.floor(lo / step + 1e-9) * step;
  const end = fixedDomain ? hi : Math.ceil(hi / step - 1e-9) * step;
  const ticks: Tick[] = [];
  const first = Math.ceil(start / step - 1e-9);
  const last = Math.floor(end / step + 1e-9);
  for (let k = first; k <= last; k++) {
    const value = k * step;
    const shown = axis.tickFormat === 'percent' ? value * 100 : value;
    const shownDecimals = axis.tickFormat === 'percent' ? Math.max(0, decimals - 2) : decimals;
    ticks.push({ value, label: fixed(shown, shownDecimals) });
  }
  return { domain: [start, end], scale: 'linear', ticks, unit: (v) => (Number.isFinite(v) ? (v - start) / (end - start) : NaN) };
}

/** 10^e, exact for whole e (Math.pow(10, -4) is not 1e-4). */
function tenTo(e: number): number {
  return Number.isInteger(e) ? Number(`1e${e}`) : Math.pow(10, e);
}

function logScale(min: number, max: number, axis: AxisSpec): ScaleMap {
  let lo = Math.floor(Math.log10(min) + 1e-9);
  let hi = Math.ceil(Math.log10(max) - 1e-9);
  if (axis.domain) {
    lo = Math.log10(axis.domain[0]);
    hi = Math.log10(axis.domain[1]);
  }
  if (!(hi > lo)) {
    lo -= 1;
    hi += 1;
  }
  const every = Math.max(1, Math.ceil((Math.floor(hi) - Math.ceil(lo) + 1) / 7));
  const ticks: Tick[] = [];
  for (let e = Math.ceil(lo - 1e-9); e <= Math.floor(hi + 1e-9); e++) {
    if ((e - Math.ceil(lo - 1e-9)) % every === 0) ticks.push({ value: tenTo(e), label: powerOfTen(e) });
  }
  return {
    domain: [tenTo(lo), tenTo(hi)],
    scale: 'log',
    ticks,
    unit: (v) => (v > 0 && Number.isFinite(v) ? (Math.log10(v) - lo) / (hi - lo) : NaN),
  };
}

/** Positions 0..n-1 with their labels, half a step of room at either end, about eight labels at most. */
function categoryScale(categories: string[]): ScaleMap {
  const n = Math.max(1, categories.length);
  const every = Math.max(1, Math.ceil(n / 8));
  const ticks = categories.flatMap((label, i) => (i % every === 0 ? [{ value: i, label }] : []));
  return { domain: [-0.5, n - 0.5], scale: 'linear', ticks, unit: (v) => (Number.isFinite(v) ? (v + 0.5) / n : NaN) };
}

/** The scale of an axis over the given data values (non-finite ones, and non-positive ones on a log axis, are ignored). */
export function scaleFor(axis: AxisSpec, values: number[], targetTicks = 5): ScaleMap {
  if (axis.categories) return categoryScale(axis.categories);
  const usable = values.filter((v) => Number.isFinite(v) && (axis.scale === 'linear' || v > 0));
  let min = axis.domain?.[0] ?? Infinity;
  let max = axis.domain?.[1] ?? -Infinity;
  if (!axis.domain) {
    for (const v of usable) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = axis.scale === 'log' ? [0.1, 10] : [0, 1];
  return axis.scale === 'log' ? logScale(min, max, axis) : linearScale(min, max, axis, targetTicks);
}

/** "label (unit)", or the label alone. */
export function axisTitle(axis: { label: string; unit: string | null }): string {
  return axis.unit ? `${axis.label} (${axis.unit})` : axis.label;
}
