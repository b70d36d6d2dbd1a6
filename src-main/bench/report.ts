import { executedGemmFlopsPerStep, gemmFlopsPerStep, type BenchCase } from './cases';
import type { EngineOutcome } from './engine-result';
import type { CaseMeasurements } from './measure-case';
import { PYTHON_PEERS, type PeerId, type PythonPeer } from './peers';
import type { FmaPeakOutcome } from './fma-peak';
import type { SgemmOutcome } from './sgemm';

/** The machine's own limits, measured once at the start of a bench run. */
export interface MachineLimits {
  sgemm: SgemmOutcome;
  fmaPeak: FmaPeakOutcome;
}

export interface CaseReport {
  case: string;
  shape: Pick<BenchCase, 'runs' | 'K' | 'n' | 'P' | 'd' | 'm'>;
  /** The two products' flops of a dense step, 4*K*n*P*d*m per run: what every peer executes. */
  gemmFlopsPerStep: number;
  /** The products' flops the native engine executes (pure signal rows are rank-one work). */
  nativeGemmFlopsPerStep: number;
  steps: number;
  /** Rounds each engine ran; the reported numbers are each engine's best round. */
  repeats: number;
  native: EngineOutcome;
  peers: Partial<Record<PeerId, EngineOutcome>>;
  /** The fastest measured headline peer (PyTorch never is one), or null. */
  fastestPeer: PeerId | null;
  /** Fastest headline peer's seconds per step over native's; null unless both were measured. */
  ratio: number | null;
  targetRatio: number | null;
  meetsTarget: boolean | null;
  /** Native executed GEMM flops over its whole step time (a lower bound on its GEMM rate). */
  nativeGemmGflops: number | null;
  /** nativeGemmGflops over the machine's measured sgemm rate. */
  efficiency: number | null;
  targetEfficiency: number | null;
  meetsEfficiency: boolean | null;
  /**
   * The largest lead over the fastest peer that any engine executing the native products could
   * have: the peer's time over those products' time at the FMA peak with nothing else done.
   */
  leadBound: number | null;
  /** CPU fraction other processes used just before the case; above BUSY_WARNING the timing is suspect. */
  otherCpuLoadBefore: number | null;
}

export const BUSY_WARNING = 0.15;

export interface RunContext {
  steps: number;
  repeats: number;
  otherCpuLoadBefore: number | null;
}

function seconds(outcome: EngineOutcome | undefined): number | null {
  return outcome?.status === 'measured' ? outcome.result.secondsPerStep : null;
}

export function caseReport(c: BenchCase, context: RunContext, measured: CaseMeasurements, limits: MachineLimits): CaseReport {
  const { sgemm, fmaPeak } = limits;
  let fastestPeer: PeerId | null = null;
  for (const peer of PYTHON_PEERS) {
    const s = seconds(measured.peers[peer.id]);
    if (!peer.headline || s === null) continue;
    if (fastestPeer === null || s < (seconds(measured.peers[fastestPeer]) as number)) fastestPeer = peer.id;
  }
  const nativeSeconds = seconds(measured.native);
  const peerSeconds = fastestPeer === null ? null : seconds(measured.peers[fastestPeer]);
  const ratio = nativeSeconds !== null && peerSeconds !== null ? peerSeconds / nativeSeconds : null;
  const nativeGemmFlops = executedGemmFlopsPerStep(c);
  const nativeGemmGflops = nativeSeconds === null ? null : nativeGemmFlops / nativeSeconds / 1e9;
  const efficiency = nativeGemmGflops !== null && sgemm.status === 'measured' ? nativeGemmGflops / sgemm.rate.gflops : null;
  const leadBound =
    peerSeconds !== null && fmaPeak.status === 'measured' ? peerSeconds / (nativeGemmFlops / (fmaPeak.peak.gflops * 1e9)) : null;
  const { runs, K, n, P, d, m } = c;
  return {
    case: c.name,
    shape: { runs, K, n, P, d, m },
    gemmFlopsPerStep: gemmFlopsPerStep(c),
    nativeGemmFlopsPerStep: nativeGemmFlops,
    steps: context.steps,
    repeats: context.repeats,
    native: measured.native,
    peers: measured.peers,
    fastestPeer,
    ratio,
    targetRatio: c.targetRatio,
    meetsTarget: ratio === null || c.targetRatio === null ? null : ratio >= c.targetRatio,
    nativeGemmGflops,
    efficiency,
    targetEfficiency: c.targetEfficiency,
    meetsEfficiency: efficiency === null || c.targetEfficiency === null ? null : efficiency >= c.targetEfficiency,
    leadBound,
    otherCpuLoadBefore: context.otherCpuLoadBefore,
  };
}

function verdict(target: number | null, met: boolean | null, unit: (t: number) => string): string {
  if (target === null) return '-';
  return `>= ${unit(target)}${met === null ? '' : met ? ' met' : ' MISSED'}`;
}

function peerLabel(id: PeerId): string {
  return (PYTHON_PEERS.find((p) => p.id === id) as PythonPeer).label;
}

/** The peers that appear in any report: a column each, in PYTHON_PEERS order. */
function peerColumns(reports: CaseReport[]): PythonPeer[] {
  return PYTHON_PEERS.filter((p) => reports.some((r) => r.peers[p.id] !== undefined));
}

function cells(r: CaseReport, peers: PythonPeer[]): string[] {
  const time = (o: EngineOutcome | undefined): string =>
    o === undefined ? '-' : o.status === 'measured' ? o.result.secondsPerStep.toExponential(3) : o.status;
  const lead = r.ratio === null || r.fastestPeer === null ? '-' : `${r.ratio.toFixed(2)}x (${peerLabel(r.fastestPeer)})`;
  return [
    r.case,
    ...peers.map((p) => time(r.peers[p.id])),
    time(r.native),
    lead,
    verdict(r.targetRatio, r.meetsTarget, (t) => `${t}x`),
    r.leadBound === null ? '-' : `${r.leadBound.toFixed(2)}x`,
    r.nativeGemmGflops === null ? '-' : r.nativeGemmGflops.toFixed(1),
    r.efficiency === null ? '-' : `${(r.efficiency * 100).toFixed(0)}%`,
    verdict(r.targetEfficiency, r.meetsEfficiency, (t) => `${(t * 100).toFixed(0)}%`),
  ];
}

function headers(peers: PythonPeer[]): string[] {
  return [
    'case',
    ...peers.map((p) => `${p.label} s/step`),
    'native s/step',
    'native lead over fastest peer',
    'target',
    'largest lead possible',
    'native GEMM GFLOP/s',
    'of sgemm',
    'target',
  ];
}

/** What the table's rows cannot say: the sgemm reference, PyTorch's BLAS, skips, busy machine. */
function notes(reports: CaseReport[], limits: MachineLimits): string[] {
  const lines: string[] = [];
  const { sgemm, fmaPeak } = limits;
  if (sgemm.status === 'measured') {
    const { n, gflops, blas } = sgemm.rate;
    lines.push(`Machine limit: sgemm ${n}x${n} through NumPy (${blas}) ran at ${gflops.toFixed(1)} GFLOP/s in this run.`);
  } else {
    lines.push(`Machine limit: sgemm ${sgemm.status}: ${sgemm.reason}`);
  }
  if (fmaPeak.status === 'measured') {
    const { gflops, threads, isa } = fmaPeak.peak;
    lines.push(
      `FMA peak: ${isa} multiply-adds alone on ${threads} threads ran at ${gflops.toFixed(1)} GFLOP/s. "Largest lead possible" = the fastest peer's time over the native products' time at that peak with nothing else done: no engine doing these products can lead by more.`,
    );
  } else {
    lines.push(`FMA peak ${fmaPeak.status}: ${fmaPeak.reason}`);
  }
  for (const r of reports) {
    for (const [engine, outcome] of [['native', r.native], ...Object.entries(r.peers)] as [string, EngineOutcome][]) {
      if (outcome.status !== 'measured') lines.push(`${r.case}: ${engine} ${outcome.status}: ${outcome.reason}`);
    }
    const torch = r.peers.torch;
    if (torch?.status === 'measured') {
      lines.push(`${r.case}: PyTorch ran with ${String(torch.result.blas ?? 'an unknown BLAS')}; it is shown, never the headline peer.`);
    }
    const load = r.otherCpuLoadBefore;
    if (load !== null && load > BUSY_WARNING) {
      lines.push(`${r.case}: WARNING other processes used ${(load * 100).toFixed(0)}% of the CPU just before it; timings are unreliable`);
    }
  }
  const formulations = [
    ...new Set(
      reports.flatMap((r) =>
        Object.values(r.peers)
          .filter((o): o is Extract<EngineOutcome, { status: 'measured' }> => o?.status === 'measured')
          .map((o) => `${peerLabel(o.result.engine as PeerId)} ${r.case}: ${String(o.result.formulation ?? '?')}`),
      ),
    ),
  ];
  if (formulations.length > 0) lines.push(`Peer formulations (bench/README.md): ${formulations.join('; ')}.`);
  const rounds = [...new Set(reports.map((r) => `${r.case}: best of ${r.repeats}, ${r.steps} steps`))].join('; ');
  lines.push(`Each engine's best round (${rounds}), the engines taking turns in this run.`);
  lines.push(
    "native GEMM GFLOP/s = the products' flops the engine executes (the expected dense rows, 4*d*m each per modality and run) over its whole step time.",
  );
  return lines;
}

/** A plain aligned text table for the terminal, then the notes. */
export function formatTable(reports: CaseReport[], limits: MachineLimits): string {
  const peers = peerColumns(reports);
  const rows = [headers(peers), ...reports.map((r) => cells(r, peers))];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
  const lines = rows.map((row) =>
    row
      .map((text, i) => text.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
  lines.splice(1, 0, widths.map((w) => '-'.repeat(w)).join('  '));
  return [...lines, ...notes(reports, limits)].join('\n');
}

/** The same table in Markdown, for the history file and the docs. */
export function formatMarkdown(reports: CaseReport[], limits: MachineLimits): string {
  const peers = peerColumns(reports);
  const line = (row: string[]): string => `| ${row.join(' | ')} |`;
  const head = headers(peers);
  return [line(head), line(head.map(() => '---')), ...reports.map((r) => line(cells(r, peers))), '', ...notes(reports, limits)].join('\n');
}
