import { gemmFlopsPerStep, type BenchCase } from './cases';
import type { EngineOutcome } from './engine-result';

export interface CaseReport {
  case: string;
  shape: Pick<BenchCase, 'runs' | 'K' | 'n' | 'P' | 'd' | 'm'>;
  gemmFlopsPerStep: number;
  steps: number;
  /** Rounds each engine ran; the reported numbers are each engine's best round. */
  repeats: number;
  native: EngineOutcome;
  numpy: EngineOutcome;
  /** NumPy seconds per step over native seconds per step; null unless both were measured. */
  ratio: number | null;
  targetRatio: number | null;
  meetsTarget: boolean | null;
  /** CPU fraction other processes used just before the case; above BUSY_WARNING the timing is suspect. */
  otherCpuLoadBefore: number | null;
}

export const BUSY_WARNING = 0.15;

export interface RunContext {
  steps: number;
  repeats: number;
  otherCpuLoadBefore: number | null;
}

export function caseReport(c: BenchCase, context: RunContext, native: EngineOutcome, numpy: EngineOutcome): CaseReport {
  const ratio =
    native.status === 'measured' && numpy.status === 'measured'
      ? numpy.result.secondsPerStep / native.result.secondsPerStep
      : null;
  const { runs, K, n, P, d, m } = c;
  return {
    case: c.name,
    shape: { runs, K, n, P, d, m },
    gemmFlopsPerStep: gemmFlopsPerStep(c),
    steps: context.steps,
    repeats: context.repeats,
    native,
    numpy,
    ratio,
    targetRatio: c.targetRatio,
    meetsTarget: ratio === null || c.targetRatio === null ? null : ratio >= c.targetRatio,
    otherCpuLoadBefore: context.otherCpuLoadBefore,
  };
}

const HEADERS = ['case', 'native s/step', 'NumPy s/step', 'NumPy/native', 'target', 'native GFLOP/s', 'NumPy GFLOP/s', 'native peak MiB', 'NumPy peak MiB'];

function cell(outcome: EngineOutcome, pick: (r: { secondsPerStep: number; gflops: number; peakRssBytes: number }) => string): string {
  return outcome.status === 'measured' ? pick(outcome.result) : outcome.status;
}

function row(r: CaseReport): string[] {
  const seconds = (o: EngineOutcome): string => cell(o, (m) => m.secondsPerStep.toExponential(3));
  const gflops = (o: EngineOutcome): string => cell(o, (m) => m.gflops.toFixed(1));
  const mib = (o: EngineOutcome): string => cell(o, (m) => (m.peakRssBytes / 2 ** 20).toFixed(0));
  const target = r.targetRatio === null ? '-' : `>= ${r.targetRatio}x ${r.meetsTarget === null ? '' : r.meetsTarget ? 'met' : 'MISSED'}`;
  return [r.case, seconds(r.native), seconds(r.numpy), r.ratio === null ? '-' : `${r.ratio.toFixed(2)}x`, target.trim(),
    gflops(r.native), gflops(r.numpy), mib(r.native), mib(r.numpy)];
}

/** A plain aligned text table, then one line per engine that was skipped or failed, saying why. */
export function formatTable(reports: CaseReport[]): string {
  const rows = [HEADERS, ...reports.map(row)];
  const widths = HEADERS.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  const lines = rows.map((r) => r.map((text, i) => text.padEnd(widths[i] ?? 0)).join('  ').trimEnd());
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of reports) {
    for (const [engine, outcome] of [['native', r.native], ['NumPy', r.numpy]] as const) {
      if (outcome.status !== 'measured') lines.push(`${r.case}: ${engine} ${outcome.status}: ${outcome.reason}`);
    }
    const load = r.otherCpuLoadBefore;
    if (load !== null && load > BUSY_WARNING) {
      lines.push(`${r.case}: WARNING other processes used ${(load * 100).toFixed(0)}% of the CPU just before it; timings are unreliable`);
    }
  }
  const rounds = [...new Set(reports.map((r) => `${r.case}: best of ${r.repeats}, ${r.steps} steps`))].join('; ');
  lines.push(`Each engine's best round (${rounds}), both engines alternating in this run.`);
  lines.push('GFLOP/s counts the 4*K*n*P*d*m GEMM flops of a step (per run); peak = the measuring process\'s max RSS.');
  return lines.join('\n');
}
