/** Axis lines, ticks, tick labels and axis titles of a panel's plot area, as SVG. */
import type { AxisSpec } from './chart-spec';
import type { Box } from './layout';
import { FONT_SIZE, INK, LINE_WIDTH, TICK_LENGTH } from './style';
import { element, num, textElement } from './svg-builder';
import { axisTitle, type ScaleMap } from './ticks';

export interface AxisDraw {
  axis: AxisSpec;
  scale: ScaleMap;
}

/** Draws the left and bottom axes of `plot` with numeric ticks. */
export function drawNumericAxes(plot: Box, x: AxisDraw, y: AxisDraw): string {
  const parts: string[] = [];
  const bottom = plot.y + plot.height;
  parts.push(
    element('path', {
      d: `M${num(plot.x)} ${num(plot.y)}V${num(bottom)}H${num(plot.x + plot.width)}`,
      fill: 'none',
      stroke: INK,
      'stroke-width': LINE_WIDTH.axis,
    }),
  );
  for (const tick of x.scale.ticks) {
    const px = plot.x + x.scale.unit(tick.value) * plot.width;
    parts.push(element('line', { x1: px, y1: bottom, x2: px, y2: bottom + TICK_LENGTH, stroke: INK, 'stroke-width': LINE_WIDTH.tick }));
    parts.push(
      textElement(tick.label, {
        x: px,
        y: bottom + TICK_LENGTH + FONT_SIZE.tick + 1,
        'font-size': FONT_SIZE.tick,
        'text-anchor': 'middle',
        fill: INK,
      }),
    );
  }
  for (const tick of y.scale.ticks) {
    const py = bottom - y.scale.unit(tick.value) * plot.height;
    parts.push(element('line', { x1: plot.x - TICK_LENGTH, y1: py, x2: plot.x, y2: py, stroke: INK, 'stroke-width': LINE_WIDTH.tick }));
    parts.push(
      textElement(tick.label, {
        x: plot.x - TICK_LENGTH - 2,
        y: py + FONT_SIZE.tick * 0.35,
        'font-size': FONT_SIZE.tick,
        'text-anchor': 'end',
        fill: INK,
      }),
    );
  }
  parts.push(drawAxisTitles(plot, x.axis, y.axis));
  return parts.join('');
}

/** The x title centred below the plot, the y title turned a quarter left of it. */
export function drawAxisTitles(plot: Box, x: AxisSpec, y: AxisSpec, yOffset = 34): string {
  const bottom = plot.y + plot.height;
  // A one-row heatmap has no y quantity: no empty title is drawn for it.
  const xTitle = textElement(axisTitle(x), {
    x: plot.x + plot.width / 2,
    y: bottom + TICK_LENGTH + FONT_SIZE.tick + FONT_SIZE.axisLabel + 5,
    'font-size': FONT_SIZE.axisLabel,
    'text-anchor': 'middle',
    fill: INK,
  });
  if (!y.label) return xTitle;
  const cx = plot.x - yOffset;
  const cy = plot.y + plot.height / 2;
  const yTitle = textElement(axisTitle(y), {
    x: cx,
    y: cy,
    transform: `rotate(-90 ${num(cx)} ${num(cy)})`,
    'font-size': FONT_SIZE.axisLabel,
    'text-anchor': 'middle',
    fill: INK,
  });
  return xTitle + yTitle;
}
