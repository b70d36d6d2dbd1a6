/**
 * Reading and writing one setting of a configuration by its dotted path (`data.alpha`), and
 * turning what the user typed into the setting's value. The editor keeps the configuration as
 * plain JSON; the service validates it and names any setting at fault.
 */
import type { FieldDto } from '../../../src-main/api/lab-api';

export type ConfigObject = Record<string, unknown>;

export function getAtPath(config: ConfigObject, path: string): unknown {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

/** A copy of `config` with the setting at `path` replaced (or removed when value is undefined). */
export function setAtPath(config: ConfigObject, path: string, value: unknown): ConfigObject {
  const [head, ...rest] = path.split('.') as [string, ...string[]];
  const copy: ConfigObject = { ...config };
  if (rest.length === 0) {
    if (value === undefined) delete copy[head];
    else copy[head] = value;
    return copy;
  }
  const child = copy[head];
  const base = typeof child === 'object' && child !== null && !Array.isArray(child) ? (child as ConfigObject) : {};
  copy[head] = setAtPath(base, rest.join('.'), value);
  return copy;
}

/** Deep merge of plain objects (arrays and scalars of `over` replace those of `base`). */
export function mergeConfig(base: ConfigObject, over: ConfigObject): ConfigObject {
  const out: ConfigObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const old = out[key];
    const bothObjects =
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof old === 'object' &&
      old !== null &&
      !Array.isArray(old);
    out[key] = bothObjects ? mergeConfig(old as ConfigObject, value as ConfigObject) : value;
  }
  return out;
}

/** The schema defaults of every field, as one configuration. */
export function defaultsOf(fields: readonly FieldDto[]): ConfigObject {
  return fields.reduce<ConfigObject>((config, field) => setAtPath(config, field.path, field.default), {});
}

export type ParsedInput = { ok: true; value: unknown } | { ok: false; message: string };

/** Text shown in a field's input for its current value. */
export function formatFieldValue(field: FieldDto, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (field.type === 'number[]' || field.type === 'string[]') return Array.isArray(value) ? value.join(', ') : String(value);
  return String(value);
}

function parseNumber(text: string, integer: boolean): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return null;
  if (integer && !Number.isInteger(value)) return null;
  return value;
}

/**
 * What the user typed, as the setting's value. Only the shape is checked here (a number where a
 * number goes); ranges are the service's business, so the message matches the CLI's.
 */
export function parseFieldInput(field: FieldDto, text: string): ParsedInput {
  switch (field.type) {
    case 'integer':
    case 'number': {
      const value = parseNumber(text, field.type === 'integer');
      return value === null
        ? { ok: false, message: `enter ${field.type === 'integer' ? 'a whole number' : 'a number'}` }
        : { ok: true, value };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { ok: true, value: text === 'true' } : { ok: false, message: 'choose true or false' };
    case 'string':
      return { ok: true, value: text };
    case 'number[]': {
      const parts = text
        .replace(/^\s*\[|\]\s*$/g, '')
        .split(/[,\s]+/)
        .filter((p) => p !== '');
      const values = parts.map((p) => parseNumber(p, false));
      if (parts.length === 0 || values.some((v) => v === null)) return { ok: false, message: 'enter numbers separated by commas' };
      return { ok: true, value: values };
    }
    case 'string[]': {
      const values = text
        .replace(/^\s*\[|\]\s*$/g, '')
        .split(',')
        .map((p) => p.trim().replace(/^"|"$/g, ''))
        .filter((p) => p !== '');
      return values.length === 0 ? { ok: false, message: 'enter at least one value' } : { ok: true, value: values };
    }
  }
}

/** Section of a setting (the part before the first dot; top-level settings are "general"). */
export function sectionOf(path: string): string {
  const dot = path.indexOf('.');
  return dot < 0 ? 'general' : path.slice(0, dot);
}

export function groupBySection(fields: readonly FieldDto[]): { section: string; fields: FieldDto[] }[] {
  const groups: { section: string; fields: FieldDto[] }[] = [];
  for (const field of fields) {
    const section = sectionOf(field.path);
    let group = groups.find((g) => g.section === section);
    if (!group) {
      group = { section, fields: [] };
      groups.push(group);
    }
    group.fields.push(field);
  }
  return groups;
}

/** A fresh seed for "new seed": uniform over a range the schema accepts. */
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 2 ** 31);
}
