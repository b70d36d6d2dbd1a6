/**
 * The paper check's trajectory bundles: for one check sweep, gamma_r of every seed as a faint
 * line and the median over seeds as a strong one, joint (solid) against unimodal (dashed), one
 * panel per modality, with the rho line. A reader sees the typical run and how the seeds spread.
 */
import { quantile } from '../sweeps/seed-bands';
import type { DataTable, LegendEntry, LinePanelSpec } from './chart-spec';
import { assembleFigure, type BuiltFigure } from './built-figure';
import { checkLine } from './check-captions';
import type { CheckContext, TrajectoryInput } from './check-figure-inputs';
import { RECONSTRUCTED_NOTE } from './captions';
import { scalarColumn } from './series-access';
import { MUTED, modalityColor, panelColumns } from './style';
import { compactNumber } from './ticks';

type Kind = 'joint' | 'unimodal';

/** (step, gamma_r) of one run's joint or unimodal:r mode; empty when it did not record it. */
function trajectory(series: TrajectoryInput['runs'][number]['series'], kind: Kind, r: number): [number, number][] {
  const mode = series.get(kind === 'joint' ? 'joint' : `unimodal:${r}`);
  const column = mode ? scalarColumn(mode, `gamma${r}`) : null;
  if (!mode || !column) return [];
  return Array.from(mode.steps, (step, i): [number, number] => [step, column[i] as number]).filter(([, g]) => Number.isFinite(g));
}

/** The median over seeds at every recorded step (a step counts the seeds that reached it). */
function median(lines: [number, number][][]): { step: number; value: number; seeds: number }[] {
  const byStep = new Map<number, number[]>();
  for (const line of lines) for (const [step, value] of line) byStep.set(step, [...(byStep.get(step) ?? []), value]);
  return [...byStep.keys()]
    .sort((a, b) => a - b)
    .map((step) => {
      const values = (byStep.get(step) as number[]).sort((a, b) => a - b);
      return { step, value: quantile(values, 0.5), seeds: values.length };
    });
}

export function trajectoryFigure(input: TrajectoryInput, context: CheckContext): BuiltFigure {
  const table: DataTable = { columns: ['modality', 'mode', 'line', 'step', 'gamma', 'seeds'], rows: [] };
  const runs = [...input.runs].sort((a, b) => a.seed - b.seed);
  const panels: LinePanelSpec[] = [];
  const legend: LegendEntry[] = [];
  const counts: string[] = [];
  for (let r = 0; r < input.K; r++) {
    const series: LinePanelSpec['series'] = [];
    for (const kind of ['joint', 'unimodal'] as const) {
      const dash = kind === 'joint' ? ('solid' as const) : ('dashed' as const);
      const color = modalityColor(r);
      const lines = runs.map((run) => ({ seed: run.seed, points: trajectory(run.series, kind, r) })).filter((l) => l.points.length > 0);
      for (const line of lines) {
        for (const [step, gamma] of line.points) table.rows.push([r, kind, `seed ${line.seed}`, step, gamma, 1]);
        series.push({
          label: `modality ${r}, ${kind}, seed ${line.seed}`,
          where: { modality: r, mode: kind, line: `seed ${line.seed}` },
          x: 'step',
          y: 'gamma',
          color,
          dash,
          weight: 'thin',
        });
      }
      const med = median(lines.map((l) => l.points));
      for (const point of med) table.rows.push([r, kind, 'median', point.step, point.value, point.seeds]);
      if (med.length > 0)
        series.push({
          label: `modality ${r}, ${kind}: median over seeds`,
          where: { modality: r, mode: kind, line: 'median' },
          x: 'step',
          y: 'gamma',
          color,
          dash,
        });
      counts.push(`${kind === 'joint' ? 'joint' : `unimodal:${r}`} gamma_${r} over ${lines.length} seeds`);
      legend.push({ label: `modality ${r}, ${kind}: median (thin: each seed)`, color, dash, swatch: 'line' });
    }
    panels.push({
      kind: 'line',
      title: `modality ${r}`,
      x: { label: 'gradient descent step', unit: null, scale: 'linear', tickFormat: 'number' },
      y: { label: `feature alignment γ_${r}`, unit: null, scale: 'log', tickFormat: 'number' },
      series,
      annotations: [
        { type: 'hline', y: input.rho, label: `ρ = ${compactNumber(input.rho)}`, color: MUTED, dash: 'reference' },
        { type: 'note', text: `n = ${runs.length} seeds` },
      ],
    });
  }
  legend.push({ label: `ρ = ${compactNumber(input.rho)}`, color: MUTED, dash: 'reference', swatch: 'line' });
  const seeds = runs.map((r) => r.seed);
  const seedRange = seeds.length === 0 ? 'no seeds' : `seeds ${Math.min(...seeds)} to ${Math.max(...seeds)}`;
  const caption =
    `Feature alignment gamma_r per modality over the ${runs.length} finished runs (${seedRange}, n = ${runs.length}) of the check's "${input.key}" sweep ` +
    `(sweep ${input.sweepId}, for ${input.purpose}): each seed's trajectory as a thin line, the median over seeds at each recorded step as a thick line; ` +
    `joint training solid, the modality trained alone dashed; rho dotted grey; log axis. Drawn: ${counts.join('; ')}. ` +
    `Settings: ${input.settings}. ${checkLine(context)}. ${RECONSTRUCTED_NOTE}`;
  return assembleFigure({
    name: `trajectories-${input.key}`,
    figure: 'check-trajectories',
    title: `γ over seeds, ${input.key} (n = ${runs.length})`,
    caption,
    columns: panelColumns(panels.length),
    panels,
    legend,
    table,
  });
}
