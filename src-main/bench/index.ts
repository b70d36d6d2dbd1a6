import * as os from 'node:os';
import { DEFAULT_CASE_NAMES, estimatePeakBytes, findCase, type BenchCase } from './cases';
import { measureFmaPeak } from './fma-peak';
import { appendHistory, currentCommit, historyPath } from './history';
import { otherCpuLoad } from './machine-load';
import { measureCase } from './measure-case';
import { PYTHON_PEERS, findPeer, type PythonPeer } from './peers';
import { caseReport, formatMarkdown, formatTable, type CaseReport, type MachineLimits } from './report';
import { measureSgemm } from './sgemm';

export interface BenchCommandOptions {
  /** Case names; empty means the default cases (all but the ones run only on request). */
  cases: string[];
  /** Native backend to compare with the peers: `cpu`, or `auto` (the same, until CUDA arrives). */
  backend: string;
  /** Timed GD steps for every case; default: each case's own count. */
  steps?: number;
  json: boolean;
  /** Threads for every engine (native pool, BLAS, Numba); default: every core. */
  threads?: number;
  /** Rounds per case, the engines taking turns; each engine's best round is reported (default: the case's own). */
  repeats?: number;
  /** Peer ids; empty or absent means every peer (each skipped with its reason where missing). */
  peers?: string[];
  /** Append the run's table to the history file (default true). */
  history?: boolean;
  /** How the run was asked for, written into the history. */
  commandLine?: string;
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

function validate(opts: BenchCommandOptions): { cases: BenchCase[]; peers: PythonPeer[] } {
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
  const peers = opts.peers && opts.peers.length > 0 ? opts.peers.map(findPeer) : [...PYTHON_PEERS];
  return { cases: resolveCases(opts.cases), peers };
}

/**
 * `modcomp bench`: measures the machine's sgemm rate and FMA peak, then for each case times the native engine
 * and every Python peer in turn in the same invocation (same machine state), and prints one
 * table (or one JSON object per case). Returns the process exit code: 0 when every engine ran or
 * was skipped, 1 when one failed, 2 for bad options.
 */
export async function runBenchCommand(opts: BenchCommandOptions): Promise<number> {
  let cases: BenchCase[];
  let peers: PythonPeer[];
  try {
    ({ cases, peers } = validate(opts));
  } catch (err) {
    process.stderr.write(`modcomp bench: ${(err as Error).message}\n`);
    return 2;
  }

  const verbose = !opts.json;
  // A run's timings are only as good as the machine's quiet; the history records the load around it.
  const loadBefore = os.loadavg();
  if (verbose) process.stderr.write("bench: sgemm rate of the machine's BLAS, FMA peak...\n");
  const limits: MachineLimits = { sgemm: await measureSgemm(opts.threads), fmaPeak: await measureFmaPeak(opts.threads) };
  const reports: CaseReport[] = [];
  let failed = limits.sgemm.status === 'failed' || limits.fmaPeak.status === 'failed';
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
    const measured = await measureCase(c, peers, steps, opts.threads, repeats, verbose);
    const report = caseReport(c, { steps, repeats, otherCpuLoadBefore: busy }, measured, limits);
    failed ||= [measured.native, ...Object.values(measured.peers)].some((o) => o?.status === 'failed');
    if (opts.json) process.stdout.write(`${JSON.stringify({ ...report, ...limits })}\n`);
    reports.push(report);
  }
  if (reports.length === 0) return failed ? 1 : 0;
  if (!opts.json) process.stdout.write(`${formatTable(reports, limits)}\n`);
  if (opts.history !== false) {
    appendHistory({
      date: new Date(),
      commit: currentCommit(),
      command: opts.commandLine ?? 'npm run bench',
      table: formatMarkdown(reports, limits),
      loadBefore,
    });
    if (verbose) process.stderr.write(`bench: table appended to ${historyPath()}\n`);
  }
  return failed ? 1 : 0;
}
