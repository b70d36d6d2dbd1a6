/** Hand-made runs and sweeps for the figure unit tests (no engine): every value is chosen here. */
import type { NativeSeries } from '../../src-main/engine/native-types';
import { scalarNamesFor } from '../../src-main/engine/reference/series-builder';
import type { RunData, SweepSource } from '../../src-main/figures/sources';
import { predictedBoundary } from '../../src-main/sweeps/phase-boundary';
import { tinyConfig } from '../lab/tiny-config';

/** A series whose every scalar is `value(name, record)`; alignments are record + neuron / 10. */
export function syntheticSeries(K: number, m: number, steps: number[], value: (name: string, record: number) => number): NativeSeries {
  const names = scalarNamesFor(K);
  const scalars = new Float64Array(steps.length * names.length);
  steps.forEach((_, i) => names.forEach((name, k) => (scalars[i * names.length + k] = value(name, i))));
  const alignments = new Float32Array(steps.length * K * m);
  alignments.forEach((_, i) => (alignments[i] = ((i % (K * m)) - (K * m) / 2) / 10));
  return { K, m, steps: Int32Array.from(steps), scalarNames: names, scalars, alignments };
}

export function syntheticRun(id: number, modes: string[], value: (mode: string, name: string, record: number) => number): RunData {
  const config = tinyConfig(3);
  const steps = [0, 10, 20, 30];
  return {
    record: {
      id,
      sweepId: null,
      cellIndex: null,
      configHash: 'h',
      seed: 3,
      backend: 'cpu',
      appVersion: '0.0.0',
      status: 'finished',
      createdAt: '',
      startedAt: null,
      finishedAt: null,
      error: null,
      tags: [],
      config,
      summary: { observedWinners: [0], predictedWinner: { modality: 1 }, gap: 0.1, bestUnimodal: 'unimodal:1', modes: {} },
      notes: [],
    },
    series: new Map(modes.map((mode) => [mode, syntheticSeries(2, 4, steps, (name, record) => value(mode, name, record))])),
  };
}

const share = (k: number, n: number, low: number, high: number) => ({ p: k / n, low, high, k, n });

/** Cell statistics of four seeds whose joint runs all ended with `winner` alone learning its feature. */
export function syntheticStats(winner: number) {
  return {
    runs: 4,
    outcome: { one: share(3, 4, 0.3, 0.95), several: share(1, 4, 0.05, 0.7), split: share(0, 4, 0, 0.49), none: share(0, 4, 0, 0.49) },
    soleWinner: [
      winner === 0 ? share(3, 4, 0.3, 0.95) : share(0, 4, 0, 0.49),
      winner === 1 ? share(3, 4, 0.3, 0.95) : share(0, 4, 0, 0.49),
    ],
    learned: [share(4, 4, 0.51, 1), share(4, 4, 0.51, 1)],
    predictedWinner: { modality: winner, share: 1 },
    gap: { n: 4, mean: 0.1, sd: 0.02 },
  };
}

/** A 3 x 2 grid whose predicted winner is 0 in the first x column and 1 elsewhere. */
export function syntheticSweep(): SweepSource {
  const axes = ['data.n', 'model.q'];
  const cells = [];
  let index = 0;
  for (const q of [1, 3]) {
    for (const n of [10, 20, 40]) {
      const winner = n === 10 ? 0 : 1;
      cells.push({
        cellIndex: index++,
        coords: { 'data.n': n, 'model.q': q },
        stats: syntheticStats(winner),
      });
    }
  }
  return {
    kind: 'sweep',
    sweep: {
      id: 4,
      name: 'n x q',
      spec: { grid: axes.map((path) => ({ path })) },
      specHash: 'x',
      cellCount: cells.length,
      seeds: 4,
      createdAt: '',
    },
    axes,
    cells,
    boundary: predictedBoundary(cells, axes),
    runs: [],
  };
}
