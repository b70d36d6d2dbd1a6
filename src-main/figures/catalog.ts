/**
 * The standard figures: names, which source each needs (a run or a sweep), when it applies, and
 * its builder. `seed-bands:N` asks for the seed bands of sweep cell N alone.
 */
import type { FigureInfo } from '../api/lab-api';
import {
  alignmentApplies,
  alignmentFigure,
  compareApplies,
  compareFigure,
  gammaFigure,
  lossesFigure,
  phiFigure,
  type BuiltFigure,
} from './run-figures';
import type { FigureSource, RunSource, SweepSource } from './sources';
import { phaseDiagramApplies, phaseDiagramFigure, seedBandsApplies, seedBandsFigure } from './sweep-figures';

export class FigureRequestError extends Error {
  override name = 'FigureRequestError';
}

interface RunFigureDef {
  info: FigureInfo & { source: 'run' };
  applies(source: RunSource): string | null;
  build(source: RunSource): BuiltFigure;
}

interface SweepFigureDef {
  info: FigureInfo & { source: 'sweep' };
  applies(source: SweepSource): string | null;
  build(source: SweepSource, cell: number | null): BuiltFigure;
}

const RUN_FIGURES: RunFigureDef[] = [
  {
    info: {
      name: 'gamma',
      source: 'run',
      description: 'feature alignment gamma_r per modality, joint (solid) vs unimodal (dashed), log axis, rho line',
    },
    applies: () => null,
    build: (s) => gammaFigure(s.run),
  },
  {
    info: { name: 'phi', source: 'run', description: 'noise memorisation phi_r per modality, joint vs unimodal, log axis' },
    applies: () => null,
    build: (s) => phiFigure(s.run),
  },
  {
    info: { name: 'losses', source: 'run', description: 'train/test loss and error of every mode' },
    applies: () => null,
    build: (s) => lossesFigure(s.run),
  },
  {
    info: { name: 'alignment', source: 'run', description: 'per-neuron alignment <w_rj, v_r> at the final record, K x m heatmap per mode' },
    applies: (s) => (alignmentApplies(s.run) ? null : `run ${s.run.record.id} stores no per-neuron alignments (sweep runs keep none)`),
    build: (s) => alignmentFigure(s.run),
  },
  {
    info: { name: 'compare', source: 'run', description: 'test error of the joint net beside each unimodal net, with the gap' },
    applies: (s) =>
      compareApplies(s.run) ? null : `run ${s.run.record.id} needs a joint and at least one unimodal mode for the compare view`,
    build: (s) => compareFigure(s.run),
  },
];

const SWEEP_FIGURES: SweepFigureDef[] = [
  {
    info: {
      name: 'phase-diagram',
      source: 'sweep',
      description: 'win probability per cell (heatmap per modality) with the predicted boundary as cell edges',
    },
    applies: (s) => (phaseDiagramApplies(s) ? null : `sweep ${s.sweep.id} has no cell statistics yet (no cell finished)`),
    build: (s) => phaseDiagramFigure(s),
  },
  {
    info: {
      name: 'seed-bands',
      source: 'sweep',
      description: 'mean and 10-90% band of gamma across the seeds of each cell; seed-bands:N for cell N alone',
    },
    applies: (s) => (seedBandsApplies(s) ? null : `sweep ${s.sweep.id} has no finished runs`),
    build: (s, cell) => seedBandsFigure(s, cell),
  },
];

export function standardFigureInfos(): FigureInfo[] {
  return [...RUN_FIGURES, ...SWEEP_FIGURES].map((f) => ({ ...f.info }));
}

function validNames(): string {
  return [
    ...RUN_FIGURES.map((f) => f.info.name),
    ...SWEEP_FIGURES.map((f) => `${f.info.name}${f.info.name === 'seed-bands' ? '[:CELL]' : ''}`),
  ].join(', ');
}

interface Parsed {
  name: string;
  cell: number | null;
}

function parseName(raw: string): Parsed {
  const match = /^([a-z-]+)(?::(\d+))?$/.exec(raw.trim());
  if (!match) throw new FigureRequestError(`unknown figure "${raw}"; the figures are: ${validNames()}`);
  const name = match[1] as string;
  const cell = match[2] === undefined ? null : Number(match[2]);
  if (![...RUN_FIGURES, ...SWEEP_FIGURES].some((f) => f.info.name === name)) {
    throw new FigureRequestError(`unknown figure "${raw}"; the figures are: ${validNames()}`);
  }
  if (cell !== null && name !== 'seed-bands') throw new FigureRequestError(`figure "${raw}": only seed-bands takes a cell (seed-bands:N)`);
  return { name, cell };
}

/**
 * Builds the requested figures (all that apply when `names` is absent). A named figure that does
 * not fit the source is an error that says why; unnamed ones that do not apply are skipped.
 */
export function buildFigures(source: FigureSource, names?: string[]): BuiltFigure[] {
  const explicit = names !== undefined && names.length > 0;
  const requested: Parsed[] = explicit
    ? names.map(parseName)
    : (source.kind === 'run' ? RUN_FIGURES : SWEEP_FIGURES).map((f) => ({ name: f.info.name, cell: null }));
  const seen = new Set<string>();
  const out: BuiltFigure[] = [];
  for (const { name, cell } of requested) {
    const key = `${name}:${cell ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (source.kind === 'run') {
      const def = RUN_FIGURES.find((f) => f.info.name === name);
      if (!def)
        throw new FigureRequestError(
          `figure "${name}" is drawn from a sweep; export it with a sweep id, not a run id (run figures: ${RUN_FIGURES.map((f) => f.info.name).join(', ')})`,
        );
      const why = def.applies(source);
      if (why) {
        if (explicit) throw new FigureRequestError(`figure "${name}" does not apply: ${why}`);
        continue;
      }
      out.push(def.build(source));
    } else {
      const def = SWEEP_FIGURES.find((f) => f.info.name === name);
      if (!def)
        throw new FigureRequestError(
          `figure "${name}" is drawn from one run; export it with a run id, not a sweep id (sweep figures: ${SWEEP_FIGURES.map((f) => f.info.name).join(', ')})`,
        );
      if (cell !== null && !source.cells.some((c) => c.cellIndex === cell)) {
        throw new FigureRequestError(`sweep ${source.sweep.id} has no cell ${cell} (cells 0 to ${source.cells.length - 1})`);
      }
      const why = def.applies(source);
      if (why) {
        if (explicit) throw new FigureRequestError(`figure "${name}" does not apply: ${why}`);
        continue;
      }
      out.push(def.build(source, cell));
    }
  }
  if (out.length === 0) throw new FigureRequestError(`none of the standard figures applies to this ${source.kind}`);
  return out;
}
