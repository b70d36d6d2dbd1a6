/**
 * Vertical markers at given x values (the step at which a modality's gamma crossed rho), drawn
 * over the plot area in the marker's colour and dash with a short label near the top (one row
 * per marker, on a white ground, so labels of nearby markers stay readable). A chart
 * passes its markers as `options.plugins.markers.list`; markers outside the visible x range
 * (after a zoom) are not drawn.
 */
import type { Chart, ChartType, Plugin } from 'chart.js';

export interface Marker {
  x: number;
  colour: string;
  dash: number[];
  label: string;
}

export interface MarkerOptions {
  list: Marker[];
}

export const markerPlugin: Plugin<'line', MarkerOptions> = {
  id: 'markers',
  defaults: { list: [] },
  afterDatasetsDraw(chart: Chart<'line'>, _args, options) {
    const { ctx, chartArea, scales } = chart;
    const x = scales.x;
    if (!x || !chartArea) return;
    ctx.save();
    ctx.font = '10px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    // Labels stack one per row from the top, so markers at nearby steps never overwrite each other.
    let row = 0;
    for (const marker of options.list ?? []) {
      if (marker.x < x.min || marker.x > x.max) continue;
      const px = x.getPixelForValue(marker.x);
      ctx.strokeStyle = marker.colour;
      ctx.fillStyle = marker.colour;
      ctx.lineWidth = 1.2;
      ctx.setLineDash(marker.dash);
      ctx.beginPath();
      ctx.moveTo(px, chartArea.top);
      ctx.lineTo(px, chartArea.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      const width = ctx.measureText(marker.label).width;
      // The label sits right of the line, or left of it near the right edge.
      const left = px + 3 + width > chartArea.right ? px - 3 - width : px + 3;
      ctx.fillStyle = 'rgba(255, 255, 255, 0.85)';
      ctx.fillRect(left - 1, chartArea.top + 2 + row * 12, width + 2, 11);
      ctx.fillStyle = marker.colour;
      ctx.fillText(marker.label, left, chartArea.top + 2 + row * 12);
      row++;
    }
    ctx.restore();
  },
};

declare module 'chart.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    markers?: MarkerOptions;
  }
}
