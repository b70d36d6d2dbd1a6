/**
 * One heatmap panel: a grid of categorical cells coloured by value, optional values printed in
 * the cells, edges between named pairs of neighbouring cells (the predicted phase boundary), and
 * a labelled colour bar.
 */
import { columnIndex, matches, type DataTable, type HeatmapPanelSpec } from './chart-spec';
import { drawAxisTitles } from './axes';
import { colorFor, inkOn } from './color-maps';
import type { Box } from './layout';
import { panelTitle, plotArea } from './line-panel';
import { COLORBAR_SPACE, COLORBAR_WIDTH, FONT_SIZE, INK, LINE_WIDTH, TICK_LENGTH } from './style';
import { element, num, textElement } from './svg-builder';
import { axisTitle, compactNumber, fixed } from './ticks';
import { textWidth } from './text-metrics';

const COLORBAR_STEPS = 40;
/** Size of the interval line printed under a cell's value. */
const DETAIL_SIZE = 4.6;

/** "[21, 94]% n=3": a share's interval and count, or null when the row lacks them. */
function intervalText(low: unknown, high: unknown, n: unknown, format: 'number' | 'percent'): string | null {
  if (typeof low !== 'number' || typeof high !== 'number' || typeof n !== 'number') return null;
  const scale = format === 'percent' ? 100 : 1;
  const digits = format === 'percent' ? 0 : 2;
  return `[${fixed(low * scale, digits)}, ${fixed(high * scale, digits)}]${format === 'percent' ? '%' : ''} n=${n}`;
}

function formatValue(value: number, format: 'number' | 'percent'): string {
  return format === 'percent' ? `${fixed(value * 100, 0)}%` : compactNumber(value);
}

/** Every k-th category label, with k chosen so the labels do not overlap. */
function labelStride(labels: string[], room: number, horizontal: boolean): number {
  const widest = Math.max(0, ...labels.map((l) => (horizontal ? textWidth(l, FONT_SIZE.tick) + 3 : FONT_SIZE.tick + 2)));
  return Math.max(1, Math.ceil(widest / Math.max(1e-6, room)));
}

export function renderHeatmapPanel(panel: HeatmapPanelSpec, table: DataTable, box: Box): string {
  const yLabelRoom = Math.max(0, ...panel.y.categories.map((c) => textWidth(c, FONT_SIZE.tick)));
  const plot = plotArea(box, panel.title !== '', COLORBAR_SPACE);
  const shift = Math.max(0, yLabelRoom - 22);
  plot.x += shift;
  plot.width -= shift;
  const nx = panel.x.categories.length;
  const ny = panel.y.categories.length;
  const cw = plot.width / Math.max(1, nx);
  const ch = plot.height / Math.max(1, ny);
  const xi = columnIndex(table, panel.cell.x);
  const yi = panel.cell.y === null ? -1 : columnIndex(table, panel.cell.y);
  const vi = columnIndex(table, panel.cell.value);
  const ii = panel.cell.id ? columnIndex(table, panel.cell.id) : -1;
  const interval = panel.cell.interval
    ? {
        low: columnIndex(table, panel.cell.interval.low),
        high: columnIndex(table, panel.cell.interval.high),
        n: columnIndex(table, panel.cell.interval.n),
      }
    : null;
  const parts: string[] = [panelTitle(box, plot, panel.title)];
  const positionOfId = new Map<number, [number, number]>();

  const cells: string[] = [];
  const labels: string[] = [];
  for (const row of table.rows) {
    if (!matches(table, row, panel.where)) continue;
    const cx = panel.x.categories.indexOf(String(row[xi]));
    const cy = yi < 0 ? 0 : panel.y.categories.indexOf(String(row[yi]));
    if (cx < 0 || cy < 0) continue;
    const raw = row[vi];
    const value = typeof raw === 'number' ? raw : null;
    const fill = colorFor(panel.color.map, panel.color.domain, value);
    const x = plot.x + cx * cw;
    const y = plot.y + plot.height - (cy + 1) * ch;
    // A hairline of the same colour closes the anti-aliasing seam between neighbouring cells.
    cells.push(element('rect', { x, y, width: cw, height: ch, fill, stroke: fill, 'stroke-width': 0.3 }));
    if (ii >= 0 && typeof row[ii] === 'number') positionOfId.set(row[ii] as number, [cx, cy]);
    if (panel.showValues && value !== null && Number.isFinite(value)) {
      const text = formatValue(value, panel.color.tickFormat);
      // Under the value, where the cell has room: the interval and the count behind it.
      const detail = interval ? intervalText(row[interval.low], row[interval.high], row[interval.n], panel.color.tickFormat) : null;
      const twoLines = detail !== null && textWidth(detail, DETAIL_SIZE) + 2 <= cw && FONT_SIZE.annotation + DETAIL_SIZE + 3 <= ch;
      if (textWidth(text, FONT_SIZE.annotation) + 2 <= cw && FONT_SIZE.annotation + 1 <= ch) {
        const valueY = twoLines ? y + ch / 2 - 1 : y + ch / 2 + FONT_SIZE.annotation * 0.35;
        labels.push(
          textElement(text, { x: x + cw / 2, y: valueY, 'font-size': FONT_SIZE.annotation, 'text-anchor': 'middle', fill: inkOn(fill) }),
        );
      }
      if (twoLines && detail !== null) {
        labels.push(
          textElement(detail, {
            x: x + cw / 2,
            y: y + ch / 2 + DETAIL_SIZE + 1,
            'font-size': DETAIL_SIZE,
            'text-anchor': 'middle',
            fill: inkOn(fill),
          }),
        );
      }
    }
  }
  parts.push(...cells, ...labels);

  for (const a of panel.annotations) {
    if (a.type !== 'cell-edges') continue;
    let d = '';
    for (const [p, q] of a.pairs) {
      const from = positionOfId.get(p);
      const to = positionOfId.get(q);
      if (!from || !to) continue;
      const dx = Math.abs(from[0] - to[0]);
      const dy = Math.abs(from[1] - to[1]);
      if (dx + dy !== 1) continue;
      if (dx === 1) {
        const x = plot.x + Math.max(from[0], to[0]) * cw;
        const yTop = plot.y + plot.height - (from[1] + 1) * ch;
        d += `M${num(x)} ${num(yTop)}V${num(yTop + ch)}`;
      } else {
        const y = plot.y + plot.height - Math.max(from[1], to[1]) * ch;
        const xLeft = plot.x + from[0] * cw;
        d += `M${num(xLeft)} ${num(y)}H${num(xLeft + cw)}`;
      }
    }
    if (d)
      parts.push(element('path', { d, fill: 'none', stroke: a.color, 'stroke-width': LINE_WIDTH.boundary, 'stroke-linecap': 'square' }));
  }

  // Axes: a frame and one tick per category (thinned so labels never overlap).
  const bottom = plot.y + plot.height;
  parts.push(
    element('rect', {
      x: plot.x,
      y: plot.y,
      width: plot.width,
      height: plot.height,
      fill: 'none',
      stroke: INK,
      'stroke-width': LINE_WIDTH.axis,
    }),
  );
  const xStride = labelStride(panel.x.categories, cw, true);
  panel.x.categories.forEach((label, i) => {
    if (i % xStride !== 0) return;
    const x = plot.x + (i + 0.5) * cw;
    parts.push(element('line', { x1: x, y1: bottom, x2: x, y2: bottom + TICK_LENGTH, stroke: INK, 'stroke-width': LINE_WIDTH.tick }));
    parts.push(
      textElement(label, {
        x,
        y: bottom + TICK_LENGTH + FONT_SIZE.tick + 1,
        'font-size': FONT_SIZE.tick,
        'text-anchor': 'middle',
        fill: INK,
      }),
    );
  });
  const yStride = labelStride(panel.y.categories, ch, false);
  panel.y.categories.forEach((label, i) => {
    if (i % yStride !== 0) return;
    const y = bottom - (i + 0.5) * ch;
    parts.push(element('line', { x1: plot.x - TICK_LENGTH, y1: y, x2: plot.x, y2: y, stroke: INK, 'stroke-width': LINE_WIDTH.tick }));
    parts.push(
      textElement(label, {
        x: plot.x - TICK_LENGTH - 2,
        y: y + FONT_SIZE.tick * 0.35,
        'font-size': FONT_SIZE.tick,
        'text-anchor': 'end',
        fill: INK,
      }),
    );
  });
  parts.push(drawAxisTitles(plot, panel.x, panel.y, TICK_LENGTH + 6 + Math.max(yLabelRoom, 8)));
  parts.push(renderColorBar(panel, { x: plot.x + plot.width + 8, y: plot.y, width: COLORBAR_WIDTH, height: plot.height }));
  return element('g', {}, parts.join(''));
}

function renderColorBar(panel: HeatmapPanelSpec, bar: Box): string {
  const parts: string[] = [];
  const [lo, hi] = panel.color.domain;
  const step = bar.height / COLORBAR_STEPS;
  for (let i = 0; i < COLORBAR_STEPS; i++) {
    const value = lo + ((i + 0.5) / COLORBAR_STEPS) * (hi - lo);
    // Each strip overlaps the next by a hair so no seam shows when rasterised.
    parts.push(
      element('rect', {
        x: bar.x,
        y: bar.y + bar.height - (i + 1) * step,
        width: bar.width,
        height: step + 0.3,
        fill: colorFor(panel.color.map, panel.color.domain, value),
        stroke: 'none',
      }),
    );
  }
  parts.push(
    element('rect', {
      x: bar.x,
      y: bar.y,
      width: bar.width,
      height: bar.height,
      fill: 'none',
      stroke: INK,
      'stroke-width': LINE_WIDTH.axis,
    }),
  );
  let widest = 0;
  for (const value of [lo, (lo + hi) / 2, hi]) {
    widest = Math.max(widest, textWidth(formatValue(value, panel.color.tickFormat), FONT_SIZE.tick));
    const y = bar.y + bar.height - ((value - lo) / (hi - lo || 1)) * bar.height;
    parts.push(
      element('line', { x1: bar.x + bar.width, y1: y, x2: bar.x + bar.width + 2, y2: y, stroke: INK, 'stroke-width': LINE_WIDTH.tick }),
    );
    parts.push(
      textElement(formatValue(value, panel.color.tickFormat), {
        x: bar.x + bar.width + 3,
        y: y + FONT_SIZE.tick * 0.35,
        'font-size': FONT_SIZE.tick,
        fill: INK,
      }),
    );
  }
  const cx = bar.x + bar.width + 3 + widest + 4 + FONT_SIZE.axisLabel * 0.8;
  const cy = bar.y + bar.height / 2;
  parts.push(
    textElement(axisTitle(panel.color), {
      x: cx,
      y: cy,
      transform: `rotate(-90 ${num(cx)} ${num(cy)})`,
      'font-size': FONT_SIZE.axisLabel,
      'text-anchor': 'middle',
      fill: INK,
    }),
  );
  return element('g', {}, parts.join(''));
}
