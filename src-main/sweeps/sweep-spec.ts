/**
 * A sweep: a grid over one to three settings (any schema path; an explicit list, or `from`/`to`/
 * `count` with linear or log spacing) times N seeds, on top of a base (preset, config object,
 * `--set`-style strings). Everything is checked here, before any run starts, and every message
 * names the spec field at fault.
 */
import { z } from 'zod';
import { fieldByPath } from '../config/fields';
import { configHash } from '../config/hash';
import { deepMerge, normaliseConfig, parseSetAssignment, resolveConfig } from '../config/resolve';
import type { RunConfig } from '../config/schema';
import { ConfigError, unknownSettingMessage, validateConfig } from '../config/validate';

const valueSchema = z.union([z.number(), z.string(), z.boolean(), z.array(z.number())]);

const listAxis = z.strictObject({
  path: z.string().min(1),
  values: z.array(valueSchema).min(1).max(1000),
  /**
   * Settings that move with this one: each takes its i-th value where `path` takes its i-th
   * (e.g. model.sigma0 scaled with model.q so that learning finishes in the same time).
   */
  also: z.record(z.string().min(1), z.array(valueSchema).min(1).max(1000)).optional(),
});
const rangeAxis = z.strictObject({
  path: z.string().min(1),
  from: z.number(),
  to: z.number(),
  count: z.number().int().min(1).max(1000),
  spacing: z.enum(['linear', 'log']).default('linear'),
});

export const sweepSpecSchema = z.strictObject({
  name: z.string().min(1).max(200).optional(),
  base: z
    .strictObject({
      preset: z.string().optional(),
      config: z.record(z.string(), z.unknown()).optional(),
      set: z.array(z.string()).optional(),
    })
    .default({}),
  grid: z
    .array(z.union([listAxis, rangeAxis]))
    .min(1, 'grid needs 1 to 3 settings')
    .max(3, 'grid takes at most 3 settings'),
  seeds: z.union([
    z.number().int().min(1).max(100_000),
    z.strictObject({ count: z.number().int().min(1).max(100_000), start: z.number().int().min(0).default(1) }),
  ]),
  /** Runs trained together in one engine call (one per thread); small runs need big batches. */
  runsPerBatch: z.number().int().min(1).max(4096).default(64),
  /** Records kept per mode in each run's stored series (downsampled: sweeps have many runs). */
  seriesPoints: z.number().int().min(2).max(100_000).default(16),
});
export type SweepSpec = z.output<typeof sweepSpecSchema>;

export class SweepSpecError extends ConfigError {
  override name = 'SweepSpecError';
}

export interface SweepCell {
  index: number;
  coords: Record<string, unknown>;
}

export interface SweepRunPlan {
  cellIndex: number;
  seed: number;
  config: RunConfig;
  configHash: string;
  key: string;
}

export interface SweepPlan {
  spec: SweepSpec;
  specHash: string;
  name: string;
  cells: SweepCell[];
  seeds: number[];
  runs: SweepRunPlan[];
}

function zodMessage(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : 'spec'}: ${i.message}`).join('; ');
}

export function parseSweepSpec(raw: unknown, source = 'sweep spec'): SweepSpec {
  const parsed = sweepSpecSchema.safeParse(raw);
  if (!parsed.success) throw new SweepSpecError(`${source}: ${zodMessage(parsed.error)}`);
  return parsed.data;
}

/**
 * The swept settings of a stored sweep, in grid order. The first cell's coordinates (keyed by
 * setting) are asked for only when this build cannot read the stored spec, since reading them
 * may load the sweep's whole cell table.
 */
export function storedSweepAxes(spec: unknown, firstCoords: () => Record<string, unknown> | undefined): string[] {
  try {
    return parseSweepSpec(spec).grid.map((axis) => axis.path);
  } catch {
    return Object.keys(firstCoords() ?? {});
  }
}

export function axisValues(axis: SweepSpec['grid'][number], source: string): unknown[] {
  if ('values' in axis) return axis.values;
  const { from, to, count, spacing } = axis;
  if (spacing === 'log' && !(from > 0 && to > 0)) {
    throw new SweepSpecError(`${source}: grid ${axis.path}: log spacing needs from and to above 0`);
  }
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, i) => {
    const t = i / (count - 1);
    const value = spacing === 'log' ? Math.exp(Math.log(from) + t * (Math.log(to) - Math.log(from))) : from + t * (to - from);
    // Integer settings (data.n, model.m, ...) take the nearest integer; others keep twelve
    // significant digits, so the grid prints and hashes the same on every machine.
    return fieldByPath(axis.path)?.type === 'integer' ? Math.round(value) : Number(value.toPrecision(12));
  });
}

function objectAt(path: string, value: unknown): Record<string, unknown> {
  return path.split('.').reduceRight<unknown>((node, key) => ({ [key]: node }), value) as Record<string, unknown>;
}

function checkAxisPath(path: string, source: string): void {
  if (path === 'seed') throw new SweepSpecError(`${source}: grid seed: seeds are set by "seeds", not the grid`);
  const field = fieldByPath(path);
  if (!field) throw new SweepSpecError(`${source}: grid: ${unknownSettingMessage(path)}`);
}

function listValue(path: string, value: unknown): unknown {
  const field = fieldByPath(path);
  // A single number for a list setting means "every modality", as with --set.
  return field?.type.endsWith('[]') && !Array.isArray(value) ? [value] : value;
}

/** The settings an axis moves together: its own, then those of `also`, each with its values. */
function linkedSettings(axis: SweepSpec['grid'][number], source: string): { path: string; values: unknown[] }[] {
  const own = { path: axis.path, values: axisValues(axis, source) };
  if (!('also' in axis) || !axis.also) return [own];
  const linked = Object.entries(axis.also).map(([path, values]) => {
    if (values.length !== own.values.length) {
      throw new SweepSpecError(
        `${source}: grid ${axis.path}: also.${path} has ${values.length} values, ${own.values.length} needed (one per value of ${axis.path})`,
      );
    }
    return { path, values };
  });
  return [own, ...linked];
}

export function planSweep(raw: unknown, source = 'sweep spec'): SweepPlan {
  const spec = parseSweepSpec(raw, source);
  const axes = spec.grid.map((axis) => linkedSettings(axis, source));
  const paths = axes.flat().map((setting) => setting.path);
  paths.forEach((p) => checkAxisPath(p, source));
  if (new Set(paths).size !== paths.length) throw new SweepSpecError(`${source}: grid names a setting twice`);

  let base: Record<string, unknown> = {};
  try {
    if (spec.base.config) base = deepMerge(base, spec.base.config);
    for (const text of spec.base.set ?? []) {
      const { path, value } = parseSetAssignment(text);
      base = deepMerge(base, objectAt(path, value));
    }
    // Resolve once to report a bad preset or base config before expanding the grid.
    resolveConfig({ preset: spec.base.preset, configObject: base });
  } catch (err) {
    throw new SweepSpecError(`${source}: base: ${(err as Error).message}`);
  }

  const cells: SweepCell[] = [];
  const walk = (depth: number, coords: Record<string, unknown>): void => {
    if (depth === axes.length) {
      cells.push({ index: cells.length, coords });
      return;
    }
    const settings = axes[depth] as (typeof axes)[number];
    const count = (settings[0] as (typeof settings)[number]).values.length;
    for (let i = 0; i < count; i++) {
      const step = Object.fromEntries(settings.map((setting) => [setting.path, setting.values[i]]));
      walk(depth + 1, { ...coords, ...step });
    }
  };
  walk(0, {});

  const seeds =
    typeof spec.seeds === 'number'
      ? Array.from({ length: spec.seeds }, (_, i) => i + 1)
      : Array.from({ length: spec.seeds.count }, (_, i) => (spec.seeds as { start: number }).start + i);

  const runs: SweepRunPlan[] = [];
  for (const cell of cells) {
    let cellConfig: RunConfig;
    try {
      let object = base;
      for (const [path, value] of Object.entries(cell.coords)) object = deepMerge(object, objectAt(path, listValue(path, value)));
      cellConfig = resolveConfig({ preset: spec.base.preset, configObject: object }).config;
    } catch (err) {
      throw new SweepSpecError(`${source}: cell ${JSON.stringify(cell.coords)}: ${(err as Error).message}`);
    }
    if (cellConfig.backend === 'reference') {
      throw new SweepSpecError(`${source}: sweeps run on the native engine (cpu, cuda or auto); backend "reference" is too slow for them`);
    }
    for (const seed of seeds) {
      const config = normaliseConfig(validateConfig({ ...cellConfig, seed }));
      const hash = configHash(config);
      runs.push({ cellIndex: cell.index, seed, config, configHash: hash, key: `${hash}:${seed}` });
    }
  }
  // The name and the batch size do not change results, so they do not change the identity.
  const { name, runsPerBatch: _batching, ...identity } = spec;
  return { spec, specHash: configHash(identity), name: name ?? spec.grid.map((a) => a.path).join(' x '), cells, seeds, runs };
}
