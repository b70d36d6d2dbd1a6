/**
 * Labels of a logarithmic axis. chart.js puts a tick at every mantissa 1..9 and labels them
 * all, which overlaps; here only 1, 2 and 5 times a power of ten are labelled. On a narrow
 * range where fewer than two such ticks exist, about five evenly spaced ticks are labelled
 * with three significant digits instead, so the axis is never bare.
 */
function isRound(value: number): boolean {
  const mantissa = value / 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].some((m) => Math.abs(mantissa - m) < 1e-6 * m);
}

function format(value: number, digits: number): string {
  const rounded = Number(value.toPrecision(digits));
  return value >= 1e-3 && value < 1e4 ? String(rounded) : rounded.toExponential();
}

function isPowerOfTen(value: number): boolean {
  const mantissa = value / 10 ** Math.floor(Math.log10(value));
  return Math.abs(mantissa - 1) < 1e-6 || Math.abs(mantissa - 10) < 1e-5;
}

/**
 * `maxLabels` is how many labels fit the axis's height: past it only powers of ten are
 * labelled, and past that every second (third, ...) power of ten, so labels never overlap.
 */
export function logTickLabels(values: readonly number[], maxLabels = Infinity): string[] {
  const usable = values.map((v) => v > 0 && Number.isFinite(v));
  let round = values.map((v, i) => usable[i] === true && isRound(v));
  if (round.filter(Boolean).length > maxLabels) {
    round = values.map((v, i) => usable[i] === true && isPowerOfTen(v));
    const count = round.filter(Boolean).length;
    if (count > maxLabels) {
      const stride = Math.ceil(count / Math.max(1, maxLabels));
      let seen = 0;
      round = round.map((r) => r && seen++ % stride === 0);
    }
  }
  if (round.filter(Boolean).length >= 2) return values.map((v, i) => (round[i] ? format(v, 1) : ''));
  const stride = Math.max(1, Math.ceil(values.length / 5));
  return values.map((v, i) => (usable[i] && i % stride === 0 ? format(v, 3) : ''));
}
