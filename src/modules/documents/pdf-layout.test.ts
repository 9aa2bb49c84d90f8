import { describe, expect, it } from 'vitest';
import { extractPdfPages } from '../../testing/pdf-text';
import { DocumentLayout, toWinAnsi } from './pdf-layout';

describe('document layout', () => {
  it('keeps what Helvetica can draw and replaces what it cannot (no garbage glyphs from partner names)', () => {
    expect(toWinAnsi('Kertas “HVS” – A4 80 g/m², café')).toBe('Kertas “HVS” – A4 80 g/m², café');
    expect(toWinAnsi('Pipa PVC ½ inci')).toBe('Pipa PVC ½ inci');
    // Letters outside WinAnsi fall back to their base letter; anything else becomes "?".
    expect(toWinAnsi('Ŝabun ǅ')).toBe('Sabun Dz');
    expect(toWinAnsi('Teh 🍵 中文')).toBe('Teh ? ??');
  });

  it('renders a PDF whose text can be extracted, with a page footer', async () => {
    const layout = new DocumentLayout({ title: 'Surat Pesanan', number: 'BLK-1', subject: 'uji' });
    layout.title('Surat Pesanan', ['Nomor: BLK-1']);
    layout.table(
      [
        { header: 'No', width: 40 },
        { header: 'Nama', width: 449.28 },
      ],
      [['1', 'Teh 🍵 hijau']],
    );
    const pdf = await layout.finish('BLK-1');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const [text] = await extractPdfPages(pdf);
    expect(text).toContain('Teh ? hijau');
    expect(text).toContain('Halaman 1 dari 1');
  });
});
