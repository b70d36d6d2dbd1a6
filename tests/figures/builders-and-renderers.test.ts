import { describe, expect, it } from 'vitest';
import { buildFigures, FigureRequestError } from '../../src-main/figures/catalog';
import type { HeatmapPanelSpec, LinePanelSpec } from '../../src-main/figures/chart-spec';
import { renderPdf } from '../../src-main/figures/render-pdf';
import { pngPixels, renderPng } from '../../src-main/figures/render-png';
import { renderSvg } from '../../src-main/figures/render-svg';
import { gammaFigure } from '../../src-main/figures/run-figures';
import { DASH, modalityColor, OKABE_ITO } from '../../src-main/figures/style';
import { phaseDiagramFigure } from '../../src-main/figures/sweep-figures';
import { syntheticRun, syntheticSweep } from './synthetic-sources';

const rising = (_mode: string, name: string, record: number): number => (name.startsWith('gamma') ? 0.01 * Math.pow(10, record) : 0.5 / (record + 1));

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
    expect(spec.caption).toMatch(/over 60 GD steps \(K=2, alpha=\(1, 0\.6\), mu=\(0\.3, 0\.05\), n=8, d=16, P=2, sigma_xi=0\.3, m=4, q=3, rho=0\.1, sigma_0=0\.05, eta=0\.25, seed 3, cpu f64\)/);
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
  it('draws the predicted boundary as one edge per neighbouring pair of cells with different predicted winners', () => {
    const source = syntheticSweep();
    // Winner 0 in the n = 10 column, 1 elsewhere: the edge between n = 10 and n = 20 in both q rows.
    expect(source.boundary).toEqual([
      [0, 1],
      [3, 4],
    ]);
    const { spec, table } = phaseDiagramFigure(source);
    expect(spec.panels).toHaveLength(2);
    expect(table.rows).toHaveLength(6 * 2);
    const svg = renderSvg(spec, table);
    const edges = [...svg.matchAll(/<path d="([^"]+)" fill="none" stroke="#000000" stroke-width="1.6"/g)].map((m) => m[1] as string);
    expect(edges).toHaveLength(2);
    for (const d of edges) expect(d.match(/M/g)).toHaveLength(2);
    // Two vertical edges at the same x in each panel (between the first and second column).
    const xs = edges.map((d) => [...d.matchAll(/M([\d.]+) /g)].map((m) => m[1]));
    for (const pair of xs) expect(new Set(pair).size).toBe(1);
    expect(svg).toContain('>75%<');
    expect(svg).toContain('>P(modality 0 wins)<');
    expect(svg).toContain('>predicted boundary (heuristic): neighbouring cells with different predicted winners<');
  });

  it('lays out a one-axis sweep as a single row of cells', () => {
    const source = syntheticSweep();
    source.axes = ['data.n'];
    source.cells = source.cells.slice(0, 3).map((c) => ({ ...c, coords: { 'data.n': c.coords['data.n'] } }));
    const { spec, table } = phaseDiagramFigure(source);
    const panel = spec.panels[0] as HeatmapPanelSpec;
    expect(panel.y.categories).toEqual(['']);
    expect(panel.cell.y).toBeNull();
    expect(renderSvg(spec, table).match(/<rect [^>]*stroke-width="0.3"/g)).toHaveLength(6);
  });
});

describe('sweep figures over three settings', () => {
  it('draws one panel per modality and value of the third setting, each with its own cells', () => {
    const source = syntheticSweep();
    source.axes = ['data.n', 'model.q', 'data.d'];
    source.cells = [...source.cells, ...source.cells].map((c, i) => ({ ...c, cellIndex: i, coords: { ...c.coords, 'data.d': i < 6 ? 50 : 500 } }));
    const { spec, table } = phaseDiagramFigure(source);
    expect(spec.panels.map((p) => p.title)).toEqual([
      'modality 0 wins, data.d = 50',
      'modality 0 wins, data.d = 500',
      'modality 1 wins, data.d = 50',
      'modality 1 wins, data.d = 500',
    ]);
    expect(spec.columns).toBe(2);
    // Six cells in each of the four panels.
    expect(renderSvg(spec, table).match(/<rect [^>]*stroke-width="0.3"/g)).toHaveLength(24);
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
