import * as path from 'node:path';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { NpyFormatError, readNpy, toFloat64, writeNpy, type NpyArray } from '../../src-main/io/npy';
import { readNpzBytes, readNpzFile, writeNpzBytes } from '../../src-main/io/npz';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'npz');

const SAMPLES: NpyArray[] = [
  { dtype: 'f4', shape: [2, 3], data: Float32Array.from([0, 0.25, -1.5, 3, 1e-7, 7]) },
  { dtype: 'f8', shape: [2, 2, 1], data: Float64Array.from([1.5, -2.25, 3, 1e-300]) },
  { dtype: 'i4', shape: [3], data: Int32Array.from([1, -2, 2147483647]) },
  { dtype: 'i8', shape: [1, 2], data: BigInt64Array.from([-(2n ** 40n), 5n]) },
  { dtype: 'i1', shape: [3], data: Int8Array.from([-128, 0, 127]) },
  { dtype: 'u1', shape: [2], data: Uint8Array.from([0, 255]) },
  { dtype: 'bool', shape: [3], data: Uint8Array.from([1, 0, 1]) },
  { dtype: 'f8', shape: [], data: Float64Array.from([2.5]) },
  { dtype: 'f8', shape: [0, 3], data: new Float64Array(0) },
];

/** Replaces the header dict of a valid .npy (keeping its length) to forge a bad one. */
function withHeader(dict: string, payload = new Uint8Array(8)): Uint8Array {
  const bytes = writeNpy({ dtype: 'f8', shape: [1], data: new Float64Array(1) });
  const headerLen = new DataView(bytes.buffer).getUint16(8, true);
  const text = dict.padEnd(headerLen - 1, ' ') + '\n';
  const out = new Uint8Array(10 + headerLen + payload.length);
  out.set(bytes.subarray(0, 10));
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  out.set(payload, 10 + headerLen);
  return out;
}

describe('.npy', () => {
  it.each(SAMPLES.map((s) => [`${s.dtype} (${s.shape.join(',')})`, s] as const))('round-trips %s', (_name, sample) => {
    const bytes = writeNpy(sample);
    expect((10 + new DataView(bytes.buffer).getUint16(8, true)) % 64).toBe(0); // numpy's alignment
    const back = readNpy(bytes);
    expect(back.dtype).toBe(sample.dtype);
    expect(back.shape).toEqual(sample.shape);
    expect(Array.from(back.data as ArrayLike<unknown>)).toEqual(Array.from(sample.data as ArrayLike<unknown>));
  });

  it('reads from an unaligned offset inside a larger buffer', () => {
    const bytes = writeNpy(SAMPLES[1] as NpyArray);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(Array.from(readNpy(shifted.subarray(3)).data as Float64Array)).toEqual([1.5, -2.25, 3, 1e-300]);
  });

  it('converts to float64', () => {
    expect(Array.from(toFloat64(SAMPLES[3] as NpyArray))).toEqual([-(2 ** 40), 5]);
    expect(Array.from(toFloat64(SAMPLES[4] as NpyArray))).toEqual([-128, 0, 127]);
  });

  const rejections: [string, Uint8Array, RegExp][] = [
    ['no magic', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]), /not a \.npy array/],
    ['big-endian', withHeader("{'descr': '>f8', 'fortran_order': False, 'shape': (1,), }"), /big-endian dtype >f8 is not supported/],
    [
      'fortran',
      withHeader("{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }", new Uint8Array(32)),
      /Fortran-order arrays are not supported/,
    ],
    ['object', withHeader("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }"), /object arrays are not supported/],
    ['float16', withHeader("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }"), /dtype <f2 is not supported/],
    ['structured', withHeader("{'descr': [('a', '<f8')], 'fortran_order': False, 'shape': (1,), }"), /structured .* not supported/],
    [
      'truncated data',
      withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (5,), }"),
      /truncated data: shape \(5\) of <f8 needs 40 bytes, found 8/,
    ],
    ['bad shape', withHeader("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }"), /malformed \.npy header \(shape entry "-1"\)/],
    ['no shape', withHeader("{'descr': '<f8', 'fortran_order': False, }"), /malformed \.npy header \(no shape\)/],
  ];
  it.each(rejections)('rejects %s', (_name, bytes, pattern) => {
    expect(() => readNpy(bytes, 'x')).toThrow(NpyFormatError);
    expect(() => readNpy(bytes, 'x')).toThrow(pattern);
  });

  it('rejects an unknown format version and a truncated header', () => {
    const bytes = writeNpy(SAMPLES[0] as NpyArray);
    const v9 = bytes.slice();
    v9[6] = 9;
    expect(() => readNpy(v9)).toThrow(/format version 9 is not supported/);
    expect(() => readNpy(bytes.subarray(0, 40))).toThrow(/truncated \.npy header/);
  });

  it('refuses to write data that does not match the shape', () => {
    expect(() => writeNpy({ dtype: 'f8', shape: [3], data: new Float64Array(2) })).toThrow(/needs 3 values, data has 2/);
  });
});

describe('.npz', () => {
  it.each([false, true])('round-trips every dtype (compressed: %s)', (compress) => {
    const arrays = Object.fromEntries(SAMPLES.map((s, i) => [`a${i}`, s]));
    const back = readNpzBytes(writeNpzBytes(arrays, compress));
    expect([...back.keys()]).toEqual(Object.keys(arrays));
    for (const [name, sample] of Object.entries(arrays)) {
      expect(back.get(name)?.shape).toEqual(sample.shape);
      expect(Array.from(back.get(name)?.data as ArrayLike<unknown>)).toEqual(Array.from(sample.data as ArrayLike<unknown>));
    }
  });

  it.each(['stored', 'deflated'])('reads NumPy-written %s archives (np.savez / np.savez_compressed)', (kind) => {
    const npz = readNpzFile(path.join(FIXTURES, `${kind}.npz`));
    expect(npz.get('f4')).toMatchObject({ dtype: 'f4', shape: [2, 3] });
    expect(Array.from(npz.get('f4')?.data as Float32Array)).toEqual([0, 0.25, 0.5, 0.75, 1, 1.25]);
    expect(Array.from(npz.get('f8')?.data as Float64Array)).toEqual([1.5, -2.25, 3, 1e-300]);
    expect(npz.get('i8')?.data).toEqual(BigInt64Array.from([-(2n ** 40n), 5n]));
    expect(Array.from(npz.get('b')?.data as Uint8Array)).toEqual([1, 0, 1]);
    expect(npz.get('b')?.dtype).toBe('bool');
    expect(npz.get('scalar')?.shape).toEqual([]);
    expect(npz.get('empty')?.shape).toEqual([0, 3]);
  });

  it.each([
    ['big-endian', /big-endian dtype >f8/],
    ['fortran', /Fortran-order arrays are not supported/],
    ['object', /object arrays are not supported/],
    ['float16', /dtype <f2 is not supported/],
  ])('rejects NumPy-written %s arrays, naming the file and array', (kind, pattern) => {
    const file = path.join(FIXTURES, `${kind}.npz`);
    expect(() => readNpzFile(file)).toThrow(pattern);
    expect(() => readNpzFile(file)).toThrow(`${file}: a:`);
  });

  it('rejects a file that is not a zip, a missing file, and non-.npy entries', () => {
    expect(() => readNpzBytes(new Uint8Array([1, 2, 3]), 'junk.npz')).toThrow(/junk\.npz: not a readable \.npz/);
    expect(() => readNpzFile('/nonexistent.npz')).toThrow(/cannot read \/nonexistent\.npz: no such file or folder \(ENOENT\)/);
    const notNpy = zipSync({ 'readme.txt': new Uint8Array([104, 105]) });
    expect(() => readNpzBytes(notNpy, 'odd.npz')).toThrow(/odd\.npz: entry "readme\.txt" is not a \.npy array/);
    const zip = writeNpzBytes({});
    expect(readNpzBytes(zip).size).toBe(0);
  });
});
