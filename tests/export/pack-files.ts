/** Reading packs back in tests: every file of a folder, PNG sizes, and leftovers of failed writes. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Relative POSIX path -> bytes of every file under `dir`. */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string, prefix: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const rel = prefix ? `${prefix}/${e.name}` : e.name;
      if (e.isDirectory()) walk(path.join(d, e.name), rel);
      else out.set(rel, fs.readFileSync(path.join(d, e.name)));
    }
  };
  walk(dir, '');
  return out;
}

/** Width and height from a PNG's IHDR chunk (bytes 16-23 after the signature and chunk header). */
export function pngSize(bytes: Buffer): { width: number; height: number } {
  if (bytes.subarray(1, 4).toString('latin1') !== 'PNG' || bytes.subarray(12, 16).toString('latin1') !== 'IHDR')
    throw new Error('not a PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Names in `dir` that a pack write leaves while in progress (`.NAME.partial-XXXXXX`). */
export function partials(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => n.includes('.partial-')) : [];
}

/** The manifest without its export time (the one field allowed to differ between exports). */
export function manifestWithoutTime(bytes: Buffer): unknown {
  const manifest = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  expectIso(manifest.exportedAt);
  delete manifest.exportedAt;
  return manifest;
}

function expectIso(value: unknown): void {
  if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw new Error(`exportedAt is not an ISO time: ${String(value)}`);
}
