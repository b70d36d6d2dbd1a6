import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { lastLine, runChild } from './child-process';
import { repositoryRoot } from './repo-paths';

/**
 * The machine's arithmetic limit for the engine's default build (bench/fma_peak.cpp): vector
 * fused multiply-adds with nothing else, one thread per core. No engine doing the same products
 * can run them faster, so it bounds the lead any engine can have over a peer.
 */
export interface FmaPeak {
  gflops: number;
  threads: number;
  /** The instructions it ran: the engine's default target on x86-64, else the compiler's. */
  isa: string;
}

export type FmaPeakOutcome = { status: 'measured'; peak: FmaPeak } | { status: 'skipped' | 'failed'; reason: string };

/** Compiles the probe with the C++ compiler the native build uses ($CXX, else c++), then runs it. */
export async function measureFmaPeak(threads: number | undefined): Promise<FmaPeakOutcome> {
  const source = path.join(repositoryRoot(), 'bench', 'fma_peak.cpp');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'modcomp-fma-peak-'));
  try {
    const binary = path.join(dir, 'fma_peak');
    const x64 = process.arch === 'x64';
    const flags = ['-O2', '-ffp-contract=fast', ...(x64 ? ['-march=x86-64-v3'] : []), source, '-o', binary, '-lpthread'];
    const compiled = await runChild(process.env.CXX || 'c++', flags, process.env, false).catch((err: Error) => ({
      code: -1,
      stdout: '',
      stderr: err.message,
    }));
    if (compiled.code !== 0) return { status: 'skipped', reason: `no C++ compiler built the probe: ${compiled.stderr.trim().slice(-200)}` };
    const out = await runChild(binary, threads ? [String(threads)] : [], process.env, false);
    if (out.code !== 0) return { status: 'failed', reason: out.stderr.trim().slice(-300) };
    const value = JSON.parse(lastLine(out.stdout)) as Partial<FmaPeak>;
    if (typeof value.gflops !== 'number' || !(value.gflops > 0) || typeof value.threads !== 'number') {
      return { status: 'failed', reason: `FMA probe output lacks a positive "gflops": ${lastLine(out.stdout)}` };
    }
    return { status: 'measured', peak: { gflops: value.gflops, threads: value.threads, isa: x64 ? 'AVX2 + FMA' : process.arch } };
  } catch (err) {
    return { status: 'failed', reason: (err as Error).message };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
