/** The paper check's report as text: one row per statistic, then one verdict per claim. */
import type { MeanEstimate, RateEstimate } from './claim-stats';
import { checkOverrides, type CheckReport, type StatisticResult } from './paper-check';

function percent(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(3)}`;
}

export function measuredText(estimate: RateEstimate | MeanEstimate): string {
  if (estimate.kind === 'rate')
    return `${percent(estimate.p)} (${estimate.successes}/${estimate.n}) [${percent(estimate.low)}, ${percent(estimate.high)}]`;
  if (estimate.value === null) return 'no runs';
  const interval = estimate.low === null || estimate.high === null ? '' : ` [${signed(estimate.low)}, ${signed(estimate.high)}]`;
  return `${signed(estimate.value)}${interval} (n=${estimate.n})`;
}

export function thresholdText(result: StatisticResult): string {
  return result.estimate.kind === 'rate' ? `>= ${percent(result.threshold)}` : `within +-${result.threshold}`;
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] as number)))
      .join('  ')
      .trimEnd(),
  );
}

export function formatCheckReport(report: CheckReport): string {
  const { options } = report;
  const lines = [
    `paper check (${report.mode}): ${options.seeds} seeds per claim from seed ${options.seedStart}, ${options.precision}, backend ${options.backend}`,
    ...(checkOverrides(options) ? [`a trial, not the paper check: every run changed from its preset by ${checkOverrides(options)}`] : []),
    report.mode === 'quick'
      ? 'quick verdicts: a statistic fails only when its 95% interval excludes the threshold (too few seeds to judge the estimate itself)'
      : 'verdicts: a rate passes when its estimate reaches the threshold; a mean when it lies within the tolerance',
    '',
  ];
  const rows = [['statistic', 'measured [95% interval]', 'threshold', 'verdict', 'what is measured']];
  for (const s of report.statistics) {
    const unreadable = s.unreadable > 0 ? ` (${s.unreadable} runs unreadable)` : '';
    rows.push([s.id, measuredText(s.estimate), thresholdText(s), s.verdict, s.statement + unreadable]);
  }
  lines.push(...table(rows), '');
  for (const claim of report.claims) lines.push(`${claim.id} ${claim.verdict.toUpperCase().padEnd(7)} ${claim.title}`);
  const fit = report.whoWinsFit;
  if (fit) {
    const midpoint = fit.midpoint === null ? 'none' : fit.midpoint.toFixed(2);
    lines.push(
      '',
      `C3 curve: P(modality 0 wins) = 1 / (1 + exp(-(${fit.intercept.toFixed(2)} + ${fit.slope.toFixed(2)} log(score_0 / score_1)))), even odds at log ratio ${midpoint}, ${fit.n} runs${fit.converged ? '' : ' (separable: the curve is a step)'}`,
    );
  }
  const failedRuns = report.sweeps.reduce((n, s) => n + s.failed, 0);
  const missing = report.sweeps.reduce((n, s) => n + (s.runs - s.finished), 0);
  lines.push('', `sweeps: ${report.sweeps.map((s) => `${s.key} #${s.sweepId} (${s.finished}/${s.runs})`).join(', ')}`);
  if (missing > 0)
    lines.push(`${missing} runs not finished (${failedRuns} failed); \`modcomp check\` with the same options continues them`);
  lines.push(
    `paper check: ${
      report.verdict === 'pass'
        ? 'every claim holds'
        : `${report.claims
            .filter((c) => c.verdict !== 'pass')
            .map((c) => c.id)
            .join(', ')} did not hold`
    }`,
  );
  return lines.join('\n') + '\n';
}
