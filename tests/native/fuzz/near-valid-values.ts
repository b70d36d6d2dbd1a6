/**
 * Values at and just past the edge of what a setting allows: these find off-by-one range checks
 * that the generic hostile pool (mostly far off) would miss.
 */
import type { SeededRandom } from '../../support/seeded-random';
import type { Rule } from './field-rules';
import type { SpecShape } from './tiny-spec';

function limit(value: number | ((shape: SpecShape) => number), shape: SpecShape): number {
  return typeof value === 'function' ? value(shape) : value;
}

function realsOfLength(random: SeededRandom, length: number, rule: Extract<Rule, { kind: 'reals' }>): Float64Array {
  if (rule.labels) return Float64Array.from({ length }, () => random.sign());
  return Float64Array.from({ length }, (_, k) => (k === 0 ? 1 : random.normal()));
}

function nearValidReals(random: SeededRandom, rule: Extract<Rule, { kind: 'reals' }>, shape: SpecShape): unknown[] {
  const length = rule.length(shape);
  const good = realsOfLength(random, length, rule);
  const withNaN = Float64Array.from(good);
  withNaN[random.integer(0, length - 1)] = NaN;
  const withInfinity = Float32Array.from(good);
  withInfinity[random.integer(0, length - 1)] = -Infinity;
  const offsetView = new Float64Array(length + 3);
  offsetView.set(good, 3);
  const candidates: unknown[] = [
    good,
    Float32Array.from(good),
    offsetView.subarray(3), // a valid view at a byte offset into a larger buffer
    realsOfLength(random, length + 1, rule),
    realsOfLength(random, Math.max(0, length - 1), rule),
    new Float64Array(0),
    Int32Array.from(good),
    Uint8Array.from(good),
    Array.from(good),
    withNaN,
    withInfinity,
  ];
  if (rule.labels)
    candidates.push(
      Float64Array.from(good, (y, k) => (k === 0 ? 0 : y)),
      Float64Array.from(good, () => 2),
    );
  if (rule.nonzero) candidates.push(new Float64Array(length));
  return candidates;
}

/** Candidate values for one setting, each near the boundary of its rule. */
export function nearValidValues(random: SeededRandom, rule: Rule, shape: SpecShape): unknown[] {
  switch (rule.kind) {
    case 'int': {
      const lo = limit(rule.lo, shape);
      const hi = limit(rule.hi, shape);
      return [lo - 1, lo, lo + 0.5, hi, hi + 1, hi + 0.5, lo + random.integer(0, 3), -0];
    }
    case 'real': {
      const lo = rule.lo ?? rule.above ?? 0;
      return [lo, lo - 1e-12, lo + 1e-300, rule.hi ?? 1e300, (rule.hi ?? 1e300) * (1 + 1e-12), random.uniform(), -0, 1e-320];
    }
    case 'enum':
      return [
        ...rule.values,
        ...rule.values.map((v) => v.toUpperCase()),
        ...rule.values.map((v) => `${v}\u0000`),
        `${rule.values[0] ?? ''} `,
      ];
    case 'bool':
      return [true, false, 0, 1, 'true', 'false'];
    case 'numberList': {
      const valid = Array.from({ length: shape.K }, () => random.uniform());
      return [valid, valid.slice(1), [...valid, 0.5], [...valid.slice(1), NaN], [...valid.slice(1), -0.1], [...valid.slice(1), 1.5], []];
    }
    case 'modeList': {
      const K = shape.K;
      return [
        [],
        ['joint', 'joint'],
        ['joint', `unimodal:${K}`],
        [`unimodal:${K - 1}`],
        new Array(66).fill('joint'),
        new Array(65).fill('joint'),
        ['unimodal:000'],
      ];
    }
    case 'mode':
      return [
        'joint',
        'unimodal:0',
        `unimodal:${shape.K - 1}`,
        `unimodal:${shape.K}`,
        'unimodal:001',
        'unimodal:1000',
        'unimodal:-0',
        'unimodal:+1',
        'unimodal:0x1',
        'Joint',
      ];
    case 'reals':
      return nearValidReals(random, rule, shape);
    case 'realsList': {
      const count = rule.count(shape);
      const entries = Array.from({ length: count }, () => nearValidReals(random, rule.entry as Extract<Rule, { kind: 'reals' }>, shape)[0]);
      return [entries, entries.slice(1), [...entries, entries[0]], [], [...entries.slice(1), null]];
    }
    case 'object':
      return [{}, Object.create(null) as unknown];
  }
}
