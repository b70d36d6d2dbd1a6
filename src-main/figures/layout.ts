/**
 * Where everything goes on the page, computed from the spec alone: panel boxes in a grid, the title
 * above them, the legend below them in rows. The builders use it to state a figure's size; the
 * renderer uses it to draw, so both always agree.
 */
import type { ChartSpec, LegendEntry } from './chart-spec';
import { FONT_SIZE, LEGEND_ROW_HEIGHT, LEGEND_SWATCH, PANEL_SIZE_IN, TITLE_HEIGHT } from './style';
import { textWidth } from './text-metrics';

export const PT_PER_IN = 72;
const LEGEND_GAP = 10;
const LEGEND_PAD = 6;

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedLegendEntry {
  entry: LegendEntry;
  x: number;
  y: number;
}

export interface ChartLayout {
  width: number;
  height: number;
  panels: Box[];
  legend: PlacedLegendEntry[];
}

function gridShape(panelCount: number, columns: number): { columns: number; rows: number } {
  const cols = Math.max(1, Math.min(columns, panelCount));
  return { columns: cols, rows: Math.max(1, Math.ceil(panelCount / cols)) };
}

function placeLegend(entries: LegendEntry[], width: number, top: number): { placed: PlacedLegendEntry[]; height: number } {
  const placed: PlacedLegendEntry[] = [];
  let x = LEGEND_PAD;
  let row = 0;
  for (const entry of entries) {
    const text = entry.swatch === 'text';
    const w = (text ? 0 : LEGEND_SWATCH + 3) + textWidth(entry.label, FONT_SIZE.legend);
    // A line of text takes a row of its own.
    if (x > LEGEND_PAD && (text || x + w > width - LEGEND_PAD)) {
      row++;
      x = LEGEND_PAD;
    }
    placed.push({ entry, x, y: top + LEGEND_PAD + row * LEGEND_ROW_HEIGHT + LEGEND_ROW_HEIGHT / 2 });
    x += text ? width : w + LEGEND_GAP;
  }
  const height = entries.length === 0 ? 0 : (row + 1) * LEGEND_ROW_HEIGHT + 2 * LEGEND_PAD;
  return { placed, height };
}

/** A figure's size in inches (hundredths, rounded up) for this many panels and legend entries. */
export function chartSizeIn(panelCount: number, columns: number, legend: LegendEntry[]): { widthIn: number; heightIn: number } {
  const shape = gridShape(panelCount, columns);
  const widthIn = Math.round(shape.columns * PANEL_SIZE_IN.width * 100) / 100;
  const width = widthIn * PT_PER_IN;
  const legendHeight = placeLegend(legend, width, 0).height;
  const height = TITLE_HEIGHT + shape.rows * PANEL_SIZE_IN.height * PT_PER_IN + legendHeight;
  return { widthIn, heightIn: Math.ceil((height / PT_PER_IN) * 100 - 1e-9) / 100 };
}

export function layoutChart(spec: ChartSpec): ChartLayout {
  const width = spec.size.widthIn * PT_PER_IN;
  const height = spec.size.heightIn * PT_PER_IN;
  const shape = gridShape(spec.panels.length, spec.columns);
  const panelWidth = width / shape.columns;
  const panelHeight = PANEL_SIZE_IN.height * PT_PER_IN;
  const panels = spec.panels.map((_, i) => ({
    x: (i % shape.columns) * panelWidth,
    y: TITLE_HEIGHT + Math.floor(i / shape.columns) * panelHeight,
    width: panelWidth,
    height: panelHeight,
  }));
  const legend = placeLegend(spec.legend, width, TITLE_HEIGHT + shape.rows * panelHeight).placed;
  return { width, height, panels, legend };
}
