/** Registers only the chart.js parts the lab draws (keeps the bundle small), zoom and pan, and the calm defaults. */
import { Chart, Filler, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, Tooltip } from 'chart.js';
import zoomPlugin from 'chartjs-plugin-zoom';
import { markerPlugin } from './marker-plugin';

let done = false;

export function setupCharts(): typeof Chart {
  if (!done) {
    Chart.register(
      LineController,
      LineElement,
      PointElement,
      LinearScale,
      LogarithmicScale,
      Legend,
      Tooltip,
      Filler,
      zoomPlugin,
      markerPlugin,
    );
    Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
    Chart.defaults.font.size = 11;
    Chart.defaults.color = '#333';
    Chart.defaults.animation = false;
    done = true;
  }
  return Chart;
}
