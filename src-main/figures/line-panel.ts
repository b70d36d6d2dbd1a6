/**
 * One line panel: series (with optional bands), reference lines and notes, on numeric (or
 * category) axes. Notes are wrapped to the plot's width and drawn last on a white box, so no
 * curve runs through their words; the plot leaves room on its right for the last x tick label.
 */
import { columnIndex, matches, type DataTable, type LinePanelSpec, type LineSeriesSpec } from './chart-spec';
import { drawNumericAxes } from './axes';
import type { Box } from './layout';
import {
  BACKGROUND,
  BAR_HALF_WIDTH,
  BAR_MAX_HALF_PT,
  BAR_OPACITY,
  DASH,
  FONT_SIZE,
  INK,
  LINE_WIDTH,
  PANEL_MARGIN,
  PANEL_TOP_UNTITLED,
  POINT_RADIUS,
  THIN_LINE,
} from './style';
import { textWidth } from './text-metrics';
import { element, polylinePath, textElement } from './svg-builder';
import { scaleFor } from './ticks';

interface Points {
  series: LineSeriesSpec;
  x: number[];
  y: number[];
  low: number[];
  high: number[];
}

function numeric(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}

function collect(table: DataTable, series: LineSeriesSpec): Points {
  const xi = columnIndex(table, series.x);
  const yi = columnIndex(table, series.y);
  const li = series.band ? columnIndex(table, series.band.low) : -1;
  const hi = series.band ? columnIndex(table, series.band.high) : -1;
  const out: Points = { series, x: [], y: [], low: [], high: [] };
  for (const row of table.rows) {
    if (!matches(table, row, series.where)) continue;
    out.x.push(numeric(row[xi]));
    out.y.push(numeric(row[yi]));
    if (series.band) {
      out.low.push(numeric(row[li]));
      out.high.push(numeric(row[hi]));
    }
  }
  return out;
}

export function plotArea(box: Box, titled: boolean, extraRight = 0): Box {
  const top = titled ? PANEL_MARGIN.top : PANEL_TOP_UNTITLED;
  return {
    x: box.x + PANEL_MARGIN.left,
    y: box.y + top,
    width: box.width - PANEL_MARGIN.left - PANEL_MARGIN.right - extraRight,
    height: box.height - top - PANEL_MARGIN.bottom,
  };
}

export function panelTitle(box: Box, plot: Box, title: string): string {
  if (!title) return '';
  return textElement(title, {
    x: plot.x + plot.width / 2,
    y: box.y + FONT_SIZE.panelTitle + 3,
    'font-size': FONT_SIZE.panelTitle,
    'text-anchor': 'middle',
    fill: INK,
  });
}

/** Words of `text` in lines no wider than `width` at the note size (a word longer than that keeps a line of its own). */
export function wrapText(text: string, width: number, size: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const next = line === '' ? word : `${line} ${word}`;
    if (line !== '' && textWidth(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * The notes, wrapped, on one white box in whichever corner of the plot the drawn points cross
 * least (upper left when several are empty), so the words hide as little of the data as can be
 * and no curve runs through them.
 */
function renderNotes(panel: LinePanelSpec, plot: Box, drawn: [number, number][]): string {
  const size = FONT_SIZE.annotation;
  const lines = panel.annotations.flatMap((a) => (a.type === 'note' ? wrapText(a.text, plot.width - 8, size) : []));
  if (lines.length === 0) return '';
  const lineHeight = size + 2;
  const width = Math.min(plot.width - 2, Math.max(...lines.map((l) => textWidth(l, size))) + 6);
  const height = lines.length * lineHeight + 3;
  const corners = [
    { x: plot.x + 1, y: plot.y + 1 },
    { x: plot.x + plot.width - width - 1, y: plot.y + 1 },
    { x: plot.x + 1, y: plot.y + plot.height - height - 1 },
    { x: plot.x + plot.width - width - 1, y: plot.y + plot.height - height - 1 },
  ];
  const inside = (c: { x: number; y: number }): number =>
    drawn.filter(([x, y]) => x >= c.x && x <= c.x + width && y >= c.y && y <= c.y + height).length;
  const corner = corners.reduce((best, c) => (inside(c) < inside(best) ? c : best));
  const parts = [element('rect', { x: corner.x, y: corner.y, width, height, fill: BACKGROUND, 'fill-opacity': '0.9', stroke: 'none' })];
  lines.forEach((line, i) =>
    parts.push(textElement(line, { x: corner.x + 3, y: corner.y + (i + 1) * lineHeight, 'font-size': size, fill: INK })),
  );
  return parts.join('');
}

/** The y of a polyline at pixel column x (linear between its points), or null outside it. */
function polylineYAt(points: readonly (readonly [number, number])[], x: number): number | null {
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1] as readonly [number, number];
    const [x1, y1] = points[i] as readonly [number, number];
    if (x < Math.min(x0, x1) || x > Math.max(x0, x1)) continue;
    return x1 === x0 ? Math.min(y0, y1) : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
  }
  return null;
}

/** What a threshold label must keep clear of: the drawn lines, and each point's or bar's vertical extent. */
interface LabelObstacles {
  lines: (readonly (readonly [number, number])[])[];
  /** [x, top, bottom] in pixels. */
  columns: (readonly [number, number, number])[];
}

/**
 * Where a threshold line's label goes: just above the line at its right end, unless something
 * drawn runs through it there and less so at the left end (measured at a few columns under it).
 */
function thresholdLabelPlace(
  label: string,
  y: number,
  plot: Box,
  obstacles: LabelObstacles,
): { x: number; y: number; 'font-size': number; 'text-anchor': string } {
  const width = textWidth(label, FONT_SIZE.annotation);
  const top = y - 2 - FONT_SIZE.annotation;
  const bottom = y;
  const gap = (a: number, b: number): number => (b < top ? top - b : a > bottom ? a - bottom : 0);
  const clearance = (x0: number): number => {
    let nearest = Infinity;
    for (let k = 0; k <= 8; k++) {
      for (const line of obstacles.lines) {
        const ly = polylineYAt(line, x0 + (width * k) / 8);
        if (ly !== null) nearest = Math.min(nearest, gap(ly, ly));
      }
    }
    for (const [x, a, b] of obstacles.columns) if (x >= x0 - 2 && x <= x0 + width + 2) nearest = Math.min(nearest, gap(a, b));
    return nearest;
  };
  const right = { x: plot.x + plot.width - 2, y: y - 2, 'font-size': FONT_SIZE.annotation, 'text-anchor': 'end' };
  const left = { x: plot.x + 2, y: y - 2, 'font-size': FONT_SIZE.annotation, 'text-anchor': 'start' };
  const onRight = clearance(plot.x + plot.width - 2 - width);
  // Only a label that something runs through (or nearly) moves, and only to a clearer place.
  return onRight < 3 && clearance(plot.x + 2) > onRight ? left : right;
}

export function renderLinePanel(panel: LinePanelSpec, table: DataTable, box: Box): string {
  const plot = plotArea(box, panel.title !== '');
  const data = panel.series.map((s) => collect(table, s));
  const yValues = data.flatMap((d) => [...d.y, ...d.low, ...d.high]);
  for (const a of panel.annotations) if (a.type === 'hline') yValues.push(a.y);
  // Bars grow from zero, so zero is on a linear axis.
  if (panel.y.scale === 'linear' && panel.series.some((s) => s.draw === 'bars')) yValues.push(0);
  let xScale = scaleFor(
    panel.x,
    data.flatMap((d) => d.x),
    5,
  );
  const yScale = scaleFor(panel.y, yValues, 5);
  // Categories are thinned to about eight labels; when every label fits its slot, show them all.
  const categories = panel.x.categories;
  if (categories && categories.length > xScale.ticks.length) {
    const widest = Math.max(0, ...categories.map((c) => textWidth(c, FONT_SIZE.tick) + 3));
    if (widest <= plot.width / categories.length) xScale = { ...xScale, ticks: categories.map((label, i) => ({ value: i, label })) };
  }
  // The last x tick label is centred on the plot's right edge: keep half of it inside the panel.
  const lastLabel = xScale.ticks[xScale.ticks.length - 1];
  if (lastLabel && xScale.unit(lastLabel.value) > 0.999) {
    const overhang = textWidth(lastLabel.label, FONT_SIZE.tick) / 2 + 2 - PANEL_MARGIN.right;
    if (overhang > 0) plot.width -= overhang;
  }
  const px = (v: number): number => plot.x + xScale.unit(v) * plot.width;
  const py = (v: number): number => plot.y + plot.height - yScale.unit(v) * plot.height;
  const parts: string[] = [panelTitle(box, plot, panel.title)];

  for (const d of data) {
    // Points and bars draw their band as whiskers (below), not as a shaded area.
    if (!d.series.band || (d.series.draw ?? 'line') !== 'line') continue;
    // One closed polygon per run of drawable points, so gaps stay gaps.
    let upper: [number, number][] = [];
    let lower: [number, number][] = [];
    const flush = (): void => {
      if (upper.length > 1) {
        const d2 = polylinePath([...upper, ...lower.reverse()]) + 'Z';
        parts.push(element('path', { d: d2, fill: d.series.color, 'fill-opacity': '0.25', stroke: 'none' }));
      }
      upper = [];
      lower = [];
    };
    // On a log axis a band reaching zero or below runs to the bottom of the plot.
    const bottom = plot.y + plot.height;
    const lowY = (v: number): number => (panel.y.scale === 'log' && Number.isFinite(v) && v <= 0 ? bottom : py(v));
    d.x.forEach((x, i) => {
      const p = [px(x), py(d.high[i] as number), lowY(d.low[i] as number)];
      if (p.every(Number.isFinite)) {
        upper.push([p[0] as number, p[1] as number]);
        lower.push([p[0] as number, p[2] as number]);
      } else flush();
    });
    flush();
  }

  // The drawn lines in pixels, for placing threshold labels clear of them.
  const obstacles: LabelObstacles = {
    lines: data
      .filter((d) => (d.series.draw ?? 'line') === 'line')
      .map((d) => d.x.map((x, i) => [px(x), py(d.y[i] as number)] as const).filter((p) => p.every(Number.isFinite))),
    columns: data
      .filter((d) => (d.series.draw ?? 'line') !== 'line')
      .flatMap((d) =>
        d.x.map((x, i) => {
          // A point with its whisker, or a bar from zero with its whisker.
          const ys = [d.y[i], d.low[i], d.high[i], d.series.draw === 'bars' ? 0 : undefined]
            .filter((v): v is number => v !== undefined && Number.isFinite(v))
            .map(py)
            .filter(Number.isFinite);
          return [px(x), Math.min(...ys), Math.max(...ys)] as const;
        }),
      )
      .filter((c) => c.every(Number.isFinite)),
  };
  // Threshold labels go over the series; their places keep the notes' box off them.
  const labels: string[] = [];
  const labelPoints: [number, number][] = [];
  for (const a of panel.annotations) {
    if (a.type === 'hline') {
      const y = py(a.y);
      if (!Number.isFinite(y)) continue;
      parts.push(
        element('line', {
          x1: plot.x,
          y1: y,
          x2: plot.x + plot.width,
          y2: y,
          stroke: a.color,
          'stroke-width': LINE_WIDTH.annotation,
          'stroke-dasharray': DASH[a.dash],
        }),
      );
      if (a.label === '') continue;
      const at = thresholdLabelPlace(a.label, y, plot, obstacles);
      // Drawn over the series, on a white halo, so a rate's line never hides its threshold's
      // value (a second text element rather than paint-order, which not every renderer reads).
      labels.push(textElement(a.label, { ...at, fill: 'white', stroke: 'white', 'stroke-width': 3, 'stroke-linejoin': 'round' }));
      labels.push(textElement(a.label, { ...at, fill: a.color }));
      const width = textWidth(a.label, FONT_SIZE.annotation);
      const x0 = at['text-anchor'] === 'end' ? at.x - width : at.x;
      for (let k = 0; k <= 4; k++) labelPoints.push([x0 + (width * k) / 4, at.y - FONT_SIZE.annotation / 2]);
    } else if (a.type === 'vline') {
      const x = px(a.x);
      if (!Number.isFinite(x)) continue;
      parts.push(
        element('line', {
          x1: x,
          y1: plot.y,
          x2: x,
          y2: plot.y + plot.height,
          stroke: a.color,
          'stroke-width': LINE_WIDTH.annotation,
          'stroke-dasharray': DASH[a.dash],
        }),
      );
    }
  }

  const drawn: [number, number][] = [];
  for (const d of data) {
    if ((d.series.draw ?? 'line') !== 'line') {
      parts.push(renderDiscrete(d, px, py, plot, panel.y.scale === 'log'));
      d.x.forEach((x, i) => drawn.push([px(x), py(d.y[i] as number)]));
      continue;
    }
    const points = d.x.map((x, i): [number, number] => [px(x), py(d.y[i] as number)]);
    // Points along each segment too, so a steep stretch of curve counts where it passes.
    points.forEach((p, i) => {
      const next = points[i + 1];
      drawn.push(p);
      if (next && [...p, ...next].every(Number.isFinite))
        for (let t = 1; t < 8; t++) drawn.push([p[0] + ((next[0] - p[0]) * t) / 8, p[1] + ((next[1] - p[1]) * t) / 8]);
    });
    const path = polylinePath(points);
    if (!path) continue;
    const thin = d.series.weight === 'thin';
    parts.push(
      element('path', {
        d: path,
        fill: 'none',
        stroke: d.series.color,
        'stroke-width': thin ? THIN_LINE.width : LINE_WIDTH.series,
        'stroke-dasharray': DASH[d.series.dash],
        'stroke-linejoin': 'round',
        ...(thin ? { 'stroke-opacity': THIN_LINE.opacity } : {}),
      }),
    );
  }

  parts.push(...labels);
  parts.push(drawNumericAxes(plot, { axis: panel.x, scale: xScale }, { axis: panel.y, scale: yScale }));
  parts.push(renderNotes(panel, plot, [...drawn, ...labelPoints]));
  return element('g', {}, parts.join(''));
}

/** Dots, bars or level marks, one per point, with the band (where given) as whiskers. */
function renderDiscrete(d: Points, px: (v: number) => number, py: (v: number) => number, plot: Box, logY: boolean): string {
  const parts: string[] = [];
  const { series } = d;
  const bottom = plot.y + plot.height;
  const zero = logY ? bottom : Math.min(bottom, Math.max(plot.y, py(0)));
  d.x.forEach((x, i) => {
    const y = d.y[i] as number;
    const cx = px(x);
    const cy = py(y);
    if (!Number.isFinite(cx) || !Number.isFinite(cy)) return;
    // A bar is at most BAR_MAX_HALF_PT either side of its category, so a lone bar stays a bar.
    const half = Math.min(BAR_MAX_HALF_PT, Math.abs(px(x + BAR_HALF_WIDTH) - cx));
    if (series.draw === 'bars') {
      const left = cx - half;
      const right = cx + half;
      parts.push(
        element('rect', {
          x: left,
          y: Math.min(cy, zero),
          width: right - left,
          height: Math.abs(zero - cy),
          fill: series.color,
          'fill-opacity': BAR_OPACITY,
          stroke: series.color,
          'stroke-width': LINE_WIDTH.tick,
        }),
      );
    } else if (series.draw === 'marks') {
      const left = cx - half - 3;
      const right = cx + half + 3;
      parts.push(
        element('line', {
          x1: left,
          y1: cy,
          x2: right,
          y2: cy,
          stroke: series.color,
          'stroke-width': LINE_WIDTH.boundary,
          'stroke-dasharray': DASH[series.dash],
        }),
      );
    } else {
      parts.push(
        element('circle', {
          cx,
          cy,
          r: series.weight === 'thin' ? POINT_RADIUS * 0.7 : POINT_RADIUS,
          fill: series.color,
          stroke: 'none',
          ...(series.weight === 'thin' ? { 'fill-opacity': THIN_LINE.opacity } : {}),
        }),
      );
    }
    if (series.band) {
      const low = py(d.low[i] as number);
      const high = py(d.high[i] as number);
      if (!Number.isFinite(low) || !Number.isFinite(high)) return;
      const cap = series.draw === 'bars' ? Math.max(1.5, half / 2) : 2;
      const whisker = series.draw === 'bars' ? INK : series.color;
      const stroke = { stroke: whisker, 'stroke-width': LINE_WIDTH.axis };
      parts.push(element('line', { x1: cx, y1: low, x2: cx, y2: high, ...stroke }));
      parts.push(element('line', { x1: cx - cap, y1: low, x2: cx + cap, y2: low, ...stroke }));
      parts.push(element('line', { x1: cx - cap, y1: high, x2: cx + cap, y2: high, ...stroke }));
    }
  });
  return parts.join('');
}
