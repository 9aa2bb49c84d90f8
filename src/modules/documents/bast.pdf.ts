import { formatRupiah } from '../../shared/money';
import { formatDateWib, WIB_TIME_ZONE } from '../../shared/time';
import {
  capitalise,
  cityOf,
  documentFooter,
  governmentFields,
  officialSubline,
  printLetterhead,
  printTaxTotals,
  sellerFields,
} from './document-parts';
import type { OrderDocumentData } from './order-documents.service';
import { DocumentLayout, type TableColumn, TOTALS_HEIGHT } from './pdf-layout';
import { terbilang, terbilangRupiah } from './terbilang';

const columns: TableColumn[] = [
  { header: 'No', width: 22, align: 'center' },
  { header: 'Nama barang/jasa', width: 124 },
  { header: 'Jumlah dipesan', width: 44, align: 'right' },
  { header: 'Jumlah diterima', width: 44, align: 'right' },
  { header: 'Satuan', width: 40, align: 'center' },
  { header: 'Harga satuan', width: 66, align: 'right' },
  { header: 'Jumlah harga diterima', width: 72, align: 'right' },
  { header: 'Catatan', width: 77.28 },
];

const wibParts = new Intl.DateTimeFormat('id-ID', {
  timeZone: WIB_TIME_ZONE,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});

/** "Minggu tanggal dua puluh sembilan bulan November tahun dua ribu dua puluh enam (29-11-2026)". */
function spelledDate(value: string): string {
  const parts = Object.fromEntries(
    wibParts.formatToParts(new Date(value)).map((part) => [part.type, part.value]),
  );
  const day = Number(parts.day);
  const year = Number(parts.year);
  const numeric = new Intl.DateTimeFormat('id-ID', {
    timeZone: WIB_TIME_ZONE,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  })
    .format(new Date(value))
    .replace(/\//g, '-');
  return `${parts.weekday} tanggal ${terbilang(day)} bulan ${parts.month} tahun ${terbilang(year)} (${numeric})`;
}

/** The BAST (berita acara serah terima) of a received order as a PDF (A4). Check `assertBastAvailable` first. */
export async function renderBast(data: OrderDocumentData): Promise<Buffer> {
  const { order, fulfilment } = data;
  const bastNumber = fulfilment.bastNumber!;
  const signedAt = data.receivedAt ?? fulfilment.receipt?.receivedAt ?? order.orderedAt;
  const ppk = data.receivingPpk ?? data.ppk;
  const lineNotes = new Map((fulfilment.receipt?.lines ?? []).map((line) => [line.lineNo, line.note]));
  const layout = new DocumentLayout({
    title: 'Berita Acara Serah Terima',
    number: bastNumber,
    subject: `BAST ${bastNumber} atas Surat Pesanan ${order.number}`,
  });
  printLetterhead(layout, data);
  layout.title('Berita Acara Serah Terima Barang/Jasa', [
    `Nomor: ${bastNumber}`,
    `Atas Surat Pesanan Nomor ${order.number} tanggal ${formatDateWib(data.sentAt ?? order.orderedAt)}`,
  ]);

  layout.paragraph(`Pada hari ini ${spelledDate(signedAt)}, kami yang bertanda tangan di bawah ini:`);
  layout.heading('PIHAK PERTAMA (penyedia)');
  layout.fields(sellerFields(data, { compact: true }));
  layout.heading('PIHAK KEDUA (pemesan)');
  layout.fields([
    ['Nama', ppk?.name ?? '-'],
    ['Jabatan', 'Pejabat Pembuat Komitmen'],
    ...governmentFields(data),
  ]);
  const received = fulfilment.receipt?.receivedAt;
  layout.paragraph(
    'PIHAK PERTAMA telah menyerahkan dan PIHAK KEDUA telah menerima serta memeriksa barang/jasa ' +
      `sesuai Surat Pesanan tersebut di atas${received ? ` pada tanggal ${formatDateWib(received)}` : ''}, ` +
      'dengan rincian sebagai berikut:',
  );
  layout.table(
    columns,
    order.lines.map((line) => {
      const accepted = line.qtyAccepted ?? line.qty;
      return [
        String(line.lineNo),
        line.name,
        line.qty.toLocaleString('id-ID'),
        accepted.toLocaleString('id-ID'),
        line.unit,
        formatRupiah(line.unitPriceIdr),
        formatRupiah(accepted * line.unitPriceIdr),
        lineNotes.get(line.lineNo) ?? (accepted === line.qty ? 'Diterima lengkap' : '-'),
      ];
    }),
    { keepWithLastRow: TOTALS_HEIGHT },
  );
  printTaxTotals(layout, data, 'Nilai barang/jasa yang diterima');
  layout.amountInWords('Terbilang:', capitalise(terbilangRupiah(order.totals.totalIdr)));

  layout.fields([
    ['Alamat penerimaan', order.deliveryAddress],
    ['Catatan pemeriksaan', fulfilment.receipt?.note ?? '-'],
  ]);
  layout.signatures(
    [
      { caption: ['PIHAK PERTAMA', data.seller.name], name: null, subline: 'Nama dan jabatan' },
      {
        caption: ['PIHAK KEDUA', 'Pejabat Pembuat Komitmen'],
        name: ppk?.name ?? null,
        subline: officialSubline(),
      },
    ],
    `${cityOf(data)}, ${formatDateWib(signedAt)}`,
    'Barang/jasa yang tidak diterima dikembalikan kepada PIHAK PERTAMA dan tidak ditagihkan. Demikian ' +
      'Berita Acara ini dibuat dengan sebenarnya untuk dipergunakan sebagaimana mestinya.',
  );
  return layout.finish(documentFooter(bastNumber));
}
