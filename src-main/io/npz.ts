/**
 * NumPy .npz archives: a zip of `name.npy` entries, stored (np.savez) or deflated
 * (np.savez_compressed). fflate handles the zip layer, including numpy's zip64 headers.
 */
import * as fs from 'node:fs';
import { unzipSync, zipSync } from 'fflate';
import { NpyFormatError, readNpy, writeNpy, type NpyArray } from './npy';
import { fsFailure } from '../common/fs-failure';

export type NpzContents = Map<string, NpyArray>;

/** Parses an .npz held in memory; `where` names the file in error messages. */
export function readNpzBytes(bytes: Uint8Array, where = 'archive'): NpzContents {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new NpyFormatError(`${where}: not a readable .npz (zip) archive: ${(err as Error).message}`);
  }
  const out: NpzContents = new Map();
  for (const [entry, content] of Object.entries(entries)) {
    if (entry.endsWith('/')) continue; // directory entries carry no array
    if (!entry.endsWith('.npy')) throw new NpyFormatError(`${where}: entry "${entry}" is not a .npy array`);
    const name = entry.slice(0, -'.npy'.length);
    out.set(name, readNpy(content, `${where}: ${name}`));
  }
  return out;
}

export function readNpzFile(file: string): NpzContents {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    throw new NpyFormatError(`cannot read ${file}: ${fsFailure(err)}`);
  }
  return readNpzBytes(bytes, file);
}

/** `compress` false stores entries like np.savez; true deflates like np.savez_compressed. */
export function writeNpzBytes(arrays: NpzContents | Record<string, NpyArray>, compress = false): Uint8Array {
  const entries = arrays instanceof Map ? [...arrays.entries()] : Object.entries(arrays);
  const files: Record<string, Uint8Array> = {};
  for (const [name, array] of entries) files[`${name}.npy`] = writeNpy(array);
  return zipSync(files, { level: compress ? 6 : 0 });
}

export function writeNpzFile(file: string, arrays: NpzContents | Record<string, NpyArray>, compress = false): void {
  fs.writeFileSync(file, writeNpzBytes(arrays, compress));
}
