/**
 * The machine-readable settings table, derived from the zod schema (never written by hand), so
 * the science page's settings table, `modcomp config` and UI help cannot drift from the validator.
 */
import { z } from 'zod';
import { runConfigFieldsSchema } from './schema';

export type FieldType = 'integer' | 'number' | 'boolean' | 'string' | 'number[]' | 'string[]';

export interface FieldInfo {
  /** Dotted path, e.g. `data.alpha`. */
  path: string;
  type: FieldType;
  default: unknown;
  /** Inclusive lower bound, if any (for lists: of every entry). */
  min?: number;
  /** Exclusive lower bound (e.g. rho > 0). */
  above?: number;
  max?: number;
  /** Allowed values of a choice. */
  choices?: string[];
  unit?: string;
  help: string;
}

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  enum?: unknown[];
  pattern?: string;
  help?: string;
  unit?: string;
}

function leafInfo(path: string, node: JsonSchemaNode): FieldInfo {
  const info: FieldInfo = { path, type: 'string', default: node.default, help: node.help ?? '' };
  if (node.unit) info.unit = node.unit;
  const bounds = node.type === 'array' && node.items ? node.items : node;
  if (node.type === 'array') {
    info.type = node.items?.type === 'string' ? 'string[]' : 'number[]';
  } else if (node.type === 'integer' || node.type === 'number' || node.type === 'boolean') {
    info.type = node.type;
  }
  if (bounds.minimum !== undefined) info.min = bounds.minimum;
  if (bounds.exclusiveMinimum !== undefined) info.above = bounds.exclusiveMinimum;
  // zod reports int()'s implicit safe-integer bound; only keep the bound a person chose.
  if (bounds.maximum !== undefined) info.max = bounds.maximum;
  if (node.enum) info.choices = node.enum.map(String);
  return info;
}

function walk(prefix: string, node: JsonSchemaNode, out: FieldInfo[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (child.type === 'object') walk(path, child, out);
    else out.push(leafInfo(path, child));
  }
}

let cachedTable: FieldInfo[] | null = null;

/** Every setting, in schema order. */
export function fieldTable(): FieldInfo[] {
  if (!cachedTable) {
    const json = z.toJSONSchema(runConfigFieldsSchema, { io: 'input' }) as JsonSchemaNode;
    const out: FieldInfo[] = [];
    walk('', json, out);
    cachedTable = out;
  }
  return cachedTable;
}

export function fieldByPath(path: string): FieldInfo | undefined {
  return fieldTable().find((f) => f.path === path);
}

/** Names of the sections (`data`, `model`, `train`, `remedies`, `remedies.ogm`) whose settings nest under them. */
export function sectionNames(): string[] {
  const names = new Set<string>();
  for (const field of fieldTable()) {
    const keys = field.path.split('.');
    for (let depth = 1; depth < keys.length; depth++) names.add(keys.slice(0, depth).join('.'));
  }
  return [...names];
}

/** "an integer between 1 and 64", "a number > 0 and <= 1000000", "one of f32, f64". */
export function describeRange(field: FieldInfo): string {
  const bounds = (noun: string): string => {
    if (field.above !== undefined && field.max !== undefined) return `${noun} > ${field.above} and <= ${field.max}`;
    if (field.min !== undefined && field.max !== undefined) return `${noun} between ${field.min} and ${field.max}`;
    if (field.min !== undefined) return `${noun} >= ${field.min}`;
    if (field.above !== undefined) return `${noun} > ${field.above}`;
    return noun;
  };
  switch (field.type) {
    case 'integer':
      return bounds('an integer');
    case 'number':
      return bounds('a finite number');
    case 'boolean':
      return 'true or false';
    case 'number[]':
      return `a list of ${bounds('finite numbers').replace('finite numbers between', 'finite numbers, each between')}`;
    case 'string[]':
      return field.path === 'train.modes' ? 'a list of "joint", "unimodal" or "unimodal:r"' : 'a list of strings';
    case 'string':
      return field.choices ? `one of ${field.choices.join(', ')}` : 'a string';
  }
}

function formatDefault(value: unknown): string {
  return JSON.stringify(value);
}

/** The settings table as Markdown (the science page) or aligned plain text (terminal). */
export function formatFieldTable(style: 'markdown' | 'text' = 'markdown'): string {
  const rows = fieldTable().map((f) => [f.path, f.type, formatDefault(f.default), describeRange(f), f.unit ?? '', f.help]);
  const header = ['setting', 'type', 'default', 'allowed', 'unit', 'help'];
  if (style === 'markdown') {
    const escape = (s: string): string => s.replace(/\|/g, '\\|');
    const lines = [`| ${header.join(' | ')} |`, `|${header.map(() => '---').join('|')}|`];
    for (const row of rows) lines.push(`| ${row.map((c, i) => (i === 2 ? '`' + c + '`' : escape(c))).join(' | ')} |`);
    return lines.join('\n') + '\n';
  }
  // Terminal: the help text goes on its own indented line; it is too long for a column.
  const widths = header.slice(0, 5).map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const pad = (cells: string[]): string =>
    cells
      .slice(0, 5)
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const lines = [pad(header)];
  for (const row of rows) {
    lines.push(pad(row));
    lines.push(`    ${row[5] ?? ''}`);
  }
  return lines.join('\n') + '\n';
}
