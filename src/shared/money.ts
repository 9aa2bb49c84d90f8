/** Money is whole rupiah. Display as `Rp42.000.000` (id-ID, no decimals). */
const rupiahFormat = new Intl.NumberFormat('id-ID', {
  style: 'currency',
  currency: 'IDR',
  maximumFractionDigits: 0,
  minimumFractionDigits: 0,
});

export function formatRupiah(amountIdr: number | bigint): string {
  // Intl puts a non-breaking space after "Rp"; the house style is `Rp42.000.000`.
  return rupiahFormat.format(amountIdr).replace(/\s/g, '');
}
