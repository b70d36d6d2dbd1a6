/**
 * Metric series <-> compact blobs. A chunk stores the raw bytes of the typed arrays the engine
 * produced; sweeps may store scalars as float32 to halve their size (the summary keeps full
 * precision). Decoding copies into fresh, aligned arrays.
 */
import type { NativeSeries } from '../engine/native-types';

export interface EncodedChunk {
  recordCount: number;
  K: number;
  m: number;
  scalarNames: string;
  steps: Buffer;
  scalars: Buffer;
  scalarsF32: boolean;
  alignments: Buffer;
}

function bytesOf(view: ArrayBufferView): Buffer {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

export function encodeSeries(series: NativeSeries, options: { scalarsF32?: boolean; dropAlignments?: boolean } = {}): EncodedChunk {
  const scalarsF32 = options.scalarsF32 ?? false;
  return {
    recordCount: series.steps.length,
    K: series.K,
    m: series.m,
    scalarNames: JSON.stringify(series.scalarNames),
    // Copies: the engine may reuse its buffers after the callback returns.
    steps: Buffer.from(bytesOf(series.steps)),
    scalars: Buffer.from(bytesOf(scalarsF32 ? Float32Array.from(series.scalars) : series.scalars)),
    scalarsF32,
    alignments: options.dropAlignments ? Buffer.alloc(0) : Buffer.from(bytesOf(series.alignments)),
  };
}

function typedCopy<T>(buf: Buffer, make: (ab: ArrayBuffer) => T): T {
  const ab = new ArrayBuffer(buf.byteLength);
  new Uint8Array(ab).set(buf);
  return make(ab);
}

/**
 * Why a stored chunk cannot be decoded (blob lengths that do not fit its record count and shape,
 * scalar names that are not a list of names), or null when it can: a damaged file is reported
 * in a sentence instead of failing inside a typed-array constructor.
 */
export function chunkDamage(chunk: EncodedChunk): string | null {
  const n = chunk.recordCount;
  if (!Number.isInteger(n) || n < 0) return `record count ${String(n)}`;
  if (!Number.isInteger(chunk.K) || chunk.K < 1 || !Number.isInteger(chunk.m) || chunk.m < 1)
    return `shape K ${String(chunk.K)}, m ${String(chunk.m)}`;
  let names: unknown;
  try {
    names = JSON.parse(chunk.scalarNames);
  } catch {
    return 'scalar names that are not JSON';
  }
  if (!Array.isArray(names) || names.some((x) => typeof x !== 'string')) return 'scalar names that are not a list of names';
  if (!(chunk.steps instanceof Uint8Array) || chunk.steps.byteLength !== n * 4)
    return `steps of ${chunk.steps?.byteLength} bytes for ${n} records`;
  const width = chunk.scalarsF32 ? 4 : 8;
  if (!(chunk.scalars instanceof Uint8Array) || chunk.scalars.byteLength !== n * names.length * width)
    return `scalars of ${chunk.scalars?.byteLength} bytes for ${n} records of ${names.length}`;
  const align = chunk.alignments;
  if (!(align instanceof Uint8Array) || (align.byteLength !== 0 && align.byteLength !== n * chunk.K * chunk.m * 4))
    return `alignments of ${align?.byteLength} bytes`;
  return null;
}

export function decodeChunk(chunk: EncodedChunk): NativeSeries {
  const scalars = chunk.scalarsF32
    ? Float64Array.from(typedCopy(chunk.scalars, (ab) => new Float32Array(ab)))
    : typedCopy(chunk.scalars, (ab) => new Float64Array(ab));
  return {
    K: chunk.K,
    m: chunk.m,
    steps: typedCopy(chunk.steps, (ab) => new Int32Array(ab)),
    scalarNames: JSON.parse(chunk.scalarNames) as string[],
    scalars,
    alignments: typedCopy(chunk.alignments, (ab) => new Float32Array(ab)),
  };
}

/** Joins consecutive chunks of one (run, mode) into one series. */
export function concatSeries(parts: NativeSeries[]): NativeSeries | null {
  const first = parts[0];
  if (!first) return null;
  const total = parts.reduce((n, p) => n + p.steps.length, 0);
  const width = first.scalarNames.length;
  const steps = new Int32Array(total);
  const scalars = new Float64Array(total * width);
  const alignLen = parts.reduce((n, p) => n + p.alignments.length, 0);
  const alignments = new Float32Array(alignLen);
  let row = 0;
  let a = 0;
  for (const p of parts) {
    steps.set(p.steps, row);
    scalars.set(p.scalars, row * width);
    alignments.set(p.alignments, a);
    row += p.steps.length;
    a += p.alignments.length;
  }
  return { K: first.K, m: first.m, steps, scalarNames: first.scalarNames, scalars, alignments };
}

/**
 * Keeps at most `maxRecords` evenly spaced records (always the first and last), so a sweep's
 * thousands of runs stay small; per-neuron alignments are dropped by the caller for sweeps.
 */
export function downsampleSeries(series: NativeSeries, maxRecords: number): NativeSeries {
  const count = series.steps.length;
  if (count <= maxRecords || maxRecords < 2) return series;
  const keep: number[] = [];
  for (let i = 0; i < maxRecords; i++) keep.push(Math.round((i * (count - 1)) / (maxRecords - 1)));
  const width = series.scalarNames.length;
  const per = series.K * series.m;
  const hasAlign = series.alignments.length === count * per;
  const steps = new Int32Array(keep.length);
  const scalars = new Float64Array(keep.length * width);
  const alignments = new Float32Array(hasAlign ? keep.length * per : 0);
  keep.forEach((src, dst) => {
    steps[dst] = series.steps[src] as number;
    scalars.set(series.scalars.subarray(src * width, (src + 1) * width), dst * width);
    if (hasAlign) alignments.set(series.alignments.subarray(src * per, (src + 1) * per), dst * per);
  });
  return { K: series.K, m: series.m, steps, scalarNames: series.scalarNames, scalars, alignments };
}
