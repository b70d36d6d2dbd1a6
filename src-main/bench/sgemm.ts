import * as path from 'node:path';
import { lastLine, runChild } from './child-process';
import { peerChildEnv } from './python-peer';
import { findPython } from './python-finder';
import { repositoryRoot } from './repo-paths';

/** The machine's own limit: NumPy's BLAS on a large square float32 product (bench/sgemm_rate.py). */
export interface SgemmRate {
  n: number;
  gflops: number;
  blas: string;
  python: string;
}

export type SgemmOutcome = { status: 'measured'; rate: SgemmRate } | { status: 'skipped' | 'failed'; reason: string };

/** Measured with the NumPy peer's interpreter and environment, so it is the BLAS that peer uses. */
export async function measureSgemm(threads: number | undefined, n = 4096): Promise<SgemmOutcome> {
  const python = await findPython(['numpy']);
  if (!python) return { status: 'skipped', reason: 'no Python here imports numpy' };
  const script = path.join(repositoryRoot(), 'bench', 'sgemm_rate.py');
  try {
    const out = await runChild(python, [script, '--n', String(n)], peerChildEnv(threads), false);
    if (out.code !== 0) return { status: 'failed', reason: out.stderr.trim().slice(-300) };
    const value = JSON.parse(lastLine(out.stdout)) as Partial<SgemmRate>;
    if (typeof value.gflops !== 'number' || !(value.gflops > 0)) {
      return { status: 'failed', reason: `sgemm output lacks a positive "gflops": ${lastLine(out.stdout)}` };
    }
    return { status: 'measured', rate: { n, gflops: value.gflops, blas: String(value.blas ?? '?'), python } };
  } catch (err) {
    return { status: 'failed', reason: (err as Error).message };
  }
}
