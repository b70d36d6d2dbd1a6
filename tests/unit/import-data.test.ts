import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportError, importDataFile, importDataFromContents, importInitFromContents } from '../../src-main/io/import-data';
import type { NpyArray } from '../../src-main/io/npy';
import type { NpzContents } from '../../src-main/io/npz';
import { readNpzBytes } from '../../src-main/io/npz';
import { weightArrays } from '../../src-main/io/weights-npz';
import { writeNpzBytes } from '../../src-main/io/npz';
import type { NativeModeResult } from '../../src-main/engine/native-types';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'npz');

function f8(shape: number[], fill = 0.5): NpyArray {
  return { dtype: 'f8', shape, data: new Float64Array(shape.reduce((a, b) => a * b, 1)).fill(fill) };
}

/** A valid K=2, n=4, nTest=3, P=2, d=5 dataset that each test then breaks in one way. */
function validData(): NpzContents {
  const y = (n: number): NpyArray => ({ dtype: 'f8', shape: [n], data: Float64Array.from({ length: n }, (_, i) => (i % 2 ? -1 : 1)) });
  const e = (r: number): NpyArray => {
    const v = f8([5], 0);
    (v.data as Float64Array)[r] = 1;
    return v;
  };
  return new Map<string, NpyArray>([
    ['y_train', y(4)],
    ['y_test', y(3)],
    ['X0_train', f8([4, 2, 5])],
    ['X0_test', f8([3, 2, 5])],
    ['X1_train', f8([4, 2, 5])],
    ['X1_test', f8([3, 2, 5])],
    ['v0', e(0)],
    ['v1', e(1)],
  ]);
}

function broken(change: (m: NpzContents) => void): NpzContents {
  const contents = validData();
  change(contents);
  return contents;
}

describe('--data import', () => {
  it('reads the NumPy-written fixture and reports the sizes that override the config', () => {
    const { data, shape } = importDataFile(path.join(FIXTURES, 'dataset.npz'));
    expect(shape).toEqual({ K: 2, n: 4, nTest: 3, P: 2, d: 5 });
    expect(Array.from(data.yTrain)).toEqual([1, -1, 1, -1]);
    expect(Array.from(data.yTest)).toEqual([-1, 1, 1]); // int64 labels accepted
    expect(data.xTrain).toHaveLength(2);
    expect(data.xTrain[0]).toBeInstanceOf(Float64Array);
    expect(data.xTrain[0]).toHaveLength(4 * 2 * 5);
    expect(data.xTest[1]).toHaveLength(3 * 2 * 5); // float32 widened
    expect(Array.from(data.v?.[1] ?? [])).toEqual([0, 1, 0, 0, 0]);
  });

  it('makes v optional', () => {
    const contents = broken((m) => {
      m.delete('v0');
      m.delete('v1');
    });
    expect(importDataFromContents(contents, 'f').data.v).toBeUndefined();
  });

  const rejections: [string, (m: NpzContents) => void, RegExp][] = [
    ['missing y_test', (m) => m.delete('y_test'), /f: missing array "y_test" \(arrays present: y_train, X0_train/],
    ['no modalities', (m) => ['X0_train', 'X0_test', 'X1_train', 'X1_test'].forEach((k) => m.delete(k)), /no X0_train array/],
    [
      'gap in modalities',
      (m) => {
        m.set('X2_train', f8([4, 2, 5]));
        m.delete('X1_train');
      },
      /X1_train is missing/,
    ],
    [
      'labels not +-1',
      (m) => m.set('y_train', { dtype: 'f8', shape: [4], data: Float64Array.from([1, -1, 0, 1]) }),
      /y_train\[2\] is 0; labels must be \+1 or -1/,
    ],
    ['labels 2-D', (m) => m.set('y_train', f8([4, 1], 1)), /y_train has shape \(4, 1\), expected \(samples,\)/],
    [
      'bool labels',
      (m) => m.set('y_test', { dtype: 'bool', shape: [3], data: new Uint8Array(3) }),
      /y_test has dtype bool; expected one of f4, f8, i1, i4, i8/,
    ],
    ['X wrong rank', (m) => m.set('X0_train', f8([4, 10])), /X0_train has shape \(4, 10\), expected \(n, P, d\)/],
    [
      'n mismatch',
      (m) => m.set('y_train', { dtype: 'f8', shape: [5], data: new Float64Array(5).fill(1) }),
      /X0_train has 4 samples but y_train has 5/,
    ],
    ['P/d mismatch across modalities', (m) => m.set('X1_train', f8([4, 2, 6])), /X1_train has shape \(4, 2, 6\), expected \(4, 2, 5\)/],
    ['nTest mismatch', (m) => m.set('X1_test', f8([2, 2, 5])), /X1_test has shape \(2, 2, 5\), expected \(3, 2, 5\)/],
    [
      'integer features',
      (m) => m.set('X0_test', { dtype: 'i4', shape: [3, 2, 5], data: new Int32Array(30) }),
      /X0_test has dtype i4; expected one of f4, f8/,
    ],
    [
      'NaN feature',
      (m) => ((m.get('X1_train') as NpyArray).data as Float64Array).fill(NaN, 7, 8),
      /X1_train holds a non-finite value \(NaN\) at flat index 7/,
    ],
    [
      'infinite feature',
      (m) => ((m.get('X0_test') as NpyArray).data as Float64Array).fill(Infinity, 0, 1),
      /X0_test holds a non-finite value \(Infinity\) at flat index 0/,
    ],
    ['v not unit', (m) => m.set('v0', f8([5], 1)), /v0 has norm 2\.23607; the feature vector must be a unit vector/],
    ['v wrong length', (m) => m.set('v1', f8([4], 0.5)), /v1 has shape \(4,\), expected \(5,\)/],
    ['v for one modality only', (m) => m.delete('v1'), /v\{r\} given for 1 of 2 modalities; give all or none/],
    ['unexpected array', (m) => m.set('extra', f8([1])), /unexpected array\(s\) extra; expected y_train, y_test, X0_train/],
    ['empty labels', (m) => m.set('y_test', { dtype: 'f8', shape: [0], data: new Float64Array(0) }), /y_test is empty/],
  ];
  it.each(rejections)('rejects %s', (_name, change, pattern) => {
    const contents = broken(change);
    expect(() => importDataFromContents(contents, 'f')).toThrow(ImportError);
    expect(() => importDataFromContents(contents, 'f')).toThrow(pattern);
  });
});

describe('--init import', () => {
  const weights = (): NpzContents =>
    new Map([
      ['W0', f8([4, 5], 1e-3)],
      ['W1', f8([4, 5], 2e-3)],
    ]);

  it('reads W{r} of shape (m, d) as float64', () => {
    const w = importInitFromContents(weights(), 'w.npz', 2, 4, 5);
    expect(w).toHaveLength(2);
    expect(w[1]?.[0]).toBe(2e-3);
  });

  it.each([
    ['missing W1', (m: NpzContents) => m.delete('W1'), /w\.npz: missing array "W1"/],
    ['wrong shape', (m: NpzContents) => m.set('W0', f8([5, 4])), /W0 has shape \(5, 4\), expected \(4, 5\) \(model\.m, data\.d\)/],
    [
      'NaN',
      (m: NpzContents) => ((m.get('W0') as NpyArray).data as Float64Array).fill(NaN, 3, 4),
      /W0 holds a non-finite value \(NaN\) at flat index 3/,
    ],
    ['extra W2', (m: NpzContents) => m.set('W2', f8([4, 5])), /unexpected array\(s\) W2/],
    ['int weights', (m: NpzContents) => m.set('W0', { dtype: 'i8', shape: [4, 5], data: new BigInt64Array(20) }), /W0 has dtype i8/],
  ])('rejects %s', (_name, change, pattern) => {
    const contents = weights();
    change(contents);
    expect(() => importInitFromContents(contents, 'w.npz', 2, 4, 5)).toThrow(pattern);
  });
});

describe('--save-weights layout', () => {
  it('writes joint_W{r} and unimodal{r}_W{r}, readable back by --init', () => {
    const w = (x: number): Float32Array => new Float32Array(4 * 5).fill(x);
    const modes = [
      { mode: 'joint', weights: [w(1), w(2)] },
      { mode: 'unimodal:0', weights: [w(3), w(0)] },
      { mode: 'unimodal:1', weights: [w(0), w(4)] },
    ] as unknown as NativeModeResult[];
    const arrays = weightArrays(modes, 4, 5);
    expect(Object.keys(arrays)).toEqual(['joint_W0', 'joint_W1', 'unimodal0_W0', 'unimodal1_W1']);
    expect(arrays.joint_W1).toMatchObject({ dtype: 'f4', shape: [4, 5] });
    const back = readNpzBytes(writeNpzBytes(arrays));
    const asInit = new Map([
      ['W0', back.get('unimodal0_W0') as NpyArray],
      ['W1', back.get('unimodal1_W1') as NpyArray],
    ]);
    const init = importInitFromContents(asInit, 'saved', 2, 4, 5);
    expect(init[0]?.[0]).toBe(3);
    expect(init[1]?.[19]).toBe(4);
  });
});
