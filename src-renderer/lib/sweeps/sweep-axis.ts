/**
 * One axis of a sweep as the "New sweep" panel holds it (text as typed, so a half-typed number
 * stays put and every mistake can be named beside its input), and its check: the values it
 * gives, the issues per input and the notes (rounding) the user should read. The values follow
 * the lab's own expansion of a range (sweeps/sweep-spec.ts), so the preview is what will run.
 */
import type { FieldDto } from '../../../src-main/api/lab-api';

export type AxisMode = 'range' | 'list';
export type Spacing = 'linear' | 'log';

export interface AxisDraft {
  path: string;
  mode: AxisMode;
  from: string;
  to: string;
  count: string;
  spacing: Spacing;
  /** Comma-separated values (list settings: one bracketed list per value). */
  values: string;
}

/** Inputs of an axis that an issue can sit beside. */
export type AxisInput = 'path' | 'from' | 'to' | 'count' | 'values';

export interface AxisIssue {
  input: AxisInput;
  message: string;
}

/** The spec's form of an axis: an explicit list, or a range the lab expands. */
export type AxisSpec = { path: string; values: unknown[] } | { path: string; from: number; to: number; count: number; spacing: Spacing };

export interface AxisCheck {
  /** The values the axis gives (empty while it has issues). */
  values: unknown[];
  spec: AxisSpec | null;
  issues: AxisIssue[];
  notes: string[];
}

/** The most values one axis takes (the lab's own limit). */
export const MAX_AXIS_VALUES = 1000;

/** How a setting can be swept: numbers by range or list, choices and lists of numbers by list only. */
export function sweepKind(field: FieldDto): 'numeric' | 'choice' | 'list' | null {
  if (field.path === 'seed') return null;
  if (field.choices && field.choices.length > 0) return 'choice';
  if (field.type === 'boolean') return 'choice';
  if (field.type === 'integer' || field.type === 'number') return 'numeric';
  if (field.type === 'number[]') return 'list';
  return null;
}

export function sweepableFields(fields: readonly FieldDto[]): FieldDto[] {
  return fields.filter((f) => sweepKind(f) !== null);
}

/** The choices of a choice setting (booleans: true and false). */
export function choicesOf(field: FieldDto): string[] {
  return field.choices && field.choices.length > 0 ? field.choices : field.type === 'boolean' ? ['true', 'false'] : [];
}

/** A fresh axis over `field`: ranges for numbers, every choice for choices, the default list for lists. */
export function newAxis(field: FieldDto): AxisDraft {
  const kind = sweepKind(field);
  const axis: AxisDraft = {
    path: field.path,
    mode: kind === 'numeric' ? 'range' : 'list',
    from: '',
    to: '',
    count: '3',
    spacing: 'linear',
    values: '',
  };
  if (kind === 'numeric' && typeof field.default === 'number') {
    const d = field.default;
    axis.from = String(d === 0 ? 0 : d / 2);
    axis.to = String(d === 0 ? 1 : d * 2);
  } else if (kind === 'choice') {
    axis.values = choicesOf(field).join(', ');
  } else if (kind === 'list' && Array.isArray(field.default)) {
    axis.values = `[${field.default.join(', ')}]`;
  }
  return axis;
}

function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : null;
}

/** Why `value` is outside the setting's range, or null. */
export function outOfRange(field: FieldDto, value: number): string | null {
  if (field.min !== undefined && value < field.min) return `${value} is below the minimum ${field.min}`;
  if (field.above !== undefined && value <= field.above) return `${value} must be above ${field.above}`;
  if (field.max !== undefined && value > field.max) return `${value} is above the maximum ${field.max}`;
  return null;
}

/** The values of a range, as the lab computes them (integers rounded, others to 12 digits). */
export function rangeValues(from: number, to: number, count: number, spacing: Spacing, integer: boolean): number[] {
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    const value = spacing === 'log' ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from);
    return integer ? Math.round(value) : Number(value.toPrecision(12));
  });
}

/**
 * Splits the values of a list setting: `[1, 0.4], [1, 1.4]` (or `1 0.4; 1 1.4`) gives two
 * lists; a bare number means "this value for every modality", as in the lab.
 */
function splitListValues(text: string): string[] {
  const trimmed = text.trim();
  if (trimmed.includes('[')) {
    const groups = [...trimmed.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1] ?? '');
    const rest = trimmed.replace(/\[[^\]]*\]/g, '').replace(/[\s,;]/g, '');
    return rest === '' ? groups : [];
  }
  return trimmed
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

function parseListAxis(field: FieldDto, text: string): { values: unknown[] } | { message: string } {
  const kind = sweepKind(field);
  if (text.trim() === '') return { message: 'enter at least one value' };
  if (kind === 'list') {
    const groups = splitListValues(text);
    if (groups.length === 0) return { message: 'enter one list per value, e.g. [1, 0.4], [1, 1.4]' };
    const values: unknown[] = [];
    for (const group of groups) {
      const parts = group.split(/[,\s]+/).filter((p) => p !== '');
      const numbers = parts.map(parseNumber);
      if (parts.length === 0 || numbers.some((n) => n === null)) return { message: `"${group.trim()}" is not a list of numbers` };
      for (const n of numbers as number[]) {
        const why = outOfRange(field, n);
        if (why) return { message: why };
      }
      values.push(numbers.length === 1 ? numbers[0] : numbers);
    }
    return { values };
  }
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (parts.length === 0) return { message: 'enter at least one value' };
  if (kind === 'choice') {
    const choices = choicesOf(field);
    const bad = parts.find((p) => !choices.includes(p));
    if (bad !== undefined) return { message: `"${bad}" is not one of ${choices.join(', ')}` };
    return { values: field.type === 'boolean' ? parts.map((p) => p === 'true') : parts };
  }
  const values: number[] = [];
  for (const part of parts) {
    const n = parseNumber(part);
    if (n === null) return { message: `"${part}" is not a number` };
    if (field.type === 'integer' && !Number.isInteger(n)) return { message: `${field.path} takes whole numbers; ${part} is not one` };
    const why = outOfRange(field, n);
    if (why) return { message: why };
    values.push(n);
  }
  return { values };
}

function firstRepeat(values: readonly unknown[]): unknown {
  const seen = new Set<string>();
  for (const v of values) {
    const key = JSON.stringify(v);
    if (seen.has(key)) return v;
    seen.add(key);
  }
  return undefined;
}

function show(value: unknown): string {
  return Array.isArray(value) ? `[${value.join(', ')}]` : String(value);
}

/** Checks one axis against its setting; `field` is undefined when no setting is chosen. */
export function checkAxis(field: FieldDto | undefined, axis: AxisDraft): AxisCheck {
  const fail = (issues: AxisIssue[], notes: string[] = []): AxisCheck => ({ values: [], spec: null, issues, notes });
  if (!field || sweepKind(field) === null) return fail([{ input: 'path', message: 'choose a setting to sweep' }]);
  let values: unknown[];
  let spec: AxisSpec;
  const notes: string[] = [];
  if (axis.mode === 'range') {
    if (sweepKind(field) !== 'numeric') return fail([{ input: 'path', message: `${field.path} takes a list of values, not a range` }]);
    const issues: AxisIssue[] = [];
    const from = parseNumber(axis.from);
    const to = parseNumber(axis.to);
    const count = parseNumber(axis.count);
    if (from === null) issues.push({ input: 'from', message: 'enter a number' });
    if (to === null) issues.push({ input: 'to', message: 'enter a number' });
    if (count === null || !Number.isInteger(count) || count < 1)
      issues.push({ input: 'count', message: 'count must be a whole number of at least 1' });
    else if (count > MAX_AXIS_VALUES) issues.push({ input: 'count', message: `count must be at most ${MAX_AXIS_VALUES}` });
    if (axis.spacing === 'log') {
      if (from !== null && from <= 0) issues.push({ input: 'from', message: 'log spacing needs a bound above 0' });
      if (to !== null && to <= 0) issues.push({ input: 'to', message: 'log spacing needs a bound above 0' });
    }
    for (const [input, value] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const why = value === null ? null : outOfRange(field, value);
      if (why && !issues.some((i) => i.input === input)) issues.push({ input, message: why });
    }
    if (issues.length > 0) return fail(issues);
    const integer = field.type === 'integer';
    values = rangeValues(from as number, to as number, count as number, axis.spacing, integer);
    spec = { path: field.path, from: from as number, to: to as number, count: count as number, spacing: axis.spacing };
    if (integer) notes.push(`${field.path} is a whole-number setting: the values are rounded to ${values.join(', ')}.`);
    const repeat = firstRepeat(values);
    if (repeat !== undefined) {
      return fail(
        [
          {
            input: 'count',
            message: `the range gives ${show(repeat)} more than once${integer ? ' after rounding' : ''}: lower the count or widen the range`,
          },
        ],
        notes,
      );
    }
  } else {
    const parsed = parseListAxis(field, axis.values);
    if ('message' in parsed) return fail([{ input: 'values', message: parsed.message }]);
    values = parsed.values;
    if (values.length > MAX_AXIS_VALUES) return fail([{ input: 'values', message: `at most ${MAX_AXIS_VALUES} values` }]);
    const repeat = firstRepeat(values);
    if (repeat !== undefined) return fail([{ input: 'values', message: `${show(repeat)} is listed twice` }]);
    spec = { path: field.path, values };
  }
  return { values, spec, issues: [], notes };
}

export function formatAxisValue(value: unknown): string {
  return show(value);
}
