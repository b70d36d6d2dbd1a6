/**
 * What the "Remedies" view shows, computed from the comparison's report apart from the DOM so it
 * can be tested: one row per arm (a remedy at one knob value) with its rescue rate, gap to the
 * best unimodal net, and per modality its utilisation and time to learn, each in the words
 * `modcomp compare-remedies` prints them, and the sweep behind the arm.
 */
import type { ComparisonReportDto } from '../../../src-main/api/lab-api';

type Arm = ComparisonReportDto['arms'][number];
type Rate = Arm['rescue'];
type Mean = Arm['gapToBestUnimodal'];

function percent(x: number): string {
  return `${(100 * x).toFixed(0)}%`;
}

/** "92% (11/12) [65%, 99%]", or "no runs": the CLI table's words. */
export function rateText(estimate: Rate): string {
  if (estimate.n === 0) return 'no runs';
  return `${percent(estimate.p)} (${estimate.successes}/${estimate.n}) [${percent(estimate.low)}, ${percent(estimate.high)}]`;
}

/** "0.012 [-0.004, 0.028]" to the given digits, or "-" without runs: the CLI table's words. */
export function meanText(estimate: Mean, digits: number): string {
  if (estimate.value === null) return '-';
  const interval =
    estimate.low === null || estimate.high === null ? '' : ` [${estimate.low.toFixed(digits)}, ${estimate.high.toFixed(digits)}]`;
  return `${estimate.value.toFixed(digits)}${interval}`;
}

/** "none", or "auxiliary remedies.unimodalWeights=[1]": the arm as the CLI table names it. */
export function armName(arm: Pick<Arm, 'remedy' | 'knob' | 'value'>): string {
  return arm.remedy === 'none' ? 'none' : `${arm.remedy} ${arm.knob}=${JSON.stringify(arm.value)}`;
}

export interface ArmRow {
  /** A key unique within the table. */
  key: string;
  name: string;
  label: string;
  runs: number;
  rescue: string;
  gap: string;
  /** Per modality. */
  utilisation: string[];
  timeToLearn: string[];
  sweepId: number | null;
}

export function comparisonColumns(K: number): string[] {
  const modalities = Array.from({ length: K }, (_, r) => r);
  return [
    'arm',
    'runs',
    'rescue [95% interval]',
    'joint - best unimodal test error [95% interval]',
    ...modalities.map((r) => `utilisation m${r}`),
    ...modalities.map((r) => `time to learn m${r} (step)`),
    'sweep',
  ];
}

export function armRows(report: ComparisonReportDto): ArmRow[] {
  return report.arms.map((arm, i) => ({
    key: `${i}-${armName(arm)}`,
    name: armName(arm),
    label: arm.label,
    runs: arm.runs,
    rescue: rateText(arm.rescue),
    gap: meanText(arm.gapToBestUnimodal, 3),
    utilisation: arm.utilisation.map((e) => meanText(e, 3)),
    timeToLearn: arm.crossStep.map((e) => meanText(e, 0)),
    sweepId: arm.sweepId,
  }));
}

/** The sentence that says what the rescue rate is a share of. */
export function loserSentence(report: ComparisonReportDto): string {
  return (
    `The plain joint run lost a modality that its unimodal run learns in ${report.seedsWithLoser} of ${report.baselineSeeds} seeds; ` +
    'rescue is the share of those seeds where the remedied joint run learns every such modality.'
  );
}

/** The trial's settings as one line, or null for the comparison itself. */
export function trialText(report: ComparisonReportDto): string | null {
  return report.options.set.length > 0 ? report.options.set.join(', ') : null;
}
