import * as path from 'node:path';
import { BENCH_HYPER, type BenchCase } from './cases';
import { lastLine, runChild } from './child-process';
import { parseMeasurement, type EngineOutcome } from './engine-result';
import type { PythonPeer } from './peers';
import { findPython } from './python-finder';
import { repositoryRoot } from './repo-paths';

/**
 * A Python peer's environment. This machine image sets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE,
 * which pin OpenBLAS to slower kernels (STACK.md); a fair peer gets OpenBLAS's own choice, so the
 * two are removed here, for the child only. A thread count, when given, applies to every engine
 * (BLAS, OpenMP, Numba's pool, PyTorch's intra-op pool).
 */
export function peerChildEnv(threads: number | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads !== undefined && threads > 0) {
    for (const name of ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'NUMBA_NUM_THREADS', 'MKL_NUM_THREADS']) {
      env[name] = String(threads);
    }
  }
  return env;
}

/** The case as the peer scripts read it: shapes plus the learner settings they need. */
export function caseJson(c: BenchCase): string {
  const { name, runs, K, n, P, d, m } = c;
  const { q, rho, sigma0, sigmaXi, eta } = BENCH_HYPER;
  return JSON.stringify({ name, runs, K, n, P, d, m, q, rho, sigma0, sigmaXi, eta });
}

export function peerScript(peer: PythonPeer): string {
  return path.join(repositoryRoot(), 'bench', peer.script);
}

/** Times one Python peer on one case in its own process (so its peak memory is per case). */
export async function benchPeer(
  peer: PythonPeer,
  c: BenchCase,
  steps: number,
  threads: number | undefined,
  verbose: boolean,
): Promise<EngineOutcome> {
  const python = await findPython(peer.modules);
  if (!python) {
    return { status: 'skipped', reason: `no Python here imports ${peer.modules.join(' and ')} (install ${peer.install})` };
  }
  // Warm-up steps start the BLAS threads, fault in the buffers and let Numba compile.
  const warmup = peer.id === 'numba' ? 2 : 1;
  const args = [peerScript(peer), '--steps', String(steps), '--warmup', String(warmup), '--case', caseJson(c)];
  try {
    const out = await runChild(python, args, peerChildEnv(threads), verbose);
    if (out.code !== 0) {
      return { status: 'failed', reason: `${python} exited with ${out.code}: ${out.stderr.trim().slice(-500)}` };
    }
    return { status: 'measured', result: { ...parseMeasurement(lastLine(out.stdout), peer.id), python } };
  } catch (err) {
    return { status: 'failed', reason: (err as Error).message };
  }
}
