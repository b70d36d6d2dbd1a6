/**
 * The remedy comparison's figure pack (`modcomp compare-remedies --out DIR`, and the app's
 * export of its last comparison): the rescue rate and the gap to the best unimodal net per arm,
 * with their intervals, drawn with the figure-pack machinery. The comparison's report goes
 * beside them (report.json, report.txt), the README carries every caption and manifest.json
 * the sweeps and the SHA-256 of every file. The runs stay in the workspace.
 */
import type { ExportResultDto } from '../api/lab-api';
import type { BuiltFigure } from '../figures/built-figure';
import { gapBarsFigure, rescueBarsFigure, type RemedyComparisonInput } from '../figures/remedy-bars';
import { formatComparisonReport } from '../science/comparison-text';
import { comparisonOverrides, type ComparisonReport } from '../science/remedy-comparison';
import type { Workspace } from '../workspace/workspace';
import { checkDestination } from './pack-output';
import { writeReportPack, type ReportPackRequest } from './report-pack';

export type ComparisonPackRequest = ReportPackRequest;

/** The report in the figures' plain shapes. */
export function comparisonFigureInput(report: ComparisonReport): RemedyComparisonInput {
  const { options } = report;
  return {
    preset: options.preset,
    seeds: options.seeds,
    seedStart: options.seedStart,
    precision: options.precision,
    overrides: comparisonOverrides(options),
    seedsWithLoser: report.seedsWithLoser,
    baselineSeeds: report.baselineSeeds,
    arms: report.arms.map((arm) => ({
      remedy: arm.remedy,
      label: arm.label,
      knob: arm.knob,
      value: JSON.stringify(arm.value),
      sweepId: arm.sweepId,
      runs: arm.runs,
      rescue: arm.rescue,
      gap: arm.gapToBestUnimodal,
    })),
  };
}

export function comparisonFigures(report: ComparisonReport): BuiltFigure[] {
  const input = comparisonFigureInput(report);
  return [rescueBarsFigure(input), gapBarsFigure(input)];
}

/** Refuses an occupied destination; call it before the comparison trains, so its hours are not lost to a typo. */
export function comparisonPackDestination(out: string): void {
  checkDestination(out);
}

export async function exportComparisonPack(
  workspace: Workspace,
  report: ComparisonReport,
  request: ComparisonPackRequest,
): Promise<ExportResultDto> {
  const { options } = report;
  const trial = comparisonOverrides(options);
  return writeReportPack(workspace, request, {
    figures: comparisonFigures(report),
    report,
    reportText: formatComparisonReport(report),
    heading: `remedy comparison on preset ${options.preset}, ${options.seeds} seeds per arm from seed ${options.seedStart}${trial ? ` (a trial: ${trial})` : ''}`,
    contents:
      '`report.txt` is the comparison as `modcomp compare-remedies` prints it, `report.json` the same as JSON. The runs behind the figures stay in the workspace, as the sweeps that `manifest.json` lists by id (open them with `modcomp show` or in the app); this pack holds no run data of its own, so it is not for `modcomp import-pack`.',
    source: { kind: 'remedy-comparison', preset: options.preset, sweeps: report.sweeps },
  });
}
