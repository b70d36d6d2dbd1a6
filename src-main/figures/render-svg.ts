/**
 * Chart specification + data table -> SVG text. Real vector output: every label is a <text> in
 * the figure font, lines are paths, and the bytes depend on the input alone.
 */
import type { ChartSpec, DataTable } from './chart-spec';
import { renderHeatmapPanel } from './heatmap-panel';
import { layoutChart } from './layout';
import { renderLinePanel } from './line-panel';
import { BACKGROUND, BAR_OPACITY, DASH, POINT_RADIUS, FONT_FAMILY, FONT_SIZE, INK, LEGEND_SWATCH, LINE_WIDTH, TITLE_HEIGHT } from './style';
import { element, escapeXml, num, textElement } from './svg-builder';

export interface SvgOptions {
  /** Pixel width and height for rasterising (PNG); the default states the size in points. */
  pixels?: { width: number; height: number };
}

function legendSwatch(x: number, y: number, entry: ChartSpec['legend'][number]): string {
  if (entry.swatch === 'text') return '';
  const x2 = x + LEGEND_SWATCH;
  if (entry.swatch === 'bar')
    return element('rect', {
      x: x + 3,
      y: y - 3.5,
      width: LEGEND_SWATCH - 6,
      height: 7,
      fill: entry.color,
      'fill-opacity': BAR_OPACITY,
      stroke: entry.color,
      'stroke-width': LINE_WIDTH.tick,
    });
  if (entry.swatch === 'point')
    return element('circle', { cx: x + LEGEND_SWATCH / 2, cy: y, r: POINT_RADIUS, fill: entry.color, stroke: 'none' });
  if (entry.swatch === 'band') {
    return (
      element('rect', { x, y: y - 3, width: LEGEND_SWATCH, height: 6, fill: entry.color, 'fill-opacity': '0.25', stroke: 'none' }) +
      element('line', {
        x1: x,
        y1: y,
        x2,
        y2: y,
        stroke: entry.color,
        'stroke-width': LINE_WIDTH.series,
        'stroke-dasharray': DASH[entry.dash],
      })
    );
  }
  const width = entry.swatch === 'edge' ? LINE_WIDTH.boundary : entry.dash === 'reference' ? LINE_WIDTH.annotation : LINE_WIDTH.series;
  return element('line', { x1: x, y1: y, x2, y2: y, stroke: entry.color, 'stroke-width': width, 'stroke-dasharray': DASH[entry.dash] });
}

export function renderSvg(spec: ChartSpec, table: DataTable, options: SvgOptions = {}): string {
  const layout = layoutChart(spec);
  const parts: string[] = [];
  parts.push(element('rect', { x: 0, y: 0, width: layout.width, height: layout.height, fill: BACKGROUND, stroke: 'none' }));
  parts.push(
    textElement(spec.title, { x: layout.width / 2, y: TITLE_HEIGHT - 5, 'font-size': FONT_SIZE.title, 'text-anchor': 'middle', fill: INK }),
  );
  spec.panels.forEach((panel, i) => {
    const box = layout.panels[i];
    if (!box) return;
    parts.push(panel.kind === 'line' ? renderLinePanel(panel, table, box) : renderHeatmapPanel(panel, table, box));
  });
  const legend = layout.legend.map(
    ({ entry, x, y }) =>
      legendSwatch(x, y, entry) +
      textElement(entry.label, {
        x: entry.swatch === 'text' ? x : x + LEGEND_SWATCH + 3,
        y: y + FONT_SIZE.legend * 0.35,
        'font-size': FONT_SIZE.legend,
        fill: INK,
      }),
  );
  if (legend.length) parts.push(element('g', { class: 'legend' }, legend.join('')));
  const width = options.pixels ? String(options.pixels.width) : `${num(layout.width)}pt`;
  const height = options.pixels ? String(options.pixels.height) : `${num(layout.height)}pt`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="${width}" height="${height}" viewBox="0 0 ${num(layout.width)} ${num(layout.height)}" font-family="${escapeXml(FONT_FAMILY)}">\n` +
    `<title>${escapeXml(spec.title)}</title>\n` +
    `<desc>${escapeXml(spec.caption)}</desc>\n` +
    parts.join('\n') +
    '\n</svg>\n'
  );
}
