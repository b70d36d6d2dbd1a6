/**
 * SVG -> vector PDF (pdfkit + svg-to-pdfkit) with DejaVu Sans embedded. The document's dates are
 * fixed, so the same figure always gives the same bytes.
 */
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import { FONT_FAMILY, fontFile } from './style';
import { PT_PER_IN } from './layout';

/** A fixed date for the PDF's info dictionary (the export time lives in the pack's manifest). */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1, 0, 0, 0));

export function renderPdf(svg: string, size: { widthIn: number; heightIn: number }, title: string): Promise<Buffer> {
  const width = size.widthIn * PT_PER_IN;
  const height = size.heightIn * PT_PER_IN;
  return new Promise<Buffer>((resolve, reject) => {
    const doc = new PDFDocument({
      size: [width, height],
      margin: 0,
      info: {
        Title: title,
        Creator: 'Modality Competition Lab',
        Producer: 'Modality Competition Lab',
        CreationDate: FIXED_DATE,
        ModDate: FIXED_DATE,
      },
    });
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      doc.registerFont(FONT_FAMILY, fontFile());
      const warnings: string[] = [];
      SVGtoPDF(doc, svg, 0, 0, { width, height, fontCallback: () => FONT_FAMILY, warningCallback: (m) => warnings.push(m) });
      if (warnings.length) throw new Error(`the figure's SVG could not be converted to PDF: ${warnings[0]}`);
      doc.end();
    } catch (err) {
      reject(err);
    }
  });
}
