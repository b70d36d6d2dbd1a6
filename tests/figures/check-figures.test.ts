/**
 * The paper check's figures from hand-made inputs, where the right answer is known: a regime map
 * whose rate crosses its threshold between known values draws its boundary exactly there (a
 * dashed line over one setting, cell edges over two); outcome bars draw a bar, a whisker and a
 * threshold mark per statistic; the rendered SVG carries the title and the caption.
 */
import { describe, expect, it } from 'vitest';
import type { LinePanelSpec, HeatmapPanelSpec } from '../../src-main/figures/chart-spec';
import { claimBarsFigure } from '../../src-main/figures/check-claim-bars';
import type { CheckContext, RegimeMapInput } from '../../src-main/figures/check-figure-inputs';
import { regimeMapFigure } from '../../src-main/figures/check-regime-maps';
import { renderSvg } from '../../src-main/figures/render-svg';

const CONTEXT: CheckContext = { mode: 'full', seeds: 50, seedStart: 7, precision: 'f64', overrides: null };
const THRESHOLDS = { C1: 0.95, C2a: 0.9, C2b: 0.75 };
const rate = (k: number, n: number) => ({
  kind: 'rate' as const,
  p: k / n,
  low: Math.max(0, k / n - 0.1),
  high: Math.min(1, k / n + 0.1),
  successes: k,
  n,
});

function oneSettingMap(): RegimeMapInput {
  // C2a holds at n = 20 and 30 (10/10), fails from 50 on; C1 holds everywhere; C2b never does.
  return {
    key: 'map-n',
    purpose: 'rates against the number of samples',
    sweepId: 8,
    axes: ['precision', 'data.n'],
    seedsPerCell: 10,
    thresholds: THRESHOLDS,
    cells: [20, 30, 50, 75].map((n, i) => ({
      cellIndex: i,
      coords: { precision: 'f64', 'data.n': n },
      rates: { C1: rate(10, 10), C2a: rate(n <= 30 ? 10 : 5, 10), C2b: rate(2, 10) },
    })),
  };
}

describe('the paper check figures', () => {
  it('draws a one-setting map as lines with the boundary between the values where the rate crosses its threshold', () => {
    const { spec, table } = regimeMapFigure(oneSettingMap(), CONTEXT);
    expect(spec.panels).toHaveLength(1);
    const panel = spec.panels[0] as LinePanelSpec;
    expect(panel.x.label).toBe('data.n');
    expect(panel.x.categories).toEqual(['20', '30', '50', '75']);
    const vlines = panel.annotations.filter((a) => a.type === 'vline');
    expect(vlines).toEqual([expect.objectContaining({ x: 1.5, label: 'C2a boundary' })]);
    expect(panel.annotations.filter((a) => a.type === 'hline').map((a) => (a as { y: number }).y)).toEqual([0.95, 0.9, 0.75]);
    expect(spec.caption).toContain('C2a crosses its threshold between data.n = 30 and 50');
    expect(spec.caption).toContain('C1 crosses its threshold nowhere on this map');
    expect(spec.caption).toContain('10 seeds per cell (n = 40 finished runs in all)');
    expect(spec.caption).toContain('full paper check, 50 seeds per claim from seed 7, f64');
    expect(spec.caption).not.toContain('trial');
    expect(table.rows).toHaveLength(12);
    const svg = renderSvg(spec, table);
    expect(svg).toContain('<title>Regime map: rates against the number of samples</title>');
  });

  it('draws a two-setting map as a heatmap per rate with the boundary as cell edges', () => {
    const cells = [];
    let i = 0;
    for (const n of [25, 50, 100])
      for (const s of [0.05, 0.07])
        cells.push({
          cellIndex: i++,
          coords: { precision: 'f32', 'data.n': n, 'data.sigmaXi': s },
          rates: { C1: rate(10, 10), C2a: rate(s === 0.05 ? 10 : 3, 10), C2b: rate(n === 100 ? 9 : 1, 10) },
        });
    const { spec } = regimeMapFigure(
      {
        key: 'map-n-noise',
        purpose: 'samples against noise scale',
        sweepId: 9,
        axes: ['precision', 'data.n', 'data.sigmaXi'],
        seedsPerCell: 10,
        thresholds: THRESHOLDS,
        cells,
      },
      CONTEXT,
    );
    const heat = spec.panels as HeatmapPanelSpec[];
    expect(heat.map((p) => p.title)).toEqual(['C1 (threshold 95%)', 'C2a (threshold 90%)', 'C2b (threshold 75%)']);
    const edges = (p: HeatmapPanelSpec) => p.annotations.flatMap((a) => (a.type === 'cell-edges' ? a.pairs : []));
    expect(edges(heat[0]!)).toEqual([]);
    // C2a changes between sigma 0.05 and 0.07 in each of the three columns.
    expect(edges(heat[1]!)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    // C2b changes between n = 50 and 100 in both rows.
    expect(edges(heat[2]!)).toEqual([
      [2, 4],
      [3, 5],
    ]);
  });

  it('draws a claim as bars with whiskers and threshold marks, and says when it is a trial', () => {
    const claim = {
      id: 'C1',
      title: 'unimodal learning: each encoder trained alone learns its feature',
      verdict: 'fail' as const,
      statistics: [
        {
          id: 'C1',
          statement: 'every unimodal run learned',
          sweep: 'competition',
          estimate: rate(40, 50),
          threshold: 0.95,
          verdict: 'fail' as const,
        },
        {
          id: 'C1b',
          statement: 'mean excess',
          sweep: 'competition',
          estimate: { kind: 'mean' as const, value: 0.01, low: -0.002, high: 0.022, n: 50 },
          threshold: 0.03,
          verdict: 'pass' as const,
        },
      ],
    };
    const { spec, table } = claimBarsFigure(claim, { ...CONTEXT, overrides: 'train.steps=60' });
    expect(spec.title).toBe('C1 unimodal learning: FAIL');
    expect(spec.panels.map((p) => p.title)).toEqual(['share of runs', 'mean over runs']);
    expect(spec.caption).toContain(
      'C1 (every unimodal run learned; runs of the "competition" sweep): 80% (40/50) [70%, 90%], threshold at least 95%, fail',
    );
    expect(spec.caption).toContain(
      'C1b (mean excess; runs of the "competition" sweep): +0.010 [-0.002, +0.022] (n=50), threshold within +-0.03, pass',
    );
    expect(spec.caption).toContain('a trial of the check, not its evidence: every run changed from its preset by train.steps=60');
    const svg = renderSvg(spec, table);
    // Two bars (one per statistic) and the legend's swatches of the two verdicts.
    expect(svg.match(/<rect [^>]*fill-opacity="0.75"/g)?.length).toBe(2 + 2);
    // The threshold marks: one for the rate, +-tolerance for the mean.
    expect(spec.panels.map((p) => (p as LinePanelSpec).series.filter((x) => x.draw === 'marks').length)).toEqual([1, 2]);
    expect(svg).toContain('<title>C1 unimodal learning: FAIL</title>');
  });
});
