/**
 * Tidy CSV for figure data and series: numbers written so they read back as the same double
 * (shortest round-trip form; NaN and infinities by name), strings quoted whenever they could be
 * mistaken for a number or contain a separator, empty for null. parseCsv inverts it exactly.
 */
import type { Cell, DataTable } from './chart-spec';

const NUMBER_PATTERN = /^(?:-?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?|NaN|-?Infinity)$/;

export function formatCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : Object.is(value, -0) ? '0' : String(value);
  if (value === '' || NUMBER_PATTERN.test(value) || /[",\r\n]/.test(value) || value !== value.trim()) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

export function toCsv(table: DataTable): string {
  const lines = [table.columns.map(formatCell).join(',')];
  for (const row of table.rows) lines.push(row.map(formatCell).join(','));
  return lines.join('\n') + '\n';
}

function splitLine(text: string, start: number): { cells: { raw: string; quoted: boolean }[]; next: number } {
  const cells: { raw: string; quoted: boolean }[] = [];
  let i = start;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('CSV: a quoted field is not closed');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      cells.push({ raw: value, quoted: true });
    } else {
      let end = i;
      while (end < text.length && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end++;
      cells.push({ raw: text.slice(i, end), quoted: false });
      i = end;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text[i] === '\r') i++;
    if (text[i] === '\n') i++;
    return { cells, next: i };
  }
}

export function parseCsv(text: string): DataTable {
  let position = 0;
  const lines: { raw: string; quoted: boolean }[][] = [];
  while (position < text.length) {
    const { cells, next } = splitLine(text, position);
    lines.push(cells);
    position = next;
  }
  const header = lines.shift();
  if (!header) throw new Error('CSV: no header line');
  const columns = header.map((c) => c.raw);
  const rows = lines.map((cells, n) => {
    if (cells.length !== columns.length) throw new Error(`CSV: line ${n + 2} has ${cells.length} fields, the header ${columns.length}`);
    return cells.map((c): Cell => {
      if (c.quoted) return c.raw;
      if (c.raw === '') return null;
      return NUMBER_PATTERN.test(c.raw) ? Number(c.raw) : c.raw;
    });
  });
  return { columns, rows };
}
