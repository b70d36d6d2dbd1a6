import * as path from 'node:path';
import { BENCH_HYPER, type BenchCase } from './cases';
import { lastLine, runChild } from './child-process';
import { parseMeasurement, type EngineOutcome } from './engine-result';
import { repositoryRoot } from './repo-paths';

/**
 * The NumPy peer's environment. This machine image sets OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE,
 * which pin OpenBLAS to slower kernels (STACK.md); a fair peer gets OpenBLAS's own choice, so the
 * two are removed here, for this child only. A thread count, when given, applies to both engines.
 */
export function numpyChildEnv(threads: number | undefined): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  if (threads !== undefined && threads > 0) {
    env.OPENBLAS_NUM_THREADS = String(threads);
    env.OMP_NUM_THREADS = String(threads);
  }
  return env;
}

/** The case as the peer script reads it: shapes plus the learner settings it needs. */
function caseJson(c: BenchCase): string {
  const { name, runs, K, n, P, d, m } = c;
  const { q, rho, sigma0, sigmaXi, eta } = BENCH_HYPER;
  return JSON.stringify({ name, runs, K, n, P, d, m, q, rho, sigma0, sigmaXi, eta });
}

/** Times the NumPy peer on one case in its own python3 process (so its peak memory is per case). */
export async function benchNumpy(c: BenchCase, steps: number, threads: number | undefined, verbose: boolean): Promise<EngineOutcome> {
  const python = process.env.MODCOMP_PYTHON ?? 'python3';
  const script = path.join(repositoryRoot(), 'bench', 'numpy_peer.py');
  const warmup = 1; // starts OpenBLAS threads and faults in the first temporaries
  const args = [script, '--steps', String(steps), '--warmup', String(warmup), '--case', caseJson(c)];
  try {
    const out = await runChild(python, args, numpyChildEnv(threads), verbose);
    if (out.code !== 0) {
      return { status: 'failed', reason: `${python} exited with ${out.code}: ${out.stderr.trim().slice(-500)}` };
    }
    return { status: 'measured', result: parseMeasurement(lastLine(out.stdout), 'numpy') };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return { status: 'skipped', reason: `${python} not found (set MODCOMP_PYTHON)` };
    return { status: 'failed', reason: e.message };
  }
}
