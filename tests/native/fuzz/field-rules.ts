/**
 * The contract of every setting, as the fuzzer judges it: which values the addon must refuse,
 * and which setting names an error may legitimately blame when a value is valid on its own but
 * clashes with another setting (e.g. data.K = 3 with a two-entry data.alpha).
 */
import { ENGINE_LIMITS, type EngineLimit, type LimitedSetting } from '../../../src-main/engine/engine-limits';
import type { SpecShape } from './tiny-spec';

type Limit = number | ((shape: SpecShape) => number);

export type Rule =
  | { kind: 'int'; lo: Limit; hi: Limit }
  | { kind: 'real'; lo?: number; above?: number; hi?: number }
  | { kind: 'enum'; values: string[] }
  | { kind: 'bool' }
  | { kind: 'object'; nullable?: boolean }
  | { kind: 'numberList'; entry: Rule }
  | { kind: 'modeList' }
  | { kind: 'mode' }
  | { kind: 'reals'; length: (shape: SpecShape) => number; labels?: boolean; nonzero?: boolean }
  | { kind: 'realsList'; count: (shape: SpecShape) => number; entry: Rule };

/** A numeric setting's rule, from the engine's limits table; `hi` narrows it by another setting. */
function limited(setting: LimitedSetting, hi?: (shape: SpecShape) => number): Rule {
  const limit: EngineLimit = ENGINE_LIMITS[setting];
  if (limit.integer) return { kind: 'int', lo: limit.min, hi: hi ?? limit.max };
  const bounds = limit.aboveMin ? { above: limit.min } : { lo: limit.min };
  return { kind: 'real', ...bounds, ...(limit.max === Infinity ? {} : { hi: limit.max }) };
}

const rowsOf = (s: SpecShape): number => s.P * s.d;
const trainReals: Rule = { kind: 'reals', length: (s) => s.n * rowsOf(s) };
const testReals: Rule = { kind: 'reals', length: (s) => s.nTest * rowsOf(s) };
const featureReals: Rule = { kind: 'reals', length: (s) => s.d, nonzero: true };
const weightReals: Rule = { kind: 'reals', length: (s) => s.m * s.d };
const perModality = (s: SpecShape): number => s.K;

/** Keyed by the setting path with every index written as []. */
export const RULES: Record<string, Rule> = {
  '': { kind: 'object' },
  seed: limited('seed'),
  data: { kind: 'object' },
  'data.K': limited('data.K'),
  'data.d': limited('data.d'),
  'data.P': limited('data.P'),
  'data.n': limited('data.n'),
  'data.nTest': limited('data.nTest'),
  'data.alpha': { kind: 'numberList', entry: limited('data.alpha') },
  'data.alpha[]': limited('data.alpha'),
  'data.mu': { kind: 'numberList', entry: limited('data.mu') },
  'data.mu[]': limited('data.mu'),
  'data.sigmaXi': limited('data.sigmaXi'),
  'data.insufficiency': { kind: 'enum', values: ['independent', 'disjoint'] },
  'data.dictionary': { kind: 'enum', values: ['basis', 'random'] },
  'data.noiseOrthogonal': { kind: 'bool' },
  'data.cleanSignal': { kind: 'bool' },
  'data.nuisanceCount': limited('data.nuisanceCount', (s) => s.d),
  'data.nuisanceScale': limited('data.nuisanceScale'),
  model: { kind: 'object' },
  'model.m': limited('model.m'),
  'model.q': limited('model.q'),
  'model.rho': limited('model.rho'),
  'model.sigma0': limited('model.sigma0'),
  'model.head': { kind: 'enum', values: ['twoClass', 'odd'] },
  'model.headScale': { kind: 'enum', values: ['one', 'inverseM'] },
  train: { kind: 'object' },
  'train.eta': limited('train.eta'),
  'train.steps': limited('train.steps'),
  'train.recordEvery': limited('train.recordEvery'),
  'train.modes': { kind: 'modeList' },
  'train.modes[]': { kind: 'mode' },
  'train.batchSize': limited('train.batchSize', (s) => s.n),
  'train.weightDecay': limited('train.weightDecay'),
  remedies: { kind: 'object' },
  'remedies.jointWeight': limited('remedies.jointWeight'),
  'remedies.unimodalWeights': { kind: 'numberList', entry: limited('remedies.unimodalWeights') },
  'remedies.unimodalWeights[]': limited('remedies.unimodalWeights'),
  'remedies.dropout': { kind: 'numberList', entry: limited('remedies.dropout') },
  'remedies.dropout[]': limited('remedies.dropout'),
  'remedies.ogm': { kind: 'object' },
  'remedies.ogm.alpha': limited('remedies.ogm.alpha'),
  'remedies.ogm.noise': { kind: 'bool' },
  'remedies.ogm.startStep': limited('remedies.ogm.startStep'),
  'remedies.ogm.endStep': limited('remedies.ogm.endStep'),
  'remedies.blending': { kind: 'object' },
  'remedies.blending.everySteps': limited('remedies.blending.everySteps'),
  'remedies.blending.holdout': limited('remedies.blending.holdout'),
  precision: { kind: 'enum', values: ['f32', 'f64', 'tf32'] },
  importedData: { kind: 'object' },
  'importedData.yTrain': { kind: 'reals', length: (s) => s.n, labels: true },
  'importedData.yTest': { kind: 'reals', length: (s) => s.nTest, labels: true },
  'importedData.xTrain': { kind: 'realsList', count: perModality, entry: trainReals },
  'importedData.xTrain[]': trainReals,
  'importedData.xTest': { kind: 'realsList', count: perModality, entry: testReals },
  'importedData.xTest[]': testReals,
  'importedData.v': { kind: 'realsList', count: perModality, entry: featureReals },
  'importedData.v[]': featureReals,
  importedInit: { kind: 'realsList', count: perModality, entry: weightReals },
  'importedInit[]': weightReals,
  // Arguments of evaluate(spec, weights, mode).
  weights: { kind: 'realsList', count: perModality, entry: weightReals },
  'weights[]': weightReals,
  mode: { kind: 'mode' },
  // Options of train().
  // train() documents null/undefined options as "all defaults".
  options: { kind: 'object', nullable: true },
  'options.threads': limited('options.threads'),
  'options.memoryLimitBytes': { kind: 'real', above: 0 },
  'options.progressIntervalMs': { kind: 'real', lo: 0 },
};

/** Settings that an error may name when the mutated setting clashes with them. */
const CLASHES: Record<string, string[]> = {
  'data.K': [
    'data.alpha',
    'data.mu',
    'train.modes',
    'importedData',
    'importedInit',
    'weights',
    'mode',
    'remedies.unimodalWeights',
    'remedies.dropout',
  ],
  'remedies.unimodalWeights[]': ['remedies.unimodalWeights'],
  'remedies.dropout[]': ['remedies.dropout'],
  'remedies.ogm.startStep': ['remedies.ogm.endStep'],
  'remedies.ogm.endStep': ['remedies.ogm.startStep'],
  // Re-estimated blending needs samples on both sides of its split and the full batch.
  'remedies.blending.everySteps': ['remedies.blending.holdout'],
  'train.batchSize': ['remedies.blending.everySteps'],
  'data.d': ['data.nuisanceCount', 'importedData', 'importedInit', 'weights'],
  'data.P': ['importedData'],
  'data.n': ['train.batchSize', 'importedData', 'remedies.blending'],
  'data.nTest': ['importedData'],
  'data.insufficiency': ['data.mu'],
  'data.mu[]': ['data.mu'],
  'data.alpha[]': ['data.alpha'],
  'model.m': ['model.head', 'importedInit', 'weights'],
  'model.head': ['model.m'],
  'train.modes[]': ['train.modes'],
  'options.memoryLimitBytes': ['needs about'],
};

/** Settings whose size enters the memory estimate, so "needs about ... of memory" may blame them. */
const SIZED = new Set(['data.K', 'data.d', 'data.P', 'data.n', 'data.nTest', 'model.m', 'train.steps', 'train.recordEvery', 'precision']);

export function ruleKey(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? '[]' : (i > 0 ? '.' : '') + part)).join('');
}

export function pathText(path: (string | number)[]): string {
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : (i > 0 ? '.' : '') + part)).join('');
}

/**
 * Substrings of which an error message must contain at least one: the path itself, its parents
 * below the section level, and the settings it may clash with. Replacing a whole section or the
 * whole spec may clash with anything inside it.
 */
export function blameableNames(path: (string | number)[]): string[] {
  const key = ruleKey(path);
  const names = new Set<string>([pathText(path)]);
  for (let depth = path.length - 1; depth >= 2; depth--) names.add(pathText(path.slice(0, depth)));
  if (path[0] === 'importedData' || path[0] === 'importedInit' || path[0] === 'weights') names.add(String(path[0]));
  for (const name of CLASHES[key] ?? []) names.add(name);
  if (SIZED.has(key)) names.add('needs about');
  if (path.length <= 1) {
    for (const [setting, clashes] of Object.entries(CLASHES)) {
      if (path.length === 0 || setting.startsWith(`${String(path[0])}.`)) {
        names.add(setting.replace(/\[\]$/, ''));
        clashes.forEach((name) => names.add(name));
      }
    }
    names.add('needs about');
  }
  return [...names].filter((name) => name.length > 0);
}

function resolveLimit(limit: Limit, shape: SpecShape): number {
  return typeof limit === 'function' ? limit(shape) : limit;
}

function isRealArray(value: unknown): value is Float32Array | Float64Array {
  // isView first: an object inheriting from a typed array passes instanceof but is not one.
  return ArrayBuffer.isView(value) && (value instanceof Float32Array || value instanceof Float64Array);
}

/** Entries of an array with holes read as undefined (as native code reads them; .some skips holes). */
function entriesOf(array: unknown[]): unknown[] {
  return Array.from(array);
}

/** True when the contract says the addon must refuse this value outright. */
export function mustRefuse(value: unknown, rule: Rule, shape: SpecShape): boolean {
  if (value === undefined) return false; // absent: the engine uses its default
  switch (rule.kind) {
    case 'int': {
      if (typeof value !== 'number' || !Number.isInteger(value)) return true;
      return value < resolveLimit(rule.lo, shape) || value > resolveLimit(rule.hi, shape);
    }
    case 'real': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return true;
      if (rule.lo !== undefined && value < rule.lo) return true;
      if (rule.above !== undefined && !(value > rule.above)) return true;
      return rule.hi !== undefined && value > rule.hi;
    }
    case 'enum':
      return typeof value !== 'string' || !rule.values.includes(value);
    case 'bool':
      return typeof value !== 'boolean';
    case 'object':
      // Any non-array object is a section to read settings from; missing keys take defaults.
      if (value === null) return rule.nullable !== true;
      return typeof value !== 'object' || Array.isArray(value);
    case 'numberList':
      return (
        !Array.isArray(value) ||
        value.length !== shape.K ||
        entriesOf(value).some((entry) => entry === undefined || mustRefuse(entry, rule.entry, shape))
      );
    case 'modeList':
      return (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.length > 1 + ENGINE_LIMITS['data.K'].max ||
        entriesOf(value).some((entry) => entry === undefined || mustRefuse(entry, { kind: 'mode' }, shape))
      );
    case 'mode': {
      if (typeof value !== 'string') return true;
      const match = /^(?:joint|unimodal:(\d{1,3}))$/.exec(value);
      return match === null || (match[1] !== undefined && Number(match[1]) >= shape.K);
    }
    case 'reals': {
      if (!isRealArray(value) || value.length !== rule.length(shape)) return true;
      if (!value.every((x) => Number.isFinite(x))) return true;
      if (rule.labels && !value.every((x) => x === 1 || x === -1)) return true;
      return rule.nonzero === true && value.every((x) => x === 0);
    }
    case 'realsList':
      return (
        !Array.isArray(value) ||
        value.length !== rule.count(shape) ||
        entriesOf(value).some((entry) => entry === undefined || mustRefuse(entry, rule.entry, shape))
      );
  }
}
