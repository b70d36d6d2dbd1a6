/**
 * Imports a dataset (`--data`) or initial weights (`--init`) from NumPy .npz files, checking
 * every array's name, shape, dtype and values before anything reaches the engine.
 *
 * Layout (the same one `--save-weights` writes):
 *   data:    y_train (n), y_test (nTest), X{r}_train (n, P, d), X{r}_test (nTest, P, d), v{r} (d) optional
 *   weights: W{r} (m, d)
 */
import type { NativeImportedData } from '../engine/native-types';
import { NpyFormatError, toFloat64, type NpyArray } from './npy';
import { readNpzFile, type NpzContents } from './npz';
import type { DataShapeOverrides } from '../config/resolve';

/** A valid .npz whose contents do not fit the lab: reported with exit code 2 like config errors. */
export class ImportError extends Error {
  override name = 'ImportError';
}

const FLOAT_DTYPES = new Set(['f4', 'f8']);
const LABEL_DTYPES = new Set(['f4', 'f8', 'i1', 'i4', 'i8']);

function shapeText(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function requireArray(contents: NpzContents, name: string, file: string): NpyArray {
  const array = contents.get(name);
  if (!array) {
    const present = [...contents.keys()].join(', ') || 'none';
    throw new ImportError(`${file}: missing array "${name}" (arrays present: ${present})`);
  }
  return array;
}

function checkShape(array: NpyArray, expected: readonly number[], name: string, file: string, meaning: string): void {
  const ok = array.shape.length === expected.length && array.shape.every((s, i) => s === expected[i]);
  if (!ok) {
    throw new ImportError(`${file}: ${name} has shape ${shapeText(array.shape)}, expected ${shapeText(expected)} ${meaning}`);
  }
}

function checkDtype(array: NpyArray, allowed: Set<string>, name: string, file: string): void {
  if (!allowed.has(array.dtype)) {
    throw new ImportError(`${file}: ${name} has dtype ${array.dtype}; expected one of ${[...allowed].join(', ')}`);
  }
}

function finiteValues(array: NpyArray, name: string, file: string): Float64Array {
  const values = toFloat64(array);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new ImportError(`${file}: ${name} holds a non-finite value (${values[i]}) at flat index ${i}`);
    }
  }
  return values;
}

function labels(contents: NpzContents, name: string, file: string): Float64Array {
  const array = requireArray(contents, name, file);
  checkDtype(array, LABEL_DTYPES, name, file);
  if (array.shape.length !== 1) throw new ImportError(`${file}: ${name} has shape ${shapeText(array.shape)}, expected (samples,)`);
  if (array.shape[0] === 0) throw new ImportError(`${file}: ${name} is empty; at least one sample is needed`);
  const values = finiteValues(array, name, file);
  const bad = values.findIndex((v) => v !== 1 && v !== -1);
  if (bad >= 0) throw new ImportError(`${file}: ${name}[${bad}] is ${values[bad]}; labels must be +1 or -1`);
  return values;
}

/** Counts X0_train, X1_train, ... and refuses gaps (X0 and X2 without X1). */
function modalityCount(contents: NpzContents, file: string): number {
  const indices = [...contents.keys()]
    .map((name) => /^X(\d+)_train$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
  if (indices.length === 0) throw new ImportError(`${file}: no X0_train array; a data file needs X{r}_train and X{r}_test per modality`);
  indices.forEach((value, i) => {
    if (value !== i) throw new ImportError(`${file}: X${i}_train is missing (modalities must be numbered 0, 1, ... without gaps)`);
  });
  return indices.length;
}

function rejectUnexpected(contents: NpzContents, expected: Set<string>, file: string): void {
  const extra = [...contents.keys()].filter((name) => !expected.has(name));
  if (extra.length > 0) {
    throw new ImportError(`${file}: unexpected array(s) ${extra.join(', ')}; expected ${[...expected].join(', ')}`);
  }
}

export interface ImportedDataset {
  data: NativeImportedData;
  shape: DataShapeOverrides;
}

export function importDataFromContents(contents: NpzContents, file: string): ImportedDataset {
  const yTrain = labels(contents, 'y_train', file);
  const yTest = labels(contents, 'y_test', file);
  const K = modalityCount(contents, file);
  const first = requireArray(contents, 'X0_train', file);
  if (first.shape.length !== 3) {
    throw new ImportError(`${file}: X0_train has shape ${shapeText(first.shape)}, expected (n, P, d)`);
  }
  const [n, P, d] = first.shape as [number, number, number];
  const nTest = yTest.length;
  if (n !== yTrain.length) {
    throw new ImportError(`${file}: X0_train has ${n} samples but y_train has ${yTrain.length}`);
  }
  if (P === 0 || d === 0) throw new ImportError(`${file}: X0_train has shape ${shapeText(first.shape)}; P and d must be positive`);
  const expected = new Set(['y_train', 'y_test']);
  const xTrain: Float64Array[] = [];
  const xTest: Float64Array[] = [];
  const v: Float64Array[] = [];
  for (let r = 0; r < K; r++) {
    for (const [name, rows, into] of [
      [`X${r}_train`, n, xTrain],
      [`X${r}_test`, nTest, xTest],
    ] as const) {
      expected.add(name);
      const array = requireArray(contents, name, file);
      checkDtype(array, FLOAT_DTYPES, name, file);
      checkShape(array, [rows, P, d], name, file, `(samples, P, d) to match X0_train and the labels`);
      into.push(finiteValues(array, name, file));
    }
    const vName = `v${r}`;
    expected.add(vName);
    const vArray = contents.get(vName);
    if (vArray) {
      checkDtype(vArray, FLOAT_DTYPES, vName, file);
      checkShape(vArray, [d], vName, file, '(d,)');
      const values = finiteValues(vArray, vName, file);
      let squares = 0;
      for (const x of values) squares += x * x;
      const norm = Math.sqrt(squares);
      if (Math.abs(norm - 1) > 1e-4) {
        throw new ImportError(`${file}: ${vName} has norm ${norm.toPrecision(6)}; the feature vector must be a unit vector`);
      }
      v.push(values);
    }
  }
  if (v.length !== 0 && v.length !== K) {
    throw new ImportError(`${file}: feature vectors v{r} given for ${v.length} of ${K} modalities; give all or none`);
  }
  rejectUnexpected(contents, expected, file);
  const data: NativeImportedData = { yTrain, yTest, xTrain, xTest };
  if (v.length === K) data.v = v;
  return { data, shape: { K, n, nTest, P, d } };
}

export function importDataFile(file: string): ImportedDataset {
  return importDataFromContents(readNpzFile(file), file);
}

/** Initial weights W{r} (m, d) for r < K, as float64 (the engine rounds to its precision). */
export function importInitFromContents(contents: NpzContents, file: string, K: number, m: number, d: number): Float64Array[] {
  const out: Float64Array[] = [];
  const expected = new Set<string>();
  for (let r = 0; r < K; r++) {
    const name = `W${r}`;
    expected.add(name);
    const array = requireArray(contents, name, file);
    checkDtype(array, FLOAT_DTYPES, name, file);
    checkShape(array, [m, d], name, file, '(model.m, data.d)');
    out.push(finiteValues(array, name, file));
  }
  rejectUnexpected(contents, expected, file);
  return out;
}

export function importInitFile(file: string, K: number, m: number, d: number): Float64Array[] {
  return importInitFromContents(readNpzFile(file), file, K, m, d);
}

/** True for the errors a user fixes by changing an input file (exit code 2, no stack). */
export function isInputFileError(err: unknown): boolean {
  return err instanceof ImportError || err instanceof NpyFormatError;
}
