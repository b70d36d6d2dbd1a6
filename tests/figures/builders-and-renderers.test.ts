import { describe, expect, it } from 'vitest';
import { buildFigures, FigureRequestError } from '../../src-main/figures/catalog';
import type { HeatmapPanelSpec, LinePanelSpec } from '../../src-main/figures/chart-spec';
import { renderPdf } from '../../src-main/figures/render-pdf';
import { pngPixels, renderPng } from '../../src-main/figures/render-png';
import { renderSvg } from '../../src-main/figures/render-svg';
import { gammaFigure } from '../../src-main/figures/run-figures';
import { DASH, modalityColor, OKABE_ITO } from '../../src-main/figures/style';
import { phaseDiagramFigure } from '../../src-main/figures/sweep-figures';
import { predictedBoundary } from '../../src-main/sweeps/phase-boundary';
import { textWidth } from '../../src-main/figures/text-metrics';
import { syntheticRun, syntheticSweep } from './synthetic-sources';

const rising = (_mode: string, name: string, record: number): number =>
  name.startsWith('gamma') ? 0.01 * Math.pow(10, record) : 0.5 / (record + 1);

describe('run figures', () => {
  it('gives each modality its fixed Okabe-Ito colour, joint solid and unimodal dashed, on a log axis with the rho line', () => {
    const { spec, table } = gammaFigure(syntheticRun(1, ['joint', 'unimodal:1'], rising));
    expect(table.columns).toEqual(['mode', 'modality', 'step', 'gamma']);
    // joint trains both modalities (4 records each); unimodal:1 trains modality 1 only.
    expect(table.rows).toHaveLength(12);
    const panel = spec.panels[0] as LinePanelSpec;
    expect(panel.y.scale).toBe('log');
    expect(panel.series.map((s) => [s.label, s.color, s.dash])).toEqual([
      ['modality 0, joint', OKABE_ITO[0], 'solid'],
      ['modality 1, joint', OKABE_ITO[1], 'solid'],
      ['modality 1, unimodal', OKABE_ITO[1], 'dashed'],
    ]);
    expect(panel.annotations).toContainEqual({ type: 'hline', y: 0.1, label: 'ρ = 0.1', color: '#7F7F7F', dash: 'reference' });
    expect(modalityColor(1)).toBe(modalityColor(1 + OKABE_ITO.length));
    const svg = renderSvg(spec, table);
    expect(svg).toContain(`stroke="${OKABE_ITO[1]}" stroke-width="1.25" stroke-dasharray="${DASH.dashed}"`);
    expect(spec.caption).toMatch(
      /over 60 GD steps \(K=2, alpha=\(1, 0\.6\), mu=\(0\.3, 0\.05\), n=8, d=16, P=2, sigma_xi=0\.3, m=4, q=3, rho=0\.1, sigma_0=0\.05, eta=0\.25, seed 3, cpu f64\)/,
    );
  });

  it('says which series a log axis cannot show instead of dropping them silently', () => {
    const negative = (mode: string, name: string, record: number): number => (name === 'gamma0' ? -0.01 : rising(mode, name, record));
    const { spec } = gammaFigure(syntheticRun(2, ['joint'], negative));
    expect((spec.panels[0] as LinePanelSpec).annotations).toContainEqual({ type: 'note', text: 'not drawn (≤ 0): modality 0, joint 4/4' });
  });

  it('builds every run figure that applies, and explains the ones asked for that do not', () => {
    const jointOnly = syntheticRun(3, ['joint'], rising);
    expect(buildFigures({ kind: 'run', run: jointOnly }).map((f) => f.spec.name)).toEqual(['gamma', 'phi', 'losses', 'alignment']);
    expect(() => buildFigures({ kind: 'run', run: jointOnly }, ['compare'])).toThrow(FigureRequestError);
    expect(() => buildFigures({ kind: 'run', run: jointOnly }, ['compare'])).toThrow(/needs a joint and at least one unimodal mode/);
    const both = syntheticRun(4, ['joint', 'unimodal:0', 'unimodal:1'], rising);
    const compare = buildFigures({ kind: 'run', run: both }, ['compare'])[0];
    expect(compare?.spec.panels).toHaveLength(2);
    expect(compare?.spec.caption).toMatch(/overall gap to the best unimodal net: \+10\.0 points vs unimodal:1/);
    const alignment = buildFigures({ kind: 'run', run: both }, ['alignment'])[0];
    expect(alignment?.table.rows).toHaveLength(3 * 2 * 4);
    const heat = alignment?.spec.panels[0] as HeatmapPanelSpec;
    expect(heat.color.domain[0]).toBe(-heat.color.domain[1]);
  });
});

describe('sweep figures', () => {
  it('maps each exclusive outcome and each sole winner, with the share, its interval and n in every cell', () => {
    const source = syntheticSweep();
    const { spec, table } = phaseDiagramFigure(source);
    expect(spec.panels.map((p) => p.title)).toEqual([
      'P(exactly one modality learned its feature)',
      'P(several modalities learned their features)',
      'P(classes split between modalities)',
      'P(no modality learned a class)',
      'P(modality 0 is the sole winner)',
      'P(modality 1 is the sole winner)',
    ]);
    expect(table.rows).toHaveLength(6 * 6);
    expect(table.columns).toEqual(['cell', 'data.n', 'model.q', 'position', 'measure', 'p', 'low', 'high', 'k', 'n', 'predictedWinner']);
    const svg = renderSvg(spec, table);
    expect(svg).toContain('>75%<');
    expect(svg).toContain('>[30, 95]% n=4<');
    expect(spec.caption).toContain('Wilson 95% interval and n');
  });

  it('draws the predicted boundary as one edge per neighbouring pair of cells with different predicted winners', () => {
    const source = syntheticSweep();
    // Winner 0 in the n = 10 column, 1 elsewhere: the edge between n = 10 and n = 20 in both q rows.
    expect(source.boundary).toEqual([
      [0, 1],
      [3, 4],
    ]);
    const { spec, table } = phaseDiagramFigure(source);
    const svg = renderSvg(spec, table);
    const edges = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#000000" stroke-width="1.6"/g)].map((m) => m[1] as string);
    expect(edges).toHaveLength(6);
    for (const d of edges) expect(d.match(/M/g)).toHaveLength(2);
    // Two vertical edges at the same x in each panel (between the first and second column).
    const xs = edges.map((d) => [...d.matchAll(/M([\d.]+) /g)].map((m) => m[1]));
    for (const pair of xs) expect(new Set(pair).size).toBe(1);
    expect(svg).toContain('>predicted boundary (heuristic): neighbouring cells with different predicted winners<');
    expect(spec.caption).toContain('Thick black edges separate neighbouring cells');
  });

  it('promises no boundary when every cell predicts the same winner', () => {
    const source = syntheticSweep();
    source.cells = source.cells.map((c) => ({ ...c, stats: { ...(c.stats as object), predictedWinner: { modality: 0, share: 1 } } }));
    source.boundary = predictedBoundary(source.cells, source.axes);
    expect(source.boundary).toEqual([]);
    const { spec, table } = phaseDiagramFigure(source);
    expect(spec.caption).not.toMatch(/thick black edges/i);
    expect(spec.caption).toContain('predicts modality 0 in every cell, so no predicted boundary is drawn');
    expect(spec.legend.some((l) => /boundary/.test(l.label))).toBe(false);
    expect(renderSvg(spec, table)).not.toMatch(/stroke="#000000" stroke-width="1.6"/);
  });

  it('names the swept settings apart from the fixed ones in the caption', () => {
    const source = syntheticSweep();
    source.runs = [syntheticRun(9, ['joint'], () => 0.5)];
    source.axes = ['data.n', 'model.q'];
    const { spec } = phaseDiagramFigure(source);
    expect(spec.caption).toContain('swept data.n in {10; 20; 40} x model.q in {1; 3}');
    const fixed = /fixed settings: ([^;.]*(?:\.\d[^;.]*)*)/.exec(spec.caption)?.[1] ?? '';
    expect(fixed).toContain('alpha=(1, 0.6)');
    expect(fixed).not.toMatch(/\bn=|\bq=/);
    expect(spec.caption).not.toContain('other settings');
  });

  it('draws a one-axis sweep as lines with Wilson bands, not a one-row heatmap', () => {
    const source = syntheticSweep();
    source.axes = ['data.n'];
    source.cells = source.cells.slice(0, 3).map((c) => ({ ...c, coords: { 'data.n': c.coords['data.n'] } }));
    source.boundary = predictedBoundary(source.cells, source.axes);
    const { spec, table } = phaseDiagramFigure(source);
    expect(spec.panels.map((p) => p.kind)).toEqual(['line', 'line']);
    const outcomes = spec.panels[0] as LinePanelSpec;
    expect(outcomes.x.categories).toEqual(['10', '20', '40']);
    expect(outcomes.series.map((s) => s.band)).toEqual(Array(4).fill({ low: 'low', high: 'high' }));
    expect(outcomes.annotations).toContainEqual(expect.objectContaining({ type: 'vline', x: 0.5 }));
    const svg = renderSvg(spec, table);
    expect(svg).not.toMatch(/<rect [^>]*stroke-width="0.3"/);
    for (const label of ['10', '20', '40']) expect(svg).toContain(`>${label}</text>`);
  });
});

describe('sweep figures over three settings', () => {
  it('draws one panel per measure and value of the third setting, each with its own cells', () => {
    const source = syntheticSweep();
    source.axes = ['data.n', 'model.q', 'data.d'];
    source.cells = [...source.cells, ...source.cells].map((c, i) => ({
      ...c,
      cellIndex: i,
      coords: { ...c.coords, 'data.d': i < 6 ? 50 : 500 },
    }));
    const { spec, table } = phaseDiagramFigure(source);
    expect(spec.panels.map((p) => p.title).slice(0, 2)).toEqual([
      'P(exactly one modality learned its feature), data.d = 50',
      'P(exactly one modality learned its feature), data.d = 500',
    ]);
    expect(spec.panels).toHaveLength(12);
    expect(spec.columns).toBe(3);
    // Six cells in each of the twelve panels.
    expect(renderSvg(spec, table).match(/<rect [^>]*stroke-width="0.3"/g)).toHaveLength(72);
  });
});

describe('renderers', () => {
  it('give the same bytes for the same figure: SVG, PDF (fixed dates) and PNG', async () => {
    const { spec, table } = gammaFigure(syntheticRun(5, ['joint', 'unimodal:0'], rising));
    const svg = renderSvg(spec, table);
    expect(renderSvg(spec, table)).toBe(svg);
    const [a, b] = [await renderPdf(svg, spec.size, spec.title), await renderPdf(svg, spec.size, spec.title)];
    expect(a.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    expect(a.toString('latin1')).toContain('(D:20000101000000Z)');
    const px = pngPixels(spec.size, 72);
    const png = renderPng(renderSvg(spec, table, { pixels: px }));
    expect(png.equals(renderPng(renderSvg(spec, table, { pixels: px })))).toBe(true);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([px.width, px.height]);
  });

  it('states the size in points in the SVG and escapes text', () => {
    const run = syntheticRun(6, ['joint'], rising);
    const { spec, table } = gammaFigure(run);
    spec.title = 'a < b & "c"';
    const svg = renderSvg(spec, table);
    expect(svg).toContain(`width="${Math.round(spec.size.widthIn * 7200) / 100}pt"`);
    expect(svg).toContain('>a &lt; b &amp; &quot;c&quot;<');
    expect(svg).not.toMatch(/id="/);
  });
});

describe('what the run figures say and where they say it', () => {
  /** The competition story of a 12,000-step run: modality 0 learned both classes, modality 1 class -1 only. */
  function competitionRun() {
    const run = syntheticRun(7, ['joint', 'unimodal:0', 'unimodal:1'], rising);
    const steps = [0, 4000, 8000, 12000];
    for (const s of run.series.values()) s.steps = Int32Array.from(steps);
    run.record.config = { ...(run.record.config as object), train: { ...(run.record.config as { train: object }).train, steps: 12000 } };
    const modality = (plus: number, minus: number, cross: number | null) => ({
      gammaPlus: plus,
      gammaMinus: minus,
      crossStep: cross,
      aloneTestErr: 0.2,
    });
    const mode = (modalities: unknown[]) => ({ stepsRun: 12000, cancelled: false, divergedAtStep: null, testErr: 0.1, modalities });
    run.record.summary = {
      observedWinners: [0],
      predictedWinner: { modality: 0 },
      gap: 0.05,
      bestUnimodal: 'unimodal:1',
      cancelled: false,
      modes: {
        joint: mode([modality(5, 4, 400), modality(0.0018, 1.29, null)]),
        'unimodal:0': mode([modality(5, 5, 400), null]),
        'unimodal:1': mode([null, modality(6, 6, 1700)]),
      },
    };
    return run;
  }

  it('states the joint outcome per class under the plot, where no curve can cross it, instead of "crossed rho in joint"', () => {
    const { spec, table } = gammaFigure(competitionRun());
    const lines = spec.legend.filter((l) => l.swatch === 'text').map((l) => l.label);
    expect(lines).toEqual([
      'joint run: classes split between modalities',
      'class +1 learned by modality 0; class −1 by modality 0, 1',
      'predicted winner (heuristic): modality 0',
    ]);
    expect((spec.panels[0] as LinePanelSpec).annotations.filter((a) => a.type === 'note')).toEqual([]);
    const svg = renderSvg(spec, table);
    expect(svg).not.toContain('crossed ρ in joint');
    // Each line sits below the plot area (the x axis title is the plot's last text above it).
    const axisTitleY = Number(/<text x="[\d.]+" y="([\d.]+)"[^>]*>gradient descent step<\/text>/.exec(svg)?.[1]);
    for (const line of lines) {
      const y = Number(new RegExp(`<text x="[\\d.]+" y="([\\d.]+)"[^>]*>${line.replace(/[+()]/g, '\\$&')}</text>`).exec(svg)?.[1]);
      expect(y, line).toBeGreaterThan(axisTitleY);
    }
  });

  it('puts a panel note in the corner its curves cross least, on a white box', () => {
    const { spec, table } = buildFigures({ kind: 'run', run: competitionRun() }, ['compare'])[0] as ReturnType<typeof gammaFigure>;
    const svg = renderSvg(spec, table);
    expect(svg.match(/fill="#FFFFFF" fill-opacity="0.9"/g)).toHaveLength(2);
  });

  it('keeps every x tick label of the losses figure inside its panel', () => {
    const { spec, table } = buildFigures({ kind: 'run', run: competitionRun() }, ['losses'])[0] as ReturnType<typeof gammaFigure>;
    const svg = renderSvg(spec, table);
    const panelWidth = (spec.size.widthIn * 72) / spec.columns;
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" font-size="7" text-anchor="middle" fill="#000000">(\d+)<\/text>/g)];
    // Four panels, each with its step ticks; the last of each sits on the plot's right edge.
    expect(labels.length).toBeGreaterThanOrEqual(4 * 3);
    for (const m of labels) {
      const centre = Number(m[1]);
      const right = (Math.floor(centre / panelWidth) + 1) * panelWidth;
      expect(centre + textWidth(m[2] as string, 7) / 2, `label ${m[2]} at ${centre}`).toBeLessThanOrEqual(right - 1);
    }
  });

  it('gives the encoders-alone errors and the per-class outcome in the compare figure', () => {
    const { spec } = buildFigures({ kind: 'run', run: competitionRun() }, ['compare'])[0] as ReturnType<typeof gammaFigure>;
    expect(spec.caption).toContain('class +1 learned by modality 0; class −1 by modality 0, 1');
    const notes = spec.panels.flatMap((p) => (p as LinePanelSpec).annotations.flatMap((a) => (a.type === 'note' ? [a.text] : [])));
    expect(notes).toContain("the joint net's modality-1 encoder alone: 20.0%");
  });
});
