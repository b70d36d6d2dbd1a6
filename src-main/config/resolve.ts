/**
 * Configuration resolution: defaults < preset < config file < `--set key=value` < CLI flags <
 * shapes of an imported data file. The result is validated and normalised (alpha/mu expanded to
 * K values, modes expanded to explicit entries) so equal runs get equal hashes.
 */
import * as fs from 'node:fs';
import type { ModeName, NativeRemedies, NativeRunSpec } from '../engine/native-types';
import { fsFailure } from '../common/fs-failure';
import { fieldByPath, sectionNames } from './fields';
import { findPreset, presetNames } from './presets';
import type { RunConfig } from './schema';
import { ConfigError, unknownSettingMessage, validateConfig } from './validate';

type PlainObject = Record<string, unknown>;

function isPlainObject(value: unknown): value is PlainObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Objects merge key by key; arrays and scalars replace (a list is one setting). */
export function deepMerge(base: PlainObject, over: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export interface SetAssignment {
  path: string;
  value: unknown;
}

/**
 * Parses one `--set key=value`. The value is JSON where it parses (numbers, booleans, lists),
 * else the raw string (so `backend=cpu` needs no quotes). A single number or string given to a
 * list setting becomes a one-entry list (alpha/mu broadcast, modes).
 */
export function parseSetAssignment(text: string): SetAssignment {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new ConfigError(`--set needs key=value (e.g. --set data.n=100), got "${text}"`);
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1).trim();
  const field = fieldByPath(path);
  if (!field && !sectionNames().includes(path)) throw new ConfigError(unknownSettingMessage(path));
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  if (field && field.type.endsWith('[]') && !Array.isArray(value) && (typeof value === 'number' || typeof value === 'string')) {
    value = [value];
  }
  return { path, value };
}

function assignmentToObject({ path, value }: SetAssignment): PlainObject {
  const keys = path.split('.');
  let node: unknown = value;
  for (let i = keys.length - 1; i >= 0; i--) node = { [keys[i] as string]: node };
  return node as PlainObject;
}

export function readConfigFile(file: string): PlainObject {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${fsFailure(err)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(err as Error).message}`);
  }
  if (!isPlainObject(parsed)) throw new ConfigError(`config file ${file} must hold a JSON object of settings`);
  return parsed;
}

/** Data sizes read from an imported data file; they replace whatever the config said. */
export interface DataShapeOverrides {
  K: number;
  n: number;
  nTest: number;
  P: number;
  d: number;
}

export interface ResolveInput {
  preset?: string;
  /** Path of a JSON config file. */
  configFile?: string;
  /** An already parsed config object (used instead of / after the file). */
  configObject?: PlainObject;
  /** Raw `--set key=value` strings, applied in order. */
  sets?: string[];
  /** Dedicated CLI flags (`--backend`, `--precision`); they win over `--set`. */
  flags?: { backend?: string; precision?: string };
  dataShape?: DataShapeOverrides;
}

export interface ResolvedRun {
  config: RunConfig;
  /** Human-readable notes about the resolution (e.g. what an imported file overrode). */
  notes: string[];
}

function expandList(list: number[], K: number): number[] {
  return list.length === 1 ? new Array<number>(K).fill(list[0] as number) : list.slice();
}

/** `unimodal` becomes every `unimodal:r`; duplicates are dropped, order is kept. */
export function expandModes(modes: string[], K: number): ModeName[] {
  const out: ModeName[] = [];
  const add = (mode: ModeName): void => {
    if (!out.includes(mode)) out.push(mode);
  };
  for (const mode of modes) {
    if (mode === 'unimodal') for (let r = 0; r < K; r++) add(`unimodal:${r}`);
    else add(mode as ModeName);
  }
  return out;
}

type Remedies = NonNullable<RunConfig['remedies']>;

/** Whether any balancing remedy is on (a remedy at its default value changes nothing). */
export function remediesActive(remedies: RunConfig['remedies']): remedies is Remedies {
  if (!remedies) return false;
  return (
    remedies.jointWeight !== 1 ||
    remedies.unimodalWeights.some((w) => w !== 0) ||
    remedies.dropout.some((p) => p !== 0) ||
    remedies.ogm.alpha > 0 ||
    remedies.ogm.noise ||
    // A normalised config leaves blending out when it is off.
    (remedies.blending?.everySteps ?? 0) > 0
  );
}

/**
 * The effective form of a valid config: every list as long as the run uses it. Remedies that
 * are all off are left out, so such a run keeps the identity (hash) of the same run without them.
 */
export function normaliseConfig(config: RunConfig): RunConfig {
  const K = config.data.K;
  const { remedies, ...rest } = config;
  const normal: RunConfig = {
    ...rest,
    data: { ...config.data, alpha: expandList(config.data.alpha, K), mu: expandList(config.data.mu, K) },
    train: { ...config.train, modes: expandModes(config.train.modes, K) },
  };
  if (remediesActive(remedies)) {
    // Blending left at its default (off) is left out, so runs of the other remedies keep the
    // identity they had before re-estimated blending existed.
    const { blending, ...others } = remedies;
    normal.remedies = {
      ...others,
      unimodalWeights: expandList(remedies.unimodalWeights, K),
      dropout: expandList(remedies.dropout, K),
      ogm: { ...remedies.ogm },
      ...(blending && blending.everySteps > 0 ? { blending: { ...blending } } : {}),
    } as Remedies;
  }
  return normal;
}

export function resolveConfig(input: ResolveInput): ResolvedRun {
  const notes: string[] = [];
  let merged: PlainObject = {};
  if (input.preset !== undefined) {
    const preset = findPreset(input.preset);
    if (!preset) throw new ConfigError(`unknown preset "${input.preset}"; choose one of ${presetNames().join(', ')}`);
    merged = deepMerge(merged, preset.config as PlainObject);
  }
  if (input.configFile !== undefined) merged = deepMerge(merged, readConfigFile(input.configFile));
  if (input.configObject !== undefined) merged = deepMerge(merged, input.configObject);
  for (const text of input.sets ?? []) merged = deepMerge(merged, assignmentToObject(parseSetAssignment(text)));
  for (const [key, value] of Object.entries(input.flags ?? {})) {
    if (value !== undefined) merged = deepMerge(merged, { [key]: value });
  }
  if (input.dataShape) {
    const data = isPlainObject(merged.data) ? merged.data : {};
    // Compare with what the run would otherwise have used, defaults included.
    const before = (key: string): unknown => data[key] ?? fieldByPath(`data.${key}`)?.default;
    const changed = Object.entries(input.dataShape)
      .filter(([key, value]) => before(key) !== value)
      .map(([key, value]) => `data.${key} ${JSON.stringify(before(key))} -> ${value}`);
    merged = deepMerge(merged, { data: { ...input.dataShape } });
    const sizes = Object.entries(input.dataShape)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ');
    notes.push(`the imported data sets data.{${sizes}}` + (changed.length ? `, overriding the config (${changed.join(', ')})` : ''));
  }
  return { config: normaliseConfig(validateConfig(merged)), notes };
}

function toNativeRemedies(remedies: Remedies): NativeRemedies {
  const { blending, ...others } = remedies;
  return { ...others, ogm: { ...remedies.ogm }, ...(blending ? { blending: { ...blending } } : {}) };
}

/** The addon's input: the resolved config without the backend choice (the engine is chosen in TS). */
export function toRunSpec(config: RunConfig): NativeRunSpec {
  const normal = normaliseConfig(config);
  return {
    seed: normal.seed,
    data: { ...normal.data },
    model: { ...normal.model },
    train: { ...normal.train, modes: normal.train.modes as ModeName[] },
    ...(normal.remedies ? { remedies: toNativeRemedies(normal.remedies) } : {}),
    precision: normal.precision,
  };
}
