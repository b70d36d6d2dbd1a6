/**
 * Widths of text in the figure font, for laying out legends and labels. The metrics come from the
 * DejaVu Sans file itself (through pdfkit's font reader), so the layout matches what the SVG, PDF
 * and PNG draw, on every machine.
 */
import { fontFile } from './style';

let measurer: PDFKit.PDFDocument | null = null;
const cache = new Map<string, number>();

export function textWidth(text: string, size: number): number {
  const key = `${size}\u0000${text}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (!measurer) {
    // Loaded on first use: the CLI lists the figures without paying for pdfkit.
    const PDFDocument = require('pdfkit') as typeof import('pdfkit');
    measurer = new PDFDocument({ autoFirstPage: false });
    measurer.font(fontFile());
  }
  const width = measurer.fontSize(size).widthOfString(text);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, width);
  return width;
}
