import { describe, expect, it } from 'vitest';
import type { DataTable, LinePanelSpec } from '../../src-main/figures/chart-spec';
import { renderLinePanel } from '../../src-main/figures/line-panel';

/*
 * A threshold's label ("C1 95%") is what a reader checks a rate against: it must stay readable.
 * These panels put a rate's line through the label's usual place (the threshold line's right end)
 * and check where the label and the note box end up.
 */
const box = { x: 0, y: 0, width: 300, height: 220 };

function panel(rates: number[], notes = false): { spec: LinePanelSpec; table: DataTable } {
  const table: DataTable = { columns: ['x', 'rate'], rows: rates.map((r, i) => [i, r]) };
  const spec: LinePanelSpec = {
    kind: 'line',
    title: '',
    x: { label: 'setting', unit: null, scale: 'linear', tickFormat: 'number' },
    y: { label: 'share of runs', unit: '%', scale: 'linear', tickFormat: 'percent', domain: [0, 1] },
    series: [{ label: 'C1 rate', where: {}, x: 'x', y: 'rate', color: '#0072B2', dash: 'solid' }],
    annotations: [
      { type: 'hline', y: 0.95, label: 'C1 95%', color: '#0072B2', dash: 'reference' },
      ...(notes ? [{ type: 'note' as const, text: 'n = 12 seeds per value' }] : []),
    ],
  };
  return { spec, table };
}

/** The text elements whose content is `text`, with their attributes. */
function texts(svg: string, text: string): Record<string, string>[] {
  const out: Record<string, string>[] = [];
  for (const m of svg.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
    if (m[2] !== text) continue;
    out.push(Object.fromEntries([...(m[1] as string).matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1] as string, a[2] as string])));
  }
  return out;
}

describe('threshold labels on a line panel', () => {
  it('stay at the right end of their line where no rate runs through them there', () => {
    const { spec, table } = panel([0.1, 0.3, 0.5, 0.6]);
    const labels = texts(renderLinePanel(spec, table, box), 'C1 95%');
    // A white halo under the coloured text, both at the right end.
    expect(labels.map((l) => l['fill'])).toEqual(['white', '#0072B2']);
    expect(labels.every((l) => l['text-anchor'] === 'end')).toBe(true);
  });

  it('move to the left end when a rate runs through them on the right, and are drawn over the lines', () => {
    const { spec, table } = panel([0.1, 0.5, 0.9, 0.96, 0.96]);
    const svg = renderLinePanel(spec, table, box);
    const labels = texts(svg, 'C1 95%');
    expect(labels.every((l) => l['text-anchor'] === 'start')).toBe(true);
    // Over the series: the label comes after the rate's path in the drawing order.
    expect(svg.lastIndexOf('>C1 95%</text>')).toBeGreaterThan(svg.indexOf('<path d='));
  });

  it('keep the note box off them', () => {
    // Rates fill the lower corners, so the label's corner is the only one left without data:
    // the note must still not cover the label.
    const { spec, table } = panel([0.02, 0.1, 0.6, 0.1, 0.02], true);
    const svg = renderLinePanel(spec, table, box);
    const label = texts(svg, 'C1 95%')[1] as Record<string, string>;
    const rect = /<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
    expect(rect).not.toBeNull();
    const [x, y, w, h] = (rect as RegExpExecArray).slice(1, 5).map(Number) as [number, number, number, number];
    const labelY = Number(label['y']);
    const labelX = Number(label['x']);
    const coversLabel =
      labelY >= y &&
      labelY - 7 <= y + h &&
      (label['text-anchor'] === 'end' ? labelX - 30 <= x + w && labelX >= x : labelX <= x + w && labelX + 30 >= x);
    expect(coversLabel).toBe(false);
  });
});
