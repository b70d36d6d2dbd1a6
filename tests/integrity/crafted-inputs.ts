/**
 * Crafted inputs for the import tests: a real pack to start from, packs rewritten with a
 * manifest recomputed over every file (so only the importer's own checks can refuse them), a
 * zip bomb written in streamed chunks (the test never holds the unpacked bytes), and a child
 * process that runs one CLI import and reports its exit code, its message and its peak memory.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import { ROOT } from '../lab/cli-from-source';
import { readTree } from '../export/pack-files';

const HOOK = path.join(ROOT, 'tools', 'ts-require-hook.js');
const MAIN = path.join(ROOT, 'src-main', 'cli', 'main.ts');

/** Writes `files` as a folder pack whose manifest lists and checksums every file. */
export function writeFolderPack(dir: string, files: Map<string, Buffer>, manifestExtra: Record<string, unknown> = {}): void {
  fs.mkdirSync(dir, { recursive: true });
  const listed: Record<string, { sha256: string; bytes: number }> = {};
  for (const [name, bytes] of files) {
    if (name === 'manifest.json') continue;
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
    listed[name] = { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
  }
  const manifest = { format: 'modcomp-figure-pack', formatVersion: 1, ...manifestExtra, files: listed };
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

/** A copy of the pack at `source` with `edit` applied to its files, its manifest recomputed. */
export function rewritePack(source: string, out: string, edit: (files: Map<string, Buffer>) => void): string {
  const files = readTree(source);
  const manifest = JSON.parse((files.get('manifest.json') as Buffer).toString('utf8')) as Record<string, unknown>;
  delete manifest.files;
  edit(files);
  writeFolderPack(out, files, manifest);
  return out;
}

/** runs.json of a pack, parsed, for an edit. */
export function editRunsJson(files: Map<string, Buffer>, edit: (runs: { runs: Record<string, unknown>[] }) => void): void {
  const runs = JSON.parse((files.get('data/runs.json') as Buffer).toString('utf8')) as { runs: Record<string, unknown>[] };
  edit(runs);
  files.set('data/runs.json', Buffer.from(JSON.stringify(runs)));
}

/**
 * A zip whose entry `name` unpacks to `bytes` zero bytes (deflated, so the file is small), built
 * from 1 MiB chunks so this process never holds the unpacked entry.
 */
export function writeZipBomb(file: string, name: string, bytes: number, others: Map<string, Buffer> = new Map()): void {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [other, content] of others) {
    const entry = new ZipPassThrough(other);
    zip.add(entry);
    entry.push(content, true);
  }
  const entry = new ZipDeflate(name, { level: 9 });
  zip.add(entry);
  const chunk = new Uint8Array(1024 * 1024);
  for (let done = 0; done < bytes; done += chunk.length)
    entry.push(chunk.subarray(0, Math.min(chunk.length, bytes - done)), done + chunk.length >= bytes);
  zip.end();
  fs.writeFileSync(file, Buffer.concat(parts));
}

export interface ChildImport {
  code: number | null;
  stderr: string;
  /** Peak resident memory of the child, in MiB (process.resourceUsage().maxRSS). */
  maxRssMiB: number;
}

/** Runs `modcomp ARGS` in a child process and reports its exit, message and peak memory. */
export function runCliMeasured(args: string[], timeoutMs = 60_000): Promise<ChildImport> {
  const script =
    `require(${JSON.stringify(MAIN)}).main(process.argv.slice(1)).then((c) => {` +
    `process.stdout.write('\\nMAXRSS ' + process.resourceUsage().maxRSS + '\\n'); process.exit(c); })`;
  const child = spawn(process.execPath, ['--require', HOOK, '-e', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      const rss = /MAXRSS (\d+)/.exec(out);
      resolve({ code, stderr: err, maxRssMiB: rss ? Number(rss[1]) / 1024 : Number.NaN });
    });
  });
}
