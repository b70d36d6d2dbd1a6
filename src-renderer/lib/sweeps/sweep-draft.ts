/**
 * The whole "New sweep" form: axes, seeds, batch size and name, checked together into the spec
 * that `api.startSweep` takes, with every issue keyed to the input it belongs beside, and the
 * run count (cells x seeds) shown live. `placeServerError` puts the lab's own refusals (which
 * name the spec field at fault) beside the same inputs.
 */
import type { FieldDto } from '../../../src-main/api/lab-api';
import { getAtPath } from '../config/config-paths';
import { checkAxis, type AxisCheck, type AxisDraft, type AxisSpec } from './sweep-axis';

export interface SweepDraft {
  axes: AxisDraft[];
  seedCount: string;
  firstSeed: string;
  runsPerBatch: string;
  name: string;
}

export const MIN_AXES = 1;
export const MAX_AXES = 3;
const MAX_SEEDS = 100_000;
const MAX_BATCH = 4096;
const MAX_NAME = 200;

/**
 * Where an issue is shown: `axis-<i>-<input>` beside an axis input, `seeds`, `first-seed`,
 * `batch`, `name`, `base` (the editor's configuration), or `form` for the sweep as a whole.
 */
export type IssueKey = string;

export interface SweepSpecDraft {
  name?: string;
  base: { config: Record<string, unknown> };
  grid: AxisSpec[];
  seeds: { count: number; start: number };
  runsPerBatch: number;
}

export interface DraftCheck {
  axes: AxisCheck[];
  cells: number;
  seeds: number;
  /** cells x seeds, or null while the numbers are not readable. */
  runs: number | null;
  issues: Record<IssueKey, string>;
  spec: SweepSpecDraft | null;
}

export function axisKey(index: number, input: string): IssueKey {
  return `axis-${index}-${input}`;
}

function wholeNumber(text: string, min: number, max: number, what: string): { value: number } | { message: string } {
  const trimmed = text.trim();
  const value = Number(trimmed);
  if (trimmed === '' || !Number.isInteger(value)) return { message: `${what} must be a whole number` };
  if (value < min) return { message: `${what} must be at least ${min}` };
  if (value > max) return { message: `${what} must be at most ${max}` };
  return { value };
}

/** The editor's draft as a sweep base: its seed is left out, since the sweep sets the seeds. */
export function baseFromEditor(config: Record<string, unknown>): Record<string, unknown> {
  const { seed: _seed, ...rest } = config;
  return rest;
}

export function checkDraft(draft: SweepDraft, fields: readonly FieldDto[], baseConfig: Record<string, unknown>): DraftCheck {
  const issues: Record<IssueKey, string> = {};
  const axes = draft.axes.map((axis) =>
    checkAxis(
      fields.find((f) => f.path === axis.path),
      axis,
    ),
  );
  axes.forEach((check, i) => {
    for (const issue of check.issues) issues[axisKey(i, issue.input)] = issue.message;
  });
  draft.axes.forEach((axis, i) => {
    if (axis.path !== '' && draft.axes.findIndex((a) => a.path === axis.path) < i)
      issues[axisKey(i, 'path')] = `${axis.path} is already swept by setting ${draft.axes.findIndex((a) => a.path === axis.path) + 1}`;
  });
  if (draft.axes.length < MIN_AXES || draft.axes.length > MAX_AXES) issues.form = `a sweep takes ${MIN_AXES} to ${MAX_AXES} settings`;

  const seedCount = wholeNumber(draft.seedCount, 1, MAX_SEEDS, 'the number of seeds');
  if ('message' in seedCount) issues.seeds = seedCount.message;
  const firstSeed = wholeNumber(draft.firstSeed, 0, Number.MAX_SAFE_INTEGER, 'the first seed');
  if ('message' in firstSeed) issues['first-seed'] = firstSeed.message;
  const batch = wholeNumber(draft.runsPerBatch, 1, MAX_BATCH, 'runs per batch');
  if ('message' in batch) issues.batch = batch.message;
  const name = draft.name.trim();
  if (name.length > MAX_NAME) issues.name = `the name must be at most ${MAX_NAME} characters`;

  const axesReady = axes.every((a) => a.spec !== null);
  const cells = axesReady ? axes.reduce((n, a) => n * a.values.length, 1) : 0;
  const seeds = 'value' in seedCount ? seedCount.value : 0;
  const runs = axesReady && 'value' in seedCount ? cells * seeds : null;
  const ok = Object.keys(issues).length === 0 && 'value' in firstSeed && 'value' in batch;
  const spec: SweepSpecDraft | null = ok
    ? {
        ...(name !== '' ? { name } : {}),
        base: { config: baseConfig },
        grid: axes.map((a) => a.spec as AxisSpec),
        seeds: { count: seeds, start: firstSeed.value },
        runsPerBatch: batch.value,
      }
    : null;
  return { axes, cells, seeds, runs, issues, spec };
}

/**
 * Which input a refusal from the lab belongs beside. The lab's messages read
 * `sweep spec: grid.1.count: ...`, `sweep spec: grid data.n: ...`, `sweep spec: cell {...}:
 * model.q must ...`, `sweep spec: seeds.count: ...`, `sweep spec: base: ...`.
 */
export function placeServerError(message: string, axes: readonly Pick<AxisDraft, 'path' | 'mode'>[]): IssueKey {
  const text = message.replace(/^sweep spec:\s*/, '');
  const byPath = (path: string | undefined, input: (mode: AxisDraft['mode']) => string): IssueKey | null => {
    const i = axes.findIndex((a) => a.path === path);
    return i >= 0 ? axisKey(i, input((axes[i] as AxisDraft).mode)) : null;
  };
  const valuesInput = (mode: AxisDraft['mode']): string => (mode === 'range' ? 'from' : 'values');
  const indexed = /^grid\.(\d+)(?:\.(\w+))?/.exec(text);
  if (indexed) {
    const i = Number(indexed[1]);
    if (i < axes.length) {
      const part = indexed[2] ?? 'path';
      const input = ['from', 'to', 'count', 'values', 'path'].includes(part) ? part : valuesInput((axes[i] as AxisDraft).mode);
      return axisKey(i, input);
    }
    return 'form';
  }
  const named = /^grid ([\w.]+):/.exec(text);
  if (named) return byPath(named[1], valuesInput) ?? 'form';
  if (/^grid\b/.test(text)) return 'form';
  const cell = /^cell \{.*?\}: ([\w.]+)/.exec(text);
  if (cell) return byPath(cell[1], valuesInput) ?? 'base';
  if (/^seeds\.start/.test(text)) return 'first-seed';
  if (/^seeds/.test(text)) return 'seeds';
  if (/^runsPerBatch/.test(text)) return 'batch';
  if (/^name/.test(text)) return 'name';
  if (/^base\b|backend/.test(text)) return 'base';
  return 'form';
}

/** The settings a configuration changes from the schema defaults, as `path = value` lines. */
export function changedSettings(config: Record<string, unknown>, fields: readonly FieldDto[]): string[] {
  const out: string[] = [];
  for (const field of fields) {
    const value = getAtPath(config, field.path);
    if (value === undefined || JSON.stringify(value) === JSON.stringify(field.default)) continue;
    out.push(`${field.path} = ${Array.isArray(value) ? `[${value.join(', ')}]` : String(value)}`);
  }
  return out;
}

/** An empty form: one setting still to choose, 4 seeds from 1. */
export function emptyDraft(): SweepDraft {
  return {
    axes: [{ path: '', mode: 'list', from: '', to: '', count: '3', spacing: 'linear', values: '' }],
    seedCount: '4',
    firstSeed: '1',
    runsPerBatch: '64',
    name: '',
  };
}
