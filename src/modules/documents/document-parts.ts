import { formatRupiah } from '../../shared/money';
import { wibDay } from '../../shared/time';
import { taxRuleSetOn } from '../taxes/taxes';
import type { OrderDocumentData } from './order-documents.service';
import type { DocumentLayout } from './pdf-layout';

/** Parts the Surat Pesanan and the BAST print alike. */

const scaleNames: Record<string, string> = {
  mikro: 'Usaha mikro',
  kecil: 'Usaha kecil',
  menengah: 'Usaha menengah',
  besar: 'Usaha besar',
};

/** "PEMERINTAH KABUPATEN BATANG" over the satker's name and address. */
export function printLetterhead(layout: DocumentLayout, data: OrderDocumentData): void {
  layout.letterhead({
    government: `Pemerintah ${data.pemda.name}`,
    unit: data.satker.name,
    address: data.satker.address,
  });
}

export function governmentFields(data: OrderDocumentData): Array<[string, string]> {
  return [
    ['Pemerintah daerah', `${data.pemda.name}, Provinsi ${data.provinceName}`],
    ['Satuan kerja', `${data.satker.name} (${data.satker.code})`],
  ];
}

/** The seller's identity; `compact` (BAST) puts NIB and NPWP on one row and leaves out scale and tax status. */
export function sellerFields(
  data: OrderDocumentData,
  options: { compact?: boolean } = {},
): Array<[string, string]> {
  const { seller } = data;
  const address = [seller.address, seller.regionName].filter(Boolean).join(', ') || '-';
  if (options.compact) {
    return [
      ['Nama penyedia', seller.name],
      ['NIB / NPWP', `${seller.nib} / ${seller.npwp ?? '-'}`],
      ['Alamat', address],
      ['Mitra marketplace (PPMSE)', data.partner.name],
    ];
  }
  return [
    ['Nama penyedia', seller.name],
    ['NIB', seller.nib],
    ['NPWP', seller.npwp ?? '-'],
    [
      'Skala usaha / status pajak',
      `${scaleNames[seller.scale] ?? seller.scale} / ${seller.isPkp ? 'Pengusaha Kena Pajak (PKP)' : 'bukan PKP'}`,
    ],
    ['Alamat', address],
    ['Mitra marketplace (PPMSE)', data.partner.name],
  ];
}

/**
 * DPP, PPN, PBJT and the total as the tax rule set computed them, with the rates of the set in
 * force on the order's day; PPh 22 as a note (it is withheld from the seller, not paid on top).
 */
export function printTaxTotals(layout: DocumentLayout, data: OrderDocumentData, totalLabel: string): void {
  const { totals } = data.order;
  const rules = taxRuleSetOn(wibDay(data.order.orderedAt));
  const percent = (value: number) => `${value.toLocaleString('id-ID')}%`;
  const rows: Array<{ label: string; value: string; strong?: boolean; note?: boolean }> = [
    { label: 'Jumlah harga (termasuk pajak)', value: formatRupiah(totals.grossIdr) },
    { label: 'Dasar Pengenaan Pajak (DPP)', value: formatRupiah(totals.dppIdr) },
  ];
  rows.push({
    label: data.seller.isPkp
      ? `PPN ${percent(rules.ppnPercent)} (termasuk dalam harga)`
      : 'PPN (penyedia bukan PKP)',
    value: formatRupiah(totals.ppnIdr),
  });
  if (totals.pbjtIdr > 0) {
    rows.push({
      label: `PBJT makanan dan minuman ${percent(rules.pbjtPercent)} (termasuk dalam harga)`,
      value: formatRupiah(totals.pbjtIdr),
    });
  }
  rows.push({ label: totalLabel, value: formatRupiah(totals.totalIdr), strong: true });
  rows.push({
    label: data.seller.hasPp55Certificate
      ? 'PPh Pasal 22 tidak dipungut (penyedia memiliki surat keterangan PP 55/2022)'
      : `PPh Pasal 22 (${percent(rules.pph22PerMille / 10)} x DPP barang), dipungut mitra dari pembayaran kepada penyedia`,
    value: formatRupiah(totals.pph22Idr),
    note: true,
  });
  layout.totals(rows);
}

export function officialSubline(): string {
  return 'NIP. ..................................';
}

export function documentFooter(number: string): string {
  return `${number} - dokumen elektronik Blangkon Jateng`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The place a document is signed: the pemda's seat ("Batang" for Kabupaten Batang, Semarang for the province). */
export function cityOf(data: OrderDocumentData): string {
  if (data.pemda.kind === 'province') return 'Semarang';
  return data.pemda.name.replace(/^(Kabupaten|Kota) /, '');
}
