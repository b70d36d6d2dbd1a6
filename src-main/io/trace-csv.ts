/**
 * `--trace`: the recorded metrics as one tidy CSV, one row per (mode, recorded step), columns
 * `mode, step` then every scalar metric. Tidy so pandas/R/spreadsheets read it without reshaping.
 */
import * as fs from 'node:fs';
import type { NativeModeResult, NativeSeries } from '../engine/native-types';

/** Shortest text that round-trips the number; NaN (metric not applicable) is written as NaN. */
function cell(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

function quote(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function seriesRows(mode: string, series: NativeSeries, columns: readonly string[]): string[] {
  const width = series.scalarNames.length;
  const position = columns.map((name) => series.scalarNames.indexOf(name));
  const rows: string[] = [];
  for (let i = 0; i < series.steps.length; i++) {
    const cells = [quote(mode), String(series.steps[i])];
    for (const p of position) cells.push(p < 0 ? 'NaN' : cell(series.scalars[i * width + p] as number));
    rows.push(cells.join(','));
  }
  return rows;
}

/** The CSV text; the column set is the union over modes, in first-seen order. */
export function traceCsv(modes: readonly Pick<NativeModeResult, 'mode' | 'series'>[]): string {
  const columns: string[] = [];
  for (const mode of modes) for (const name of mode.series.scalarNames) if (!columns.includes(name)) columns.push(name);
  const lines = [['mode', 'step', ...columns].map(quote).join(',')];
  for (const mode of modes) lines.push(...seriesRows(mode.mode, mode.series, columns));
  return lines.join('\n') + '\n';
}

export function writeTraceCsv(file: string, modes: readonly Pick<NativeModeResult, 'mode' | 'series'>[]): void {
  fs.writeFileSync(file, traceCsv(modes));
}
