import PDFDocument from 'pdfkit';

/**
 * The house layout of Blangkon's documents on top of pdfkit: A4 portrait, the letterhead (kop
 * surat) of the pemda and satker, a centred title with its number, label–value blocks, tables
 * whose header repeats on every page, totals, numbered conditions, signature blocks and a
 * footer with "Halaman x dari n". Only pdfkit's built-in Helvetica is used (no font files).
 */

const FONT = 'Helvetica';
const FONT_BOLD = 'Helvetica-Bold';
const FONT_ITALIC = 'Helvetica-Oblique';
const MARGIN = { top: 50, bottom: 56, left: 56, right: 50 };
const BODY_SIZE = 9.5;
const SMALL_SIZE = 8;
const LINE_GAP = 1.5;
const RULE_COLOR = '#000000';
const HEADER_FILL = '#e6e6e6';

/** Room the tax totals and the amount in words take under a table. */
export const TOTALS_HEIGHT = 110;

export interface TableColumn {
  header: string;
  width: number;
  align?: 'left' | 'right' | 'center';
}

export interface SignatureBlock {
  /** Lines above the signature space, e.g. "Pejabat Pembuat Komitmen". */
  caption: string[];
  /** Printed under the signature space; null leaves a dotted line to fill in. */
  name: string | null;
  /** Line under the name, e.g. "NIP. ....................". */
  subline?: string;
}

/** Characters pdfkit's standard fonts can draw (WinAnsi); anything else becomes its base letter or "?". */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const char of text.normalize('NFC')) {
    if (isWinAnsi(char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    out += [...base].every(isWinAnsi) && base.length > 0 ? base : '?';
  }
  return out;
}

const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
function isWinAnsi(char: string): boolean {
  const code = char.codePointAt(0)!;
  if (code === 0x0a) return true;
  if (code >= 0x20 && code <= 0x7e) return true;
  if (code >= 0xa0 && code <= 0xff) return true;
  return WIN_ANSI_EXTRA.has(char);
}

export class DocumentLayout {
  readonly doc: PDFKit.PDFDocument;
  private readonly chunks: Buffer[] = [];
  private readonly finished: Promise<Buffer>;

  constructor(private readonly meta: { title: string; number: string; subject: string }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margins: MARGIN,
      bufferPages: true,
      info: {
        Title: `${meta.title} ${meta.number}`,
        Author: 'Blangkon Jateng',
        Subject: meta.subject,
        Creator: 'Blangkon Jateng',
      },
    });
    this.doc.on('data', (chunk: Buffer) => this.chunks.push(chunk));
    this.finished = new Promise((resolve, reject) => {
      this.doc.on('end', () => resolve(Buffer.concat(this.chunks)));
      this.doc.on('error', reject);
    });
    this.doc.font(FONT).fontSize(BODY_SIZE).fillColor('#000000');
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page when fewer than `height` points are left on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) this.doc.addPage();
  }

  gap(points = 8): void {
    this.doc.y += points;
  }

  /** Letterhead: government, work unit, its address, and the double rule under it. */
  letterhead(lines: { government: string; unit: string; address: string | null }): void {
    const { doc } = this;
    doc.x = this.left;
    doc.font(FONT_BOLD).fontSize(13).text(toWinAnsi(lines.government.toUpperCase()), this.left, doc.y, {
      width: this.width,
      align: 'center',
    });
    doc
      .font(FONT_BOLD)
      .fontSize(11.5)
      .text(toWinAnsi(lines.unit.toUpperCase()), { width: this.width, align: 'center' });
    if (lines.address) {
      doc
        .font(FONT)
        .fontSize(SMALL_SIZE + 0.5)
        .text(toWinAnsi(lines.address), { width: this.width, align: 'center' });
    }
    const y = doc.y + 5;
    doc
      .save()
      .lineWidth(2)
      .strokeColor(RULE_COLOR)
      .moveTo(this.left, y)
      .lineTo(this.left + this.width, y)
      .stroke();
    doc
      .lineWidth(0.6)
      .moveTo(this.left, y + 3)
      .lineTo(this.left + this.width, y + 3)
      .stroke()
      .restore();
    doc.y = y + 16;
    doc.font(FONT).fontSize(BODY_SIZE);
  }

  /** The document's title, underlined, with its number (and other lines) under it. */
  title(title: string, lines: string[]): void {
    const { doc } = this;
    doc.font(FONT_BOLD).fontSize(13);
    const titleText = toWinAnsi(title.toUpperCase());
    doc.text(titleText, this.left, doc.y, { width: this.width, align: 'center', underline: true });
    doc.font(FONT).fontSize(BODY_SIZE + 0.5);
    for (const line of lines) doc.text(toWinAnsi(line), { width: this.width, align: 'center' });
    doc.y += 10;
    doc.font(FONT).fontSize(BODY_SIZE);
  }

  /** A red notice under the title, for documents of orders that were cancelled or rejected. */
  notice(text: string): void {
    const { doc } = this;
    doc.font(FONT_BOLD).fontSize(BODY_SIZE).fillColor('#b00020');
    doc.text(toWinAnsi(text), this.left, doc.y, { width: this.width, align: 'center' });
    doc.fillColor('#000000').font(FONT);
    doc.y += 8;
  }

  heading(text: string): void {
    this.ensureSpace(40);
    const { doc } = this;
    doc
      .font(FONT_BOLD)
      .fontSize(BODY_SIZE + 0.5)
      .text(toWinAnsi(text), this.left, doc.y, { width: this.width });
    doc.font(FONT).fontSize(BODY_SIZE);
    doc.y += 3;
  }

  paragraph(text: string, options: { italic?: boolean; bold?: boolean; size?: number } = {}): void {
    const { doc } = this;
    doc
      .font(options.bold ? FONT_BOLD : options.italic ? FONT_ITALIC : FONT)
      .fontSize(options.size ?? BODY_SIZE);
    const value = toWinAnsi(text);
    this.ensureSpace(Math.min(doc.heightOfString(value, { width: this.width, lineGap: LINE_GAP }), 60));
    doc.text(value, this.left, doc.y, { width: this.width, align: 'justify', lineGap: LINE_GAP });
    doc.font(FONT).fontSize(BODY_SIZE);
    doc.y += 4;
  }

  /** Label : value rows, values wrapping in their own column. */
  fields(rows: Array<[string, string]>, options: { labelWidth?: number; indent?: number } = {}): void {
    const { doc } = this;
    const indent = options.indent ?? 0;
    const labelWidth = options.labelWidth ?? 130;
    const x = this.left + indent;
    const valueX = x + labelWidth + 10;
    const valueWidth = this.left + this.width - valueX;
    doc.font(FONT).fontSize(BODY_SIZE);
    for (const [label, raw] of rows) {
      const value = toWinAnsi(raw);
      const height = Math.max(
        doc.heightOfString(value, { width: valueWidth, lineGap: LINE_GAP }),
        doc.heightOfString(label, { width: labelWidth, lineGap: LINE_GAP }),
      );
      this.ensureSpace(height);
      const y = doc.y;
      doc.text(toWinAnsi(label), x, y, { width: labelWidth, lineGap: LINE_GAP });
      doc.text(':', x + labelWidth + 2, y, { width: 8, lineGap: LINE_GAP });
      doc.text(value, valueX, y, { width: valueWidth, lineGap: LINE_GAP });
      doc.y = y + height + 1;
    }
    doc.x = this.left;
    doc.y += 4;
  }

  /**
   * A ruled table; a row that does not fit starts a new page, which repeats the header row.
   * Widths are in points and should add up to the content width. `keepWithLastRow` is the
   * height of what follows (the totals), so the last row moves with it to the next page.
   */
  table(columns: TableColumn[], rows: string[][], options: { keepWithLastRow?: number } = {}): void {
    const { doc } = this;
    const padding = 3.5;
    const size = SMALL_SIZE + 0.5;
    const measure = (cells: string[], font: string) => {
      doc.font(font).fontSize(size);
      return (
        Math.max(
          ...cells.map((cell, index) =>
            doc.heightOfString(cell, { width: columns[index]!.width - 2 * padding, lineGap: 0.5 }),
          ),
        ) +
        2 * padding
      );
    };
    const headers = columns.map((column) => toWinAnsi(column.header));
    const headerHeight = measure(headers, FONT_BOLD);
    const drawRow = (cells: string[], height: number, header: boolean) => {
      const y = doc.y;
      let x = this.left;
      doc.save().lineWidth(0.5).strokeColor(RULE_COLOR);
      if (header) doc.rect(this.left, y, this.width, height).fillAndStroke(HEADER_FILL, RULE_COLOR);
      doc.restore();
      doc
        .fillColor('#000000')
        .font(header ? FONT_BOLD : FONT)
        .fontSize(size);
      for (const [index, column] of columns.entries()) {
        doc.save().lineWidth(0.5).strokeColor(RULE_COLOR).rect(x, y, column.width, height).stroke().restore();
        doc.text(cells[index] ?? '', x + padding, y + padding, {
          width: column.width - 2 * padding,
          align: header ? 'center' : (column.align ?? 'left'),
          lineGap: 0.5,
        });
        x += column.width;
      }
      doc.x = this.left;
      doc.y = y + height;
    };
    // Keep the header with at least its first row.
    this.ensureSpace(headerHeight + measure((rows[0] ?? headers).map(toWinAnsi), FONT));
    drawRow(headers, headerHeight, true);
    for (const [index, raw] of rows.entries()) {
      const cells = raw.map(toWinAnsi);
      const height = measure(cells, FONT);
      // The last row carries what must follow it on the same page (the totals), never alone.
      const keep = index === rows.length - 1 && index > 0 ? (options.keepWithLastRow ?? 0) : 0;
      if (doc.y + height + keep > this.bottom) {
        doc.addPage();
        drawRow(headers, headerHeight, true);
      }
      drawRow(cells, height, false);
    }
    doc.font(FONT).fontSize(BODY_SIZE);
    doc.y += 6;
  }

  /** Right-aligned label/amount rows under a table; `strong` rows are bold with a rule above. */
  totals(rows: Array<{ label: string; value: string; strong?: boolean; note?: boolean }>): void {
    const { doc } = this;
    const valueWidth = 100;
    const labelWidth = 330;
    const valueX = this.left + this.width - valueWidth;
    const labelX = valueX - labelWidth - 8;
    this.ensureSpace(rows.length * 14 + 10);
    for (const row of rows) {
      const y = doc.y;
      if (row.strong) {
        doc
          .save()
          .lineWidth(0.6)
          .moveTo(labelX, y - 1)
          .lineTo(this.left + this.width, y - 1)
          .stroke()
          .restore();
        doc.y += 2;
      }
      const font = row.strong ? FONT_BOLD : row.note ? FONT_ITALIC : FONT;
      const rowY = doc.y;
      doc.font(font).fontSize(row.note ? SMALL_SIZE : BODY_SIZE);
      doc.text(toWinAnsi(row.label), labelX, rowY, { width: labelWidth, align: 'right' });
      const labelBottom = doc.y;
      doc.text(toWinAnsi(row.value), valueX, rowY, { width: valueWidth, align: 'right' });
      doc.y = Math.max(labelBottom, doc.y) + 2;
    }
    doc.x = this.left;
    doc.font(FONT).fontSize(BODY_SIZE);
    doc.y += 4;
  }

  /** A boxed "Terbilang: …" line under the totals. */
  amountInWords(label: string, words: string): void {
    const { doc } = this;
    const text = toWinAnsi(words);
    doc.font(FONT_ITALIC).fontSize(BODY_SIZE);
    const labelWidth = 60;
    const height = doc.heightOfString(text, { width: this.width - labelWidth - 12 }) + 10;
    this.ensureSpace(height + 6);
    const y = doc.y;
    doc.save().lineWidth(0.5).rect(this.left, y, this.width, height).stroke().restore();
    doc.font(FONT_BOLD).text(toWinAnsi(label), this.left + 5, y + 5, { width: labelWidth });
    doc
      .font(FONT_ITALIC)
      .text(text, this.left + labelWidth + 6, y + 5, { width: this.width - labelWidth - 12 });
    doc.font(FONT).fontSize(BODY_SIZE);
    doc.x = this.left;
    doc.y = y + height + 10;
  }

  numberedList(items: string[]): void {
    const { doc } = this;
    doc.font(FONT).fontSize(SMALL_SIZE + 0.5);
    const indent = 16;
    for (const [index, raw] of items.entries()) {
      const text = toWinAnsi(raw);
      const height = doc.heightOfString(text, { width: this.width - indent, lineGap: 1 });
      this.ensureSpace(height);
      const y = doc.y;
      doc.text(`${index + 1}.`, this.left, y, { width: indent });
      doc.text(text, this.left + indent, y, { width: this.width - indent, align: 'justify', lineGap: 1 });
      doc.y = y + height + 2;
    }
    doc.x = this.left;
    doc.font(FONT).fontSize(BODY_SIZE);
    doc.y += 6;
  }

  /**
   * Signature blocks side by side with space to sign, kept on one page together with `lead`
   * (the closing sentence), so a signature never stands alone on a page.
   */
  signatures(blocks: SignatureBlock[], place: string | null, lead?: string): void {
    const { doc } = this;
    const columnWidth = this.width / blocks.length;
    const innerWidth = columnWidth - 8;
    const signSpace = 46;
    doc.font(FONT_BOLD).fontSize(BODY_SIZE);
    const captionHeight = Math.max(
      ...blocks.map((block) =>
        block.caption.reduce(
          (sum, line) => sum + doc.heightOfString(toWinAnsi(line) || ' ', { width: innerWidth }),
          0,
        ),
      ),
    );
    const leadText = lead ? toWinAnsi(lead) : null;
    doc.font(FONT).fontSize(BODY_SIZE);
    const leadHeight = leadText
      ? doc.heightOfString(leadText, { width: this.width, lineGap: LINE_GAP }) + 10
      : 0;
    this.ensureSpace(leadHeight + (place ? 13 : 0) + captionHeight + signSpace + 28);
    if (leadText) {
      doc.text(leadText, this.left, doc.y, { width: this.width, align: 'justify', lineGap: LINE_GAP });
      doc.y += 10;
    }
    if (place) {
      const last = blocks.length - 1;
      doc
        .font(FONT)
        .fontSize(BODY_SIZE)
        .text(toWinAnsi(place), this.left + last * columnWidth, doc.y, {
          width: columnWidth,
          align: 'center',
        });
    }
    const top = doc.y;
    let bottom = top;
    for (const [index, block] of blocks.entries()) {
      const x = this.left + index * columnWidth + 4;
      doc.font(FONT_BOLD).fontSize(BODY_SIZE);
      let y = top;
      for (const line of block.caption) {
        doc.text(toWinAnsi(line) || ' ', x, y, { width: innerWidth, align: 'center' });
        y = doc.y;
      }
      y = top + captionHeight + signSpace;
      doc
        .font(FONT_BOLD)
        .text(toWinAnsi(block.name ?? '(..........................................)'), x, y, {
          width: innerWidth,
          align: 'center',
          underline: block.name !== null,
        });
      if (block.subline) {
        doc
          .font(FONT)
          .fontSize(SMALL_SIZE + 0.5)
          .text(toWinAnsi(block.subline), x, doc.y + 1, {
            width: innerWidth,
            align: 'center',
          });
      }
      bottom = Math.max(bottom, doc.y);
    }
    doc.x = this.left;
    doc.font(FONT).fontSize(BODY_SIZE);
    doc.y = bottom + 10;
  }

  /** Adds the running header of continuation pages and the footer of every page, then ends the PDF. */
  async finish(footerNote: string): Promise<Buffer> {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    for (let index = range.start; index < range.start + range.count; index++) {
      doc.switchToPage(index);
      // Drawing in the margins must not trigger pdfkit's automatic page break.
      const margins = { ...doc.page.margins };
      doc.page.margins = { top: 0, bottom: 0, left: margins.left, right: margins.right };
      const width = doc.page.width - margins.left - margins.right;
      doc
        .font(FONT)
        .fontSize(SMALL_SIZE - 0.5)
        .fillColor('#444444');
      if (index > range.start) {
        doc.text(toWinAnsi(`${this.meta.title} Nomor ${this.meta.number} (lanjutan)`), margins.left, 28, {
          width,
          align: 'right',
          lineBreak: false,
        });
      }
      const footerY = doc.page.height - margins.bottom + 16;
      doc.save().lineWidth(0.4).strokeColor('#888888');
      doc
        .moveTo(margins.left, footerY - 5)
        .lineTo(margins.left + width, footerY - 5)
        .stroke()
        .restore();
      doc.text(toWinAnsi(footerNote), margins.left, footerY, { width: width - 90, lineBreak: false });
      doc.text(`Halaman ${index - range.start + 1} dari ${range.count}`, margins.left + width - 90, footerY, {
        width: 90,
        align: 'right',
        lineBreak: false,
      });
      doc.fillColor('#000000');
      doc.page.margins = margins;
    }
    doc.end();
    return this.finished;
  }
}
