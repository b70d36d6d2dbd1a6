/**
 * One mutation of a valid tiny spec: a single setting replaced (by a hostile value, a value at
 * the edge of its range, a disguised valid value) or removed, or one of a few named clashes
 * between settings. Each mutation carries what the addon must do with it.
 */
import type { SeededRandom } from '../../support/seeded-random';
import { RULES, blameableNames, mustRefuse, pathText, ruleKey, type Rule } from './field-rules';
import { disguise, drawHostileValue, type Hostility } from './hostile-values';
import { nearValidValues } from './near-valid-values';
import { cloneSpec, type PlainSpec, type SpecShape } from './tiny-spec';

export type SettingPath = (string | number)[];

export interface Expectation {
  description: string;
  /** The contract says this input is invalid: success is a failure. */
  mustRefuse: boolean;
  hostility: Hostility;
  /** An error message must contain at least one of these setting names. */
  blame: string[];
  /** Extra pattern the error message must match (e.g. the memory needed). */
  messagePattern?: RegExp;
}

export interface Mutated<T> {
  value: T;
  expectation: Expectation;
}

type Container = Record<string | number, unknown>;

/** Every path in a plain spec tree, the root included; typed arrays are leaves. */
export function settingPaths(tree: unknown, prefix: SettingPath = []): SettingPath[] {
  const paths: SettingPath[] = [prefix];
  if (tree === null || typeof tree !== 'object' || ArrayBuffer.isView(tree)) return paths;
  const keys: (string | number)[] = Array.isArray(tree) ? tree.map((_, i) => i) : Object.keys(tree);
  for (const key of keys) paths.push(...settingPaths((tree as Container)[key], [...prefix, key]));
  return paths;
}

function parentOf(root: PlainSpec, path: SettingPath): Container {
  let node: unknown = root;
  for (const key of path.slice(0, -1)) node = (node as Container)[key];
  return node as Container;
}

function valueAt(root: PlainSpec, path: SettingPath): unknown {
  let node: unknown = root;
  for (const key of path) node = (node as Container)[key];
  return node;
}

/** Replaces (or removes, for `undefined` with `remove`) the value at `path` in a copy of `root`. */
export function withValueAt(root: PlainSpec, path: SettingPath, value: unknown, remove = false): unknown {
  if (path.length === 0) return value;
  const copy = cloneSpec(root);
  const parent = parentOf(copy, path);
  const key = path[path.length - 1] as string | number;
  if (remove) delete parent[key];
  else parent[key] = value;
  return copy;
}

function ruleFor(path: SettingPath): Rule {
  const rule = RULES[ruleKey(path)];
  if (!rule) throw new Error(`fuzz harness: no rule for ${pathText(path)}`);
  return rule;
}

/** A replacement value for `path`, and how the addon must treat it. */
export function mutateValue(
  random: SeededRandom,
  current: unknown,
  path: SettingPath,
  shape: SpecShape,
): { value: unknown; remove: boolean; expectation: Expectation } {
  const rule = ruleFor(path);
  const where = pathText(path) || '(the whole value)';
  const blame = blameableNames(path);
  const roll = random.uniform();
  if (roll < 0.05 && path.length > 0 && typeof path[path.length - 1] === 'string') {
    return {
      value: undefined,
      remove: true,
      expectation: { description: `${where} removed`, mustRefuse: false, hostility: 'plain', blame },
    };
  }
  if (roll < 0.15 && current !== undefined) {
    const disguised = disguise(random, structuredClone(current));
    const refuse = disguised.hostility === 'plain' && mustRefuse(disguised.value, rule, shape);
    return {
      value: disguised.value,
      remove: false,
      expectation: { description: `${where} = ${disguised.label}`, mustRefuse: refuse, hostility: disguised.hostility, blame },
    };
  }
  if (roll < 0.45) {
    const value = random.pick(nearValidValues(random, rule, shape));
    return {
      value,
      remove: false,
      expectation: {
        description: `${where} = ${describeValue(value)}`,
        mustRefuse: mustRefuse(value, rule, shape),
        hostility: 'plain',
        blame,
      },
    };
  }
  const hostile = drawHostileValue(random);
  const refuse = hostile.hostility === 'revokedProxy' || (hostile.hostility === 'plain' && mustRefuse(hostile.value, rule, shape));
  return {
    value: hostile.value,
    remove: false,
    expectation: { description: `${where} = ${hostile.label}`, mustRefuse: refuse, hostility: hostile.hostility, blame },
  };
}

export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'number') return Object.is(value, -0) ? '-0' : String(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name}(${(value as unknown as ArrayLike<unknown>).length ?? value.byteLength})`;
  if (Array.isArray(value))
    return `[${value.slice(0, 4).map(describeValue).join(', ')}${value.length > 4 ? `, ... (${value.length})` : ''}]`;
  if (value === null || value === undefined || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? (value.constructor?.name ?? 'null-prototype object') : typeof value;
}

/** Settings clashes the contract names explicitly (K = 0, odd m with a two-class head, ...). */
function namedClash(random: SeededRandom, spec: PlainSpec, shape: SpecShape): Mutated<unknown> | null {
  const copy = cloneSpec(spec);
  const data = copy['data'] as Container;
  const model = copy['model'] as Container;
  const train = copy['train'] as Container;
  const refuse = (description: string, blame: string[], messagePattern?: RegExp): Mutated<unknown> => ({
    value: copy,
    expectation: { description, mustRefuse: true, hostility: 'plain', blame, ...(messagePattern ? { messagePattern } : {}) },
  });
  switch (random.integer(0, 8)) {
    case 0: {
      // Far beyond any memory limit, yet every size is inside its own range.
      delete copy['importedData'];
      delete copy['importedInit'];
      data['n'] = 2 ** 23;
      data['d'] = 2 ** 21;
      // The full batch, so a spec with re-estimated blending (which refuses mini-batches) is
      // refused for its size alone.
      train['batchSize'] = 0;
      return refuse('data.n = 2^23 and data.d = 2^21 (about 100 TiB)', ['needs about'], /needs about [\d.]+ GiB/);
    }
    case 1:
      data['K'] = 0;
      return refuse('data.K = 0', ['data.K']);
    case 2:
      model['head'] = 'twoClass';
      model['m'] = 2 * random.integer(0, 3) + 1;
      return refuse(`model.m = ${String(model['m'])} (odd) with model.head 'twoClass'`, ['model.m']);
    case 3:
      data['alpha'] = Array.from({ length: shape.K + random.pick([-1, 1]) }, () => 1);
      return refuse(`data.alpha with ${(data['alpha'] as unknown[]).length} entries for data.K = ${shape.K}`, ['data.alpha']);
    case 4:
      data['mu'] = Array.from({ length: shape.K + random.pick([-1, 1]) }, () => 0.1);
      return refuse(`data.mu with ${(data['mu'] as unknown[]).length} entries for data.K = ${shape.K}`, ['data.mu']);
    case 5:
      if (shape.K < 2) return null;
      data['insufficiency'] = 'disjoint';
      data['mu'] = Array.from({ length: shape.K }, () => 0.9);
      return refuse("data.mu summing above 1 with data.insufficiency 'disjoint'", ['data.mu']);
    case 6:
      train['modes'] = ['joint', `unimodal:${shape.K + random.integer(0, 2)}`];
      return refuse('train.modes naming a modality >= data.K', ['train.modes']);
    case 7:
      train['batchSize'] = shape.n + 1;
      return refuse('train.batchSize = data.n + 1', ['train.batchSize']);
    default:
      data['nuisanceCount'] = shape.d + 1;
      return refuse('data.nuisanceCount = data.d + 1', ['data.nuisanceCount']);
  }
}

/**
 * Either a named clash (10%) or one setting of the spec replaced or removed. `argumentName` is
 * what an error about the spec as a whole calls it ('spec', 'specs[2]').
 */
export function mutateSpec(random: SeededRandom, spec: PlainSpec, shape: SpecShape, argumentName: string): Mutated<unknown> {
  if (random.uniform() < 0.1) {
    const clash = namedClash(random, spec, shape);
    if (clash) return clash;
  }
  const paths = settingPaths(spec);
  for (const optional of ['importedData', 'importedInit']) if (!(optional in spec)) paths.push([optional]);
  const path = random.pick(paths);
  const current = valueAt(spec, path);
  const { value, remove, expectation } = mutateValue(random, current, path, shape);
  if (path.length === 0) expectation.blame.push(argumentName);
  return { value: withValueAt(spec, path, value, remove), expectation };
}
