/** The remedy comparison as text: one table of the headline numbers, one of the balance metrics. */
import type { MeanEstimate, RateEstimate } from './claim-stats';
import { comparisonOverrides, type ArmResult, type ComparisonReport } from './remedy-comparison';

function percent(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}

/** "92% (11/12) [65%, 99%]", or "no runs". */
export function rateText(estimate: RateEstimate): string {
  if (estimate.n === 0) return 'no runs';
  return `${percent(estimate.p)} (${estimate.successes}/${estimate.n}) [${percent(estimate.low)}, ${percent(estimate.high)}]`;
}

/** "0.012 [-0.004, 0.028]" to the given digits, or "-" without runs. */
export function meanText(estimate: MeanEstimate, digits: number): string {
  if (estimate.value === null) return '-';
  const interval =
    estimate.low === null || estimate.high === null ? '' : ` [${estimate.low.toFixed(digits)}, ${estimate.high.toFixed(digits)}]`;
  return `${estimate.value.toFixed(digits)}${interval}`;
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

/** "auxiliary remedies.unimodalWeights=[1]"; the baseline reads "none". */
export function armName(arm: ArmResult): string {
  return arm.remedy === 'none' ? 'none' : `${arm.remedy} ${arm.knob}=${JSON.stringify(arm.value)}`;
}

export function formatComparisonReport(report: ComparisonReport): string {
  const { options, K } = report;
  const modalities = Array.from({ length: K }, (_, r) => r);
  const trial = comparisonOverrides(options);
  const lines = [
    `remedy comparison on preset ${options.preset}: ${options.seeds} seeds from seed ${options.seedStart}, ${options.precision}, backend ${options.backend}`,
    ...(trial ? [`a trial, not the comparison: every run changed from its preset by ${trial}`] : []),
    `the plain joint run lost a modality that its unimodal run learns in ${report.seedsWithLoser} of ${report.baselineSeeds} seeds; ` +
      'rescue is the share of those seeds where the remedied joint run learns every such modality',
    '',
  ];
  const head = ['arm', 'runs', 'rescue [95% interval]', ...modalities.map((r) => `learned m${r}`), 'joint - best unimodal test error'];
  const rows = [head];
  for (const arm of report.arms) {
    rows.push([armName(arm), String(arm.runs), rateText(arm.rescue), ...arm.learned.map(rateText), meanText(arm.gapToBestUnimodal, 3)]);
  }
  lines.push(...table(rows), '');
  const detail = [['arm', ...modalities.flatMap((r) => [`time to learn m${r}`, `utilisation m${r}`, `grad share m${r}`, `cosine m${r}`])]];
  for (const arm of report.arms) {
    detail.push([
      armName(arm),
      ...modalities.flatMap((r) => [
        meanText(arm.crossStep[r] as MeanEstimate, 0),
        meanText(arm.utilisation[r] as MeanEstimate, 3),
        meanText(arm.gradShare[r] as MeanEstimate, 2),
        meanText(arm.unimodalCosine[r] as MeanEstimate, 2),
      ]),
    ]);
  }
  lines.push(
    'at the end of training, means [95% intervals]: time to learn (crossing step, over the seeds that learned), ' +
      'utilisation (test error with the modality masked less the joint test error), gradient-norm share, ' +
      'cosine between the joint and the unimodal gradient',
    ...table(detail),
  );
  return lines.join('\n') + '\n';
}
