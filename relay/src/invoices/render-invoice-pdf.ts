// pdfkit: well kept (a decade of releases, used widely), pure JavaScript, and its 14 standard
// PDF fonts (Helvetica here) need no font file and nothing downloaded: the relay makes an
// invoice's PDF offline, the same bytes every time for the same invoice.
import PDFDocument from 'pdfkit';
import { invoiceDocument, type InvoiceDocument, type InvoiceDocumentRow, type InvoicePdfInput, addressLines } from './invoice-document';

/**
 * An invoice as a PDF (issue 14 §2), line for line what the consoles' drafts hold: the
 * business's name or logo and address, "Invoice" and its number on every page, the dates,
 * whom it is billed to, a table of the lines (its header repeated on each page), the totals,
 * and PAID / VOID / DRAFT across a settled, voided or unissued invoice. Deterministic: its
 * creation date is the invoice's issue date, so the same invoice gives the same bytes.
 *
 * The standard fonts write Western European text (WinAnsi): a name in another script shows
 * as pdfkit's stand-in characters.
 */
export function renderInvoicePdf(input: InvoicePdfInput): Promise<Buffer> {
  const doc = invoiceDocument(input);
  // Letter where invoices are mostly printed on it, A4 elsewhere.
  const size = ['USD', 'CAD', 'MXN'].includes(input.invoice.currency.toUpperCase()) ? 'LETTER' : 'A4';
  const pdf = new PDFDocument({
    size,
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    info: { Title: doc.title, Author: input.business.name, Subject: `${doc.title} for ${input.customer.name}`, Creator: 'Ringside', Producer: 'Ringside', CreationDate: doc.createdAt },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  draw(pdf, doc, input);
  pdf.end();
  return done;
}

const MARGIN = 50;
const FOOTER = 30;
const GREY = '#555555';
const RULE = '#bbbbbb';
const BODY = 9;

interface Column {
  key: keyof Omit<InvoiceDocumentRow, 'taxRate'>;
  label: string;
  /** Share of the table's width. */
  share: number;
  align: 'left' | 'right';
}

const COLUMNS: Column[] = [
  { key: 'description', label: 'Description', share: 0.39, align: 'left' },
  { key: 'quantity', label: 'Qty', share: 0.08, align: 'right' },
  { key: 'unit', label: 'Unit', share: 0.09, align: 'left' },
  { key: 'unitPrice', label: 'Unit price', share: 0.14, align: 'right' },
  { key: 'amount', label: 'Amount', share: 0.15, align: 'right' },
  { key: 'tax', label: 'Tax', share: 0.15, align: 'right' },
];
const CELL_GAP = 6;

function draw(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, input: InvoicePdfInput): void {
  const left = MARGIN;
  const width = pdf.page.width - 2 * MARGIN;
  const bottom = () => pdf.page.height - MARGIN - FOOTER;
  const columns = placeColumns(left, width);

  let y = header(pdf, doc, input, left, width);
  y = firstPageFacts(pdf, doc, left, width, y);
  y = tableHeader(pdf, columns, y);
  for (const row of doc.rows) {
    const height = rowHeight(pdf, columns, row);
    if (y + height > bottom()) {
      pdf.addPage();
      y = tableHeader(pdf, columns, header(pdf, doc, input, left, width));
    }
    drawRow(pdf, columns, row, y);
    y += height;
    pdf.moveTo(left, y - 5).lineTo(left + width, y - 5).lineWidth(0.3).strokeColor(RULE).stroke();
  }
  const totalsHeight = doc.totals.length * 16 + 10;
  if (y + totalsHeight > bottom()) {
    pdf.addPage();
    y = header(pdf, doc, input, left, width);
  }
  totals(pdf, doc, left, width, y + 6);
  stampAndNumberPages(pdf, doc, left, width);
}

/** The business (logo or name, then its address) at the left, "Invoice" and the number at the right; answers where the page goes on. */
function header(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, input: InvoicePdfInput, left: number, width: number): number {
  const top = MARGIN;
  let y = top;
  const logo = input.business.logo;
  if (logo && logo.length > 0 && isPngOrJpeg(logo)) {
    try {
      pdf.image(Buffer.from(logo), left, y, { fit: [160, 48] });
      y += 54;
    } catch {
      // A damaged image: the name alone, as without a logo.
    }
  }
  pdf.font('Helvetica-Bold').fontSize(y === top ? 16 : 11).fillColor('black').text(input.business.name, left, y, { width: width * 0.55 });
  y = pdf.y + 2;
  pdf.font('Helvetica').fontSize(BODY).fillColor(GREY);
  for (const line of addressLines(input.business.address)) {
    pdf.text(line, left, y, { width: width * 0.55 });
    y = pdf.y;
  }
  pdf.font('Helvetica-Bold').fontSize(22).fillColor('black').text('Invoice', left + width * 0.55, top, { width: width * 0.45, align: 'right' });
  pdf.font('Helvetica').fontSize(11).text(doc.number, left + width * 0.55, pdf.y + 2, { width: width * 0.45, align: 'right' });
  const end = Math.max(y, pdf.y) + 14;
  pdf.moveTo(left, end - 6).lineTo(left + width, end - 6).lineWidth(0.6).strokeColor(RULE).stroke();
  return end;
}

/** Bill to at the left, the dates and status at the right (the first page only). */
function firstPageFacts(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, left: number, width: number, top: number): number {
  pdf.font('Helvetica-Bold').fontSize(BODY).fillColor(GREY).text('BILL TO', left, top, { width: width * 0.5 });
  pdf.font('Helvetica').fontSize(10).fillColor('black');
  let y = pdf.y + 2;
  for (const line of doc.billTo) {
    pdf.text(line, left, y, { width: width * 0.5 });
    y = pdf.y;
  }
  const labelX = left + width * 0.55;
  const valueX = left + width * 0.67;
  let factsY = top;
  for (const [label, value] of doc.facts) {
    pdf.font('Helvetica-Bold').fontSize(BODY).fillColor(GREY).text(label, labelX, factsY, { width: valueX - labelX - 4 });
    pdf.font('Helvetica').fontSize(BODY).fillColor('black').text(value, valueX, factsY, { width: left + width - valueX });
    factsY = Math.max(pdf.y, factsY + 13);
  }
  return Math.max(y, factsY) + 18;
}

interface PlacedColumn extends Column {
  x: number;
  width: number;
}

function placeColumns(left: number, width: number): PlacedColumn[] {
  let x = left;
  return COLUMNS.map((c) => {
    const placed = { ...c, x, width: c.share * width };
    x += placed.width;
    return placed;
  });
}

function tableHeader(pdf: PDFKit.PDFDocument, columns: PlacedColumn[], top: number): number {
  pdf.font('Helvetica-Bold').fontSize(BODY).fillColor(GREY);
  for (const c of columns) pdf.text(c.label, c.x, top, { width: c.width - CELL_GAP, align: c.align, lineBreak: false });
  const end = top + 14;
  pdf.moveTo(columns[0]!.x, end - 3).lineTo(columns.at(-1)!.x + columns.at(-1)!.width, end - 3).lineWidth(0.6).strokeColor(RULE).stroke();
  return end + 3;
}

function rowHeight(pdf: PDFKit.PDFDocument, columns: PlacedColumn[], row: InvoiceDocumentRow): number {
  pdf.font('Helvetica').fontSize(BODY);
  const description = pdf.heightOfString(row.description, { width: columns[0]!.width - CELL_GAP });
  const tax = row.taxRate === null ? BODY + 2 : 2 * (BODY + 2);
  return Math.max(description, tax) + 8;
}

function drawRow(pdf: PDFKit.PDFDocument, columns: PlacedColumn[], row: InvoiceDocumentRow, top: number): void {
  pdf.font('Helvetica').fontSize(BODY).fillColor('black');
  for (const c of columns) pdf.text(row[c.key], c.x, top, { width: c.width - CELL_GAP, align: c.align });
  if (row.taxRate !== null) {
    const tax = columns.at(-1)!;
    pdf.fontSize(BODY - 1).fillColor(GREY).text(row.taxRate, tax.x, top + BODY + 2, { width: tax.width - CELL_GAP, align: 'right' });
  }
}

function totals(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, left: number, width: number, top: number): void {
  const labelX = left + width * 0.55;
  const labelWidth = width * 0.25;
  const valueX = labelX + labelWidth;
  const valueWidth = left + width - valueX - CELL_GAP;
  let y = top;
  doc.totals.forEach(([label, value], i) => {
    const last = i === doc.totals.length - 1;
    const strong = last || label === 'Total';
    if (last) {
      y += 4;
      pdf.moveTo(labelX, y - 4).lineTo(left + width, y - 4).lineWidth(0.6).strokeColor(RULE).stroke();
    }
    pdf.font(strong ? 'Helvetica-Bold' : 'Helvetica').fontSize(last ? 11 : 10).fillColor('black');
    pdf.text(label, labelX, y, { width: labelWidth });
    pdf.text(value, valueX, y, { width: valueWidth, align: 'right' });
    y += 16;
  });
}

/** "Page 1 of 3" at the foot of every page, and the stamp across each page of a settled or unissued invoice. */
function stampAndNumberPages(pdf: PDFKit.PDFDocument, doc: InvoiceDocument, left: number, width: number): void {
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // Writing inside the bottom margin would start a new page: the margin is lifted while the footer is written.
    const margin = pdf.page.margins.bottom;
    pdf.page.margins.bottom = 0;
    pdf.font('Helvetica').fontSize(8).fillColor(GREY).text(`${doc.title} · Page ${i - range.start + 1} of ${range.count}`, left, pdf.page.height - MARGIN - 10, { width, align: 'center', lineBreak: false });
    if (doc.stamp !== null) {
      pdf.save();
      pdf.rotate(-30, { origin: [pdf.page.width / 2, pdf.page.height / 2] });
      pdf.font('Helvetica-Bold').fontSize(110).fillColor(doc.stamp === 'PAID' ? '#1a7f37' : '#b42318').fillOpacity(0.12);
      pdf.text(doc.stamp, 0, pdf.page.height / 2 - 55, { width: pdf.page.width, align: 'center', lineBreak: false });
      pdf.restore();
    }
    pdf.page.margins.bottom = margin;
  }
}

function isPngOrJpeg(bytes: Uint8Array): boolean {
  const png = bytes.length > 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47;
  const jpeg = bytes.length > 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
  return png || jpeg;
}
