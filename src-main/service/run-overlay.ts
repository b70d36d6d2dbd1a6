/**
 * The compare view's overlay: one metric of several runs on one timeline, with the mean and
 * 10-90% band over them (the same band the sweep view draws for a cell's seeds). Each run is
 * thinned to at most OVERLAY_RECORDS records so what is sent stays small.
 */
import { LabRequestError } from '../api/api-errors';
import type { OverlayDto, SeriesDto } from '../api/lab-api';
import { toSeriesDto } from '../api/series-dto';
import { compareModes } from '../engine/mode-order';
import { seedBands } from '../sweeps/seed-bands';
import type { Workspace } from '../workspace/workspace';
import { downsampleSeries } from '../workspace/series-codec';

export const OVERLAY_RECORDS = 1000;

export function overlayRuns(workspace: Workspace, runIds: number[], mode: string, scalar: string): OverlayDto {
  const ids = [...new Set(runIds)];
  const missingRuns = ids.filter((id) => !workspace.getRun(id));
  if (missingRuns.length)
    throw new LabRequestError(`there is no run ${missingRuns.join(', ')} in the workspace ${workspace.file}`, 'not-found');
  const modes = new Set<string>();
  const scalars = new Set<string>();
  const runs: OverlayDto['runs'] = [];
  const drawn: SeriesDto[] = [];
  const missing: number[] = [];
  for (const id of ids) {
    const listing = workspace.listRuns({ id })[0];
    const series = workspace.getSeries(id);
    for (const [name, s] of series) {
      modes.add(name);
      s.scalarNames.forEach((n) => scalars.add(n));
    }
    const chosen = series.get(mode);
    if (!listing || !chosen || !chosen.scalarNames.includes(scalar)) {
      missing.push(id);
      continue;
    }
    const dto = toSeriesDto(downsampleSeries(chosen, OVERLAY_RECORDS));
    drawn.push(dto);
    runs.push({
      runId: id,
      seed: listing.seed,
      sweepId: listing.sweepId,
      cellIndex: listing.cellIndex,
      steps: dto.steps,
      values: dto.scalars[scalar] ?? [],
    });
  }
  return {
    mode,
    scalar,
    runs,
    band: drawn.length >= 2 ? seedBands(drawn, scalar) : null,
    modes: [...modes].sort(compareModes),
    scalars: [...scalars].sort(),
    missing,
  };
}
