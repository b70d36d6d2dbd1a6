/**
 * SVG -> PNG with resvg at a chosen DPI. The pixel size is the figure size in inches times the
 * DPI; only the DejaVu Sans file is loaded (no system fonts), so the pixels do not depend on the
 * machine.
 */
import { Resvg } from '@resvg/resvg-js';
import { FONT_FAMILY, fontFile } from './style';

export function pngPixels(size: { widthIn: number; heightIn: number }, dpi: number): { width: number; height: number } {
  return { width: Math.round(size.widthIn * dpi), height: Math.round(size.heightIn * dpi) };
}

/** `svg` must state the pixel size as its width and height (renderSvg's `pixels` option). */
export function renderPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { fontFiles: [fontFile()], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY },
    fitTo: { mode: 'original' },
    background: '#FFFFFF',
  });
  return resvg.render().asPng();
}
