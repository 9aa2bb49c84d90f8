import { formatRupiah } from '../../shared/money';
import { formatDateTimeWib, formatDateWib } from '../../shared/time';
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
import { terbilangRupiah } from './terbilang';

/**
 * General conditions of a Surat Pesanan for a direct purchase through a partner marketplace.
 * The SP is the proof of agreement for e-purchasing and online-shop purchases (Perpres 16/2018
 * as amended by Perpres 12/2021, art. 27).
 */
export const suratPesananConditions = [
  'Penyedia wajib mengirimkan barang/jasa sesuai jenis, spesifikasi, jumlah, dan harga yang tercantum dalam Surat Pesanan ini ke alamat pengiriman, dalam waktu yang disepakati melalui mitra marketplace.',
  'Harga yang tercantum adalah harga akhir yang dibayar pemesan, sudah termasuk PPN bagi penyedia PKP (atau PBJT untuk makanan dan minuman) dan ongkos kirim sampai alamat pengiriman.',
  'Barang yang diserahkan harus baru, asli, tidak cacat, dan bergaransi sesuai ketentuan produsen; produk dengan sertifikat TKDN harus sesuai dengan sertifikatnya.',
  'Barang diperiksa dan diterima oleh Pejabat Pembuat Komitmen (PPK) dengan Berita Acara Serah Terima (BAST). Barang yang tidak sesuai dapat ditolak sebagian atau seluruhnya, dan hanya barang yang diterima yang dibayar.',
  'Pembayaran dilakukan oleh Bendahara setelah BAST ditandatangani dan tagihan diterbitkan, sebesar nilai barang yang diterima, melalui rekening penampungan mitra marketplace yang meneruskannya kepada penyedia.',
  'PPh Pasal 22 dipungut oleh mitra marketplace sesuai PMK 58/2022 dan dipotong dari pembayaran kepada penyedia, kecuali penyedia memiliki surat keterangan PP 55/2022.',
  'Pesanan dapat dibatalkan apabila penyedia tidak menanggapi dalam batas waktu yang ditetapkan atau tidak mampu memenuhinya; perselisihan diselesaikan secara musyawarah dan melalui mekanisme penyelesaian sengketa mitra marketplace.',
];

const statusNotices: Partial<Record<string, string>> = {
  cancelled: 'PESANAN INI TELAH DIBATALKAN',
  rejected: 'PESANAN INI DITOLAK OLEH PENYEDIA',
  routing_failed: 'PESANAN INI BELUM DITERIMA OLEH MITRA MARKETPLACE',
};

const columns: TableColumn[] = [
  { header: 'No', width: 26, align: 'center' },
  { header: 'Nama barang/jasa', width: 185 },
  { header: 'Jumlah', width: 48, align: 'right' },
  { header: 'Satuan', width: 52, align: 'center' },
  { header: 'Harga satuan', width: 87, align: 'right' },
  { header: 'Jumlah harga', width: 91.28, align: 'right' },
];

/** The Surat Pesanan of an order as a PDF (A4). Check `assertSuratPesananAvailable` first. */
export async function renderSuratPesanan(data: OrderDocumentData): Promise<Buffer> {
  const { order } = data;
  const issuedAt = data.sentAt ?? order.orderedAt;
  const layout = new DocumentLayout({
    title: 'Surat Pesanan',
    number: order.number,
    subject: `Surat Pesanan ${order.number} untuk ${data.satker.name}`,
  });
  printLetterhead(layout, data);
  layout.title('Surat Pesanan', [`Nomor: ${order.number}`, `Tanggal: ${formatDateWib(issuedAt)}`]);
  const notice = statusNotices[order.status];
  if (notice) layout.notice(notice);

  layout.paragraph(
    `Yang bertanda tangan di bawah ini, atas nama ${data.satker.name}, dengan ini memesan barang/jasa ` +
      `melalui Blangkon Jateng kepada penyedia berikut, dengan rincian dan ketentuan di bawah ini.`,
  );
  layout.heading('A. Pemesan');
  layout.fields([
    ...governmentFields(data),
    ['Pejabat Pengadaan', data.pp?.name ?? '-'],
    ['Pejabat Pembuat Komitmen', data.ppk?.name ?? '-'],
    ['Waktu pemesanan', formatDateTimeWib(order.orderedAt)],
  ]);
  layout.heading('B. Penyedia');
  layout.fields(sellerFields(data));

  layout.heading('C. Rincian pesanan');
  layout.table(
    columns,
    order.lines.map((line) => [
      String(line.lineNo),
      line.name,
      line.qty.toLocaleString('id-ID'),
      line.unit,
      formatRupiah(line.unitPriceIdr),
      formatRupiah(line.lineTotalIdr),
    ]),
    { keepWithLastRow: TOTALS_HEIGHT },
  );
  printTaxTotals(layout, data, 'Total yang dibayar');
  layout.amountInWords('Terbilang:', capitalise(terbilangRupiah(order.totals.totalIdr)));

  layout.heading('D. Pengiriman');
  layout.fields([
    ['Alamat pengiriman', order.deliveryAddress],
    ['Catatan pemesan', order.notes ?? '-'],
  ]);

  layout.heading('E. Syarat umum');
  layout.numberedList(suratPesananConditions);

  layout.signatures(
    [
      { caption: ['Penyedia', data.seller.name], name: null, subline: 'Nama dan jabatan' },
      { caption: ['Pejabat Pengadaan', ''], name: data.pp?.name ?? null, subline: officialSubline() },
      { caption: ['Pejabat Pembuat Komitmen', ''], name: data.ppk?.name ?? null, subline: officialSubline() },
    ],
    `${cityOf(data)}, ${formatDateWib(issuedAt)}`,
  );
  return layout.finish(documentFooter(`Surat Pesanan ${order.number}`));
}
