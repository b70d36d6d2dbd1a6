/**
 * Values that a careless or hostile caller could pass anywhere a setting is expected. Several are
 * built fresh per use (getters, proxies) because they carry state or throw on access.
 */
import type { SeededRandom } from '../../support/seeded-random';

/** Thrown by booby-trapped getters and proxy traps; the addon must pass it through unchanged. */
export class FuzzSentinelError extends Error {
  constructor() {
    super('fuzz-sentinel: thrown by a hostile getter or proxy trap');
  }
}

export function isSentinel(error: unknown): boolean {
  return error instanceof FuzzSentinelError || (error instanceof Error && error.message.startsWith('fuzz-sentinel'));
}

/**
 * What a value does when the addon reads it: `plain` is judged by its content; `throwsOnRead`
 * may throw the sentinel; `revokedProxy` throws V8's own TypeError on any access; `proxy` is a
 * transparent Proxy, which native code may accept or refuse (V8 does not see a Proxy of an
 * array as an array), so only the error message is judged.
 */
export type Hostility = 'plain' | 'throwsOnRead' | 'revokedProxy' | 'proxy';

export interface HostileValue {
  label: string;
  value: unknown;
  hostility: Hostility;
}

function throwingGetterObject(): object {
  const target: Record<string, unknown> = {};
  for (const key of ['K', 'd', 'm', 'eta', 'steps', 'modes', 'yTrain', 'xTrain', 'seed', 'data', 'model', 'train', 'threads']) {
    Object.defineProperty(target, key, {
      enumerable: true,
      get() {
        throw new FuzzSentinelError();
      },
    });
  }
  return target;
}

function throwingProxy(): object {
  const fail = (): never => {
    throw new FuzzSentinelError();
  };
  return new Proxy({}, { get: fail, has: fail, getOwnPropertyDescriptor: fail, ownKeys: fail });
}

function revokedProxy(): object {
  const { proxy, revoke } = Proxy.revocable({}, {});
  revoke();
  return proxy;
}

/** Plain malformed values: wrong types, non-finite and extreme numbers, bad strings. */
const PLAIN_VALUES: [string, () => unknown][] = [
  ['null', () => null],
  ['NaN', () => NaN],
  ['+Infinity', () => Infinity],
  ['-Infinity', () => -Infinity],
  ['-0', () => -0],
  ['0', () => 0],
  ['-1', () => -1],
  ['0.5', () => 0.5],
  ['2.5', () => 2.5],
  ['1e9', () => 1e9],
  ['1e300', () => 1e300],
  ['-1e300', () => -1e300],
  ['2^31', () => 2 ** 31],
  ['2^32', () => 2 ** 32],
  ['2^53-1', () => Number.MAX_SAFE_INTEGER],
  ['2^53', () => 2 ** 53],
  ['2^53+2', () => 2 ** 53 + 2],
  ['Number.MIN_VALUE', () => Number.MIN_VALUE],
  ['Number.MAX_VALUE', () => Number.MAX_VALUE],
  ["'x'", () => 'x'],
  ["''", () => ''],
  ["'3'", () => '3'],
  ["'joint'", () => 'joint'],
  ["'unimodal:x'", () => 'unimodal:x'],
  ["'unimodal:99'", () => 'unimodal:99'],
  ["'unimodal:-1'", () => 'unimodal:-1'],
  ["'unimodal:'", () => 'unimodal:'],
  ["'unimodal: 1'", () => 'unimodal: 1'],
  ["'unimodal:1e0'", () => 'unimodal:1e0'],
  ["'unimodal:99999999999'", () => 'unimodal:99999999999'],
  ["'JOINT'", () => 'JOINT'],
  ["'twoClass '", () => 'twoClass '],
  ["'f16'", () => 'f16'],
  ['a 100k-character string', () => 'z'.repeat(100_000)],
  ['true', () => true],
  ['false', () => false],
  ['{}', () => ({})],
  ['[]', () => []],
  ['[1]', () => [1]],
  ['[NaN]', () => [NaN]],
  ["['joint', null]", () => ['joint', null]],
  ['a sparse array of length 3', () => new Array(3)],
  ['an array of length 100', () => new Array(100).fill(0.5)],
  ['Float64Array(3)', () => new Float64Array(3)],
  ['Int32Array(3)', () => new Int32Array(3)],
  ['BigInt64Array(3)', () => new BigInt64Array(3)],
  ['DataView', () => new DataView(new ArrayBuffer(8))],
  ['ArrayBuffer', () => new ArrayBuffer(8)],
  ['Symbol', () => Symbol('fuzz')],
  ['10n', () => BigInt(10)],
  ['new Number(3)', () => Object(3) as unknown],
  ["new String('joint')", () => Object('joint') as unknown],
  ['a function', () => () => 1],
  ['a Date', () => new Date(0)],
  ['a Map', () => new Map([['K', 2]])],
  ['Object.create(null)', () => Object.create(null) as unknown],
  ['a frozen {}', () => Object.freeze({})],
];

const HOSTILE_VALUES: [string, Hostility, () => unknown][] = [
  ['an empty Proxy', 'proxy', () => new Proxy({}, {})],
  ['an object whose getters throw', 'throwsOnRead', throwingGetterObject],
  ['a Proxy whose traps throw', 'throwsOnRead', throwingProxy],
  ['a revoked Proxy', 'revokedProxy', revokedProxy],
];

export const HOSTILE_VALUE_COUNT = PLAIN_VALUES.length + HOSTILE_VALUES.length;

/** One malformed value, drawn uniformly from the whole pool. */
export function drawHostileValue(random: SeededRandom): HostileValue {
  const index = random.integer(0, HOSTILE_VALUE_COUNT - 1);
  if (index < PLAIN_VALUES.length) {
    const [label, make] = PLAIN_VALUES[index] as [string, () => unknown];
    return { label, value: make(), hostility: 'plain' };
  }
  const [label, hostility, make] = HOSTILE_VALUES[index - PLAIN_VALUES.length] as [string, Hostility, () => unknown];
  return { label, value: make(), hostility };
}

/** Wraps a valid value so reading it either works unchanged or throws the sentinel. */
export function disguise(random: SeededRandom, valid: unknown): HostileValue {
  if (valid === null || typeof valid !== 'object') return { label: 'the valid value', value: valid, hostility: 'plain' };
  switch (random.integer(0, 4)) {
    case 0:
      return { label: 'a transparent Proxy of the valid value', value: new Proxy(valid, {}), hostility: 'proxy' };
    case 1:
      // Typed arrays with elements cannot be frozen; freeze their container instead.
      if (ArrayBuffer.isView(valid)) return { label: 'the valid value', value: valid, hostility: 'plain' };
      return { label: 'a frozen valid value', value: Object.freeze(valid), hostility: 'plain' };
    case 2: {
      // Inherited settings are not own properties: the engine ignores them and uses its defaults.
      return { label: 'an object inheriting the valid value', value: Object.create(valid) as unknown, hostility: 'plain' };
    }
    case 3: {
      const trapped = new Proxy(valid, {
        get(target, key, receiver) {
          if (random.uniform() < 0.3) throw new FuzzSentinelError();
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      return { label: 'a Proxy of the valid value whose get trap sometimes throws', value: trapped, hostility: 'throwsOnRead' };
    }
    default:
      return { label: 'the valid value', value: valid, hostility: 'plain' };
  }
}
