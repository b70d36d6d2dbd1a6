import * as os from 'node:os';
import { DEFAULT_CASE_NAMES, estimatePeakBytes, findCase, type BenchCase } from './cases';
import { otherCpuLoad } from './machine-load';
import { measureCase } from './measure-case';
import { caseReport, formatTable, type CaseReport } from './report';

export interface BenchCommandOptions {
  /** Case names; empty means the default cases (all but the ones run only on request). */
  cases: string[];
  /** Native backend to compare with NumPy: `cpu`, or `auto` (the same, until CUDA arrives). */
  backend: string;
  /** Timed GD steps for every case; default: each case's own count. */
  steps?: number;
  json: boolean;
  /** Threads for both engines (native pool and OpenBLAS); default: every core. */
  threads?: number;
  /** Rounds per case, alternating the engines; each engine's best round is reported (default: the case's own). */
  repeats?: number;
}

const SUPPORTED_BACKENDS = ['cpu', 'auto'];
const GIB = 2 ** 30;

function resolveCases(names: string[]): BenchCase[] {
  return (names.length > 0 ? names : [...DEFAULT_CASE_NAMES]).map(findCase);
}

/** Refuses a case that would not fit now, rather than swapping or being killed minutes in. */
function memoryRefusal(c: BenchCase): string | null {
  const need = estimatePeakBytes(c);
  const free = os.freemem();
  if (need <= free) return null;
  return `case ${c.name} needs about ${(need / GIB).toFixed(1)} GiB but only ${(free / GIB).toFixed(1)} GiB is free; not running it`;
}

/**
 * `modcomp bench`: for each case, times the native engine and the NumPy peer one after the other
 * in the same invocation (same machine state), and prints a table or one JSON object per case.
 * Returns the process exit code: 0 when every engine ran or was skipped, 1 when one failed,
 * 2 for bad options.
 */
export async function runBenchCommand(opts: BenchCommandOptions): Promise<number> {
  let cases: BenchCase[];
  try {
    if (!SUPPORTED_BACKENDS.includes(opts.backend)) {
      throw new Error(`bench --backend must be one of ${SUPPORTED_BACKENDS.join(', ')} (got "${opts.backend}")`);
    }
    if (opts.steps !== undefined && !(Number.isInteger(opts.steps) && opts.steps >= 1)) {
      throw new Error(`bench --steps must be an integer >= 1 (got ${opts.steps})`);
    }
    if (opts.threads !== undefined && !(Number.isInteger(opts.threads) && opts.threads >= 0)) {
      throw new Error(`bench --threads must be an integer >= 0 (got ${opts.threads})`);
    }
    if (opts.repeats !== undefined && !(Number.isInteger(opts.repeats) && opts.repeats >= 1)) {
      throw new Error(`bench --repeats must be an integer >= 1 (got ${opts.repeats})`);
    }
    cases = resolveCases(opts.cases);
  } catch (err) {
    process.stderr.write(`modcomp bench: ${(err as Error).message}\n`);
    return 2;
  }

  const verbose = !opts.json;
  const reports: CaseReport[] = [];
  let failed = false;
  for (const c of cases) {
    const refusal = memoryRefusal(c);
    if (refusal) {
      process.stderr.write(`modcomp bench: ${refusal}\n`);
      failed = true;
      continue;
    }
    const steps = opts.steps ?? c.defaultSteps;
    const busy = await otherCpuLoad();
    const repeats = opts.repeats ?? c.defaultRepeats;
    const { native, numpy } = await measureCase(c, steps, opts.threads, repeats, verbose);
    const report = caseReport(c, { steps, repeats, otherCpuLoadBefore: busy }, native, numpy);
    failed ||= native.status === 'failed' || numpy.status === 'failed';
    if (opts.json) process.stdout.write(`${JSON.stringify(report)}\n`);
    reports.push(report);
  }
  if (!opts.json && reports.length > 0) process.stdout.write(`${formatTable(reports)}\n`);
  return failed ? 1 : 0;
}
