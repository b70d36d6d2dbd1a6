/**
 * The one publication style every exported figure uses: font, sizes, line widths and colours are
 * chosen here and nowhere else, so a pack looks the same whichever figure or format it holds.
 * Lengths are in points (1/72 inch), the unit of both SVG user space here and PDF.
 */
import * as path from 'node:path';
import { MODALITY_COLOURS, modalityColour } from '../api/modality-colours';

export const FONT_FAMILY = 'DejaVu Sans';

/** The DejaVu Sans TTF shipped by the `dejavu-fonts-ttf` package (embedded in PDFs, loaded by resvg). */
export function fontFile(): string {
  return path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', 'DejaVuSans.ttf');
}

export const FONT_SIZE = {
  title: 9,
  panelTitle: 8,
  axisLabel: 8,
  tick: 7,
  legend: 7,
  annotation: 6.5,
} as const;

export const LINE_WIDTH = {
  series: 1.25,
  axis: 0.6,
  tick: 0.6,
  annotation: 0.8,
  boundary: 1.6,
} as const;

export const TICK_LENGTH = 3;

/** One seed's line inside a bundle: thin and faint, so the summary line drawn over it reads first. */
export const THIN_LINE = { width: 0.5, opacity: '0.35' } as const;
/** Dots of a points series, bars' fill opacity, and the half width of a bar in category steps. */
export const POINT_RADIUS = 1.6;
export const BAR_OPACITY = '0.75';
export const BAR_HALF_WIDTH = 0.3;
export const BAR_MAX_HALF_PT = 14;

/** The paper check's verdicts, and the three rates its regime maps show (Okabe-Ito colours). */
export const VERDICT_COLOURS = { pass: '#009E73', fail: '#D55E00', 'no data': '#7F7F7F' } as const;
export const MAP_RATE_COLOURS = { C1: '#0072B2', C2a: '#E69F00', C2b: '#CC79A7' } as const;

/** Okabe & Ito's colour-blind-safe palette, in the order modality 0, 1, 2, ... take it. */
export const OKABE_ITO = MODALITY_COLOURS;

export const INK = '#000000';
export const MUTED = '#7F7F7F';
export const BACKGROUND = '#FFFFFF';

/** Modality r always gets the same colour, in every figure, every pack and the app's charts. */
export const modalityColor = modalityColour;

/** The joint network, where a figure draws it apart from any modality. */
export const JOINT_COLOR = INK;

/** Solid = joint training, dashed = unimodal training; the rho line and other references are dotted grey. */
export const DASH = {
  solid: null,
  dashed: '4 2',
  reference: '2 2',
} as const;
export type DashName = keyof typeof DASH;

/** Figure sizes in inches: one journal column wide, panels added side by side or in rows. */
export const PANEL_SIZE_IN = { width: 3.4, height: 2.5 } as const;
export const MAX_PANEL_COLUMNS = 3;

/** Panels per row: all in one row up to three, four as 2 x 2, more in rows of three. */
export function panelColumns(panelCount: number): number {
  if (panelCount <= MAX_PANEL_COLUMNS) return Math.max(1, panelCount);
  return panelCount === 4 ? 2 : MAX_PANEL_COLUMNS;
}

/** Space around each panel's plot area, in points. */
export const PANEL_MARGIN = { left: 44, right: 10, top: 18, bottom: 32 } as const;
/** Top margin of a panel without a title of its own. */
export const PANEL_TOP_UNTITLED = 8;
export const TITLE_HEIGHT = 16;
export const LEGEND_ROW_HEIGHT = 11;
export const LEGEND_SWATCH = 14;
export const COLORBAR_WIDTH = 8;
export const COLORBAR_SPACE = 60;

/**
 * The sequential map for probabilities (viridis), the diverging one for signed values (purple to
 * green) and the outcome colours: the app's own, from one shared module.
 */
export { OUTCOME_COLOURS } from '../api/colour-scales';
