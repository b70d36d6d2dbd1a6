/**
 * NumPy .npy (format versions 1.0, 2.0 and 3.0) reading and writing, for the dtypes the lab
 * exchanges: little-endian f4, f8, i4, i8, i1, u1 and bool, in C order. Anything else is refused
 * with a message saying what to convert it to, rather than being misread.
 */

export type NpyDtype = 'f4' | 'f8' | 'i4' | 'i8' | 'i1' | 'u1' | 'bool';

export type NpyData = Float32Array | Float64Array | Int32Array | BigInt64Array | Int8Array | Uint8Array;

export interface NpyArray {
  dtype: NpyDtype;
  shape: number[];
  /** Row-major (C order) values; bool is stored as Uint8Array of 0/1. */
  data: NpyData;
}

/** A malformed or unsupported .npy: the CLI shows the message with exit code 2. */
export class NpyFormatError extends Error {
  override name = 'NpyFormatError';
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

const BYTES: Record<NpyDtype, number> = { f4: 4, f8: 8, i4: 4, i8: 8, i1: 1, u1: 1, bool: 1 };

/** numpy's descr strings for each dtype (one-byte types have no byte order: "|"). */
const DESCR: Record<NpyDtype, string> = {
  f4: '<f4',
  f8: '<f8',
  i4: '<i4',
  i8: '<i8',
  i1: '|i1',
  u1: '|u1',
  bool: '|b1',
};

function dtypeFromDescr(descr: string, where: string): NpyDtype {
  const order = descr[0];
  const code = descr.slice(1);
  if (order === '>' && code !== 'i1' && code !== 'u1' && code !== 'b1') {
    throw new NpyFormatError(`${where}: big-endian dtype ${descr} is not supported; save it little-endian (arr.astype("<${code}"))`);
  }
  if (code === 'O' || descr.startsWith('|O')) {
    throw new NpyFormatError(`${where}: object arrays are not supported; save a numeric array (float64)`);
  }
  const known: Record<string, NpyDtype> = { f4: 'f4', f8: 'f8', i4: 'i4', i8: 'i8', i1: 'i1', u1: 'u1', b1: 'bool' };
  const dtype = order === '<' || order === '|' || order === '=' || order === '>' ? known[code] : undefined;
  if (!dtype) {
    throw new NpyFormatError(`${where}: dtype ${descr} is not supported; use float32, float64, int8/32/64, uint8 or bool`);
  }
  return dtype;
}

/**
 * Parses numpy's header, a Python dict literal such as
 * `{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }`. Only this small grammar is
 * accepted; nothing is evaluated.
 */
function parseHeader(text: string, where: string): { descr: string; fortran: boolean; shape: number[] } {
  const bad = (why: string): never => {
    throw new NpyFormatError(`${where}: malformed .npy header (${why}): ${text.trim().slice(0, 120)}`);
  };
  const descr = /['"]descr['"]\s*:\s*(['"])(.*?)\1/.exec(text);
  if (!descr) {
    if (/['"]descr['"]\s*:\s*\[/.test(text)) {
      throw new NpyFormatError(`${where}: structured (record) arrays are not supported; save a plain numeric array`);
    }
    return bad('no descr');
  }
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(text);
  if (!fortran) return bad('no fortran_order');
  const shape = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(text);
  if (!shape) return bad('no shape');
  const dims = (shape[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map((s) => {
      const cleaned = s.replace(/L$/, ''); // Python 2 longs
      if (!/^\d+$/.test(cleaned)) bad(`shape entry "${s}"`);
      return Number(cleaned);
    });
  return { descr: descr[2] ?? '', fortran: fortran[1] === 'True', shape: dims };
}

/** Number of elements of a shape (1 for a 0-d array). */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function typedFromBytes(dtype: NpyDtype, bytes: Uint8Array): NpyData {
  // Copy into a fresh, aligned buffer: the payload offset in a file need not be a multiple of 8.
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  const buf = copy.buffer;
  switch (dtype) {
    case 'f4':
      return new Float32Array(buf);
    case 'f8':
      return new Float64Array(buf);
    case 'i4':
      return new Int32Array(buf);
    case 'i8':
      return new BigInt64Array(buf);
    case 'i1':
      return new Int8Array(buf);
    case 'u1':
    case 'bool':
      return copy;
  }
}

/** The typed arrays used here are little-endian on every platform Node supports (x86-64, arm64). */
export function readNpy(bytes: Uint8Array, where = 'array'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) {
    throw new NpyFormatError(`${where}: not a .npy array (missing the \\x93NUMPY magic)`);
  }
  const major = bytes[6] as number;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLen: number;
  let headerStart: number;
  if (major === 1) {
    headerLen = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new NpyFormatError(`${where}: truncated .npy header`);
    headerLen = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new NpyFormatError(`${where}: .npy format version ${major} is not supported (1, 2 or 3 are)`);
  }
  if (headerStart + headerLen > bytes.length) throw new NpyFormatError(`${where}: truncated .npy header`);
  const headerText = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLen));
  const header = parseHeader(headerText, where);
  const dtype = dtypeFromDescr(header.descr, where);
  const count = shapeSize(header.shape);
  if (header.fortran && header.shape.filter((s) => s > 1).length > 1) {
    throw new NpyFormatError(`${where}: Fortran-order arrays are not supported; save with np.ascontiguousarray(arr)`);
  }
  const start = headerStart + headerLen;
  const need = count * BYTES[dtype];
  if (bytes.length - start < need) {
    throw new NpyFormatError(
      `${where}: truncated data: shape (${header.shape.join(', ')}) of ${header.descr} needs ${need} bytes, found ${bytes.length - start}`,
    );
  }
  return { dtype, shape: header.shape, data: typedFromBytes(dtype, bytes.subarray(start, start + need)) };
}

function pythonShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/** Writes format 1.0 (or 2.0 when the header is too long), padded to 64 bytes as numpy does. */
export function writeNpy(array: NpyArray): Uint8Array {
  const count = shapeSize(array.shape);
  if (array.shape.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new NpyFormatError(`writeNpy: invalid shape (${array.shape.join(', ')})`);
  }
  if (array.data.length !== count) {
    throw new NpyFormatError(`writeNpy: shape (${array.shape.join(', ')}) needs ${count} values, data has ${array.data.length}`);
  }
  const dict = `{'descr': '${DESCR[array.dtype]}', 'fortran_order': False, 'shape': ${pythonShape(array.shape)}, }`;
  let version = 1;
  let prefix = 10;
  let total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  if (total - prefix > 0xffff) {
    version = 2;
    prefix = 12;
    total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  }
  const header = dict.padEnd(total - prefix - 1, ' ') + '\n';
  const dataBytes = new Uint8Array(array.data.buffer, array.data.byteOffset, array.data.byteLength);
  const out = new Uint8Array(total + dataBytes.byteLength);
  out.set(MAGIC, 0);
  out[6] = version;
  out[7] = 0;
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, header.length, true);
  else view.setUint32(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[prefix + i] = header.charCodeAt(i);
  out.set(dataBytes, total);
  return out;
}

/** Values as float64 (i8 beyond 2^53 loses precision, which no lab quantity reaches). */
export function toFloat64(array: NpyArray): Float64Array {
  if (array.data instanceof Float64Array) return array.data;
  const out = new Float64Array(array.data.length);
  if (array.data instanceof BigInt64Array) {
    for (let i = 0; i < out.length; i++) out[i] = Number(array.data[i]);
  } else {
    out.set(array.data);
  }
  return out;
}
