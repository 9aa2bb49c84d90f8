/**
 * The platform's category tree: what government offices in Central Java actually buy through
 * direct purchase. Codes are stable identifiers partners map their own categories to; food
 * and drink carry `pbjt` (regional tax on food and beverages instead of PPN).
 */
export interface CategoryData {
  code: string;
  name: string;
  parentCode: string | null;
  taxKind: 'ppn' | 'pbjt';
}

const tree: Array<[code: string, name: string, children: Array<[string, string]>, taxKind?: 'pbjt']> = [
  [
    'ATK',
    'Alat Tulis Kantor',
    [
      ['ATK-TULIS', 'Alat tulis (pena, pensil, spidol)'],
      ['ATK-MAP', 'Map, ordner dan pengarsipan'],
      ['ATK-KECIL', 'Perlengkapan meja (stapler, gunting, lem)'],
    ],
  ],
  [
    'KRT',
    'Kertas dan Produk Kertas',
    [
      ['KRT-HVS', 'Kertas HVS dan fotokopi'],
      ['KRT-KHUSUS', 'Kertas khusus (foto, karton, stiker)'],
      ['KRT-AMPLOP', 'Amplop dan blanko'],
    ],
  ],
  [
    'CTK',
    'Percetakan dan Penggandaan',
    [
      ['CTK-DOKUMEN', 'Cetak dokumen, buku dan laporan'],
      ['CTK-PROMOSI', 'Spanduk, baliho dan banner'],
      ['CTK-SOUVENIR', 'Cenderamata dan plakat'],
    ],
  ],
  [
    'KOM',
    'Komputer dan Periferal',
    [
      ['KOM-LAPTOP', 'Laptop dan komputer meja'],
      ['KOM-PRINTER', 'Printer dan pemindai'],
      ['KOM-TINTA', 'Tinta, toner dan pita printer'],
      ['KOM-AKSESORI', 'Aksesori komputer dan penyimpanan data'],
      ['KOM-JARINGAN', 'Perangkat jaringan'],
    ],
  ],
  [
    'ELK',
    'Elektronik dan Listrik',
    [
      ['ELK-AV', 'Audio visual (proyektor, pengeras suara)'],
      ['ELK-INSTALASI', 'Bahan instalasi listrik dan lampu'],
      ['ELK-AC', 'Pendingin ruangan dan kipas'],
    ],
  ],
  [
    'FRN',
    'Mebel dan Perabot Kantor',
    [
      ['FRN-MEJA-KURSI', 'Meja dan kursi'],
      ['FRN-LEMARI', 'Lemari dan rak arsip'],
    ],
  ],
  [
    'KBR',
    'Kebersihan dan Rumah Tangga',
    [
      ['KBR-BAHAN', 'Bahan pembersih'],
      ['KBR-ALAT', 'Alat kebersihan'],
      ['KBR-RT', 'Perlengkapan rumah tangga kantor'],
    ],
  ],
  [
    'BGN',
    'Bahan Bangunan dan Perkakas',
    [
      ['BGN-MATERIAL', 'Semen, pasir dan material'],
      ['BGN-CAT', 'Cat dan pelapis'],
      ['BGN-PERKAKAS', 'Perkakas dan alat pertukangan'],
    ],
  ],
  [
    'SRG',
    'Seragam, Batik dan Tekstil',
    [
      ['SRG-BATIK', 'Batik dan kain tradisional'],
      ['SRG-SERAGAM', 'Seragam dinas dan kaos'],
      ['SRG-ATRIBUT', 'Atribut, topi dan tas'],
    ],
  ],
  [
    'MED',
    'Kesehatan dan Laboratorium',
    [
      ['MED-BHP', 'Bahan medis habis pakai'],
      ['MED-ALKES', 'Alat kesehatan'],
      ['MED-OBAT', 'Obat bebas dan suplemen'],
    ],
  ],
  [
    'KND',
    'Kendaraan dan Perawatan',
    [
      ['KND-SERVIS', 'Servis kendaraan dinas'],
      ['KND-SUKU-CADANG', 'Suku cadang dan ban'],
      ['KND-BBM', 'Pelumas dan bahan bakar'],
    ],
  ],
  [
    'MKN',
    'Makanan dan Minuman',
    [
      ['MKN-KATERING', 'Katering dan nasi kotak'],
      ['MKN-SNACK', 'Kudapan dan snack rapat'],
      ['MKN-MINUMAN', 'Air minum dan minuman'],
    ],
    'pbjt',
  ],
  [
    'JSA',
    'Jasa Acara dan Layanan',
    [
      ['JSA-ACARA', 'Sewa tenda, sound system dan dekorasi'],
      ['JSA-DOKUMENTASI', 'Dokumentasi foto dan video'],
      ['JSA-KEBERSIHAN', 'Jasa kebersihan dan pemeliharaan gedung'],
    ],
  ],
  [
    'PRT',
    'Pertanian dan Peternakan',
    [
      ['PRT-BIBIT', 'Bibit dan benih'],
      ['PRT-PUPUK', 'Pupuk dan sarana produksi'],
    ],
  ],
];

export const categoryData: CategoryData[] = tree.flatMap(([code, name, children, taxKind]) => [
  { code, name, parentCode: null, taxKind: taxKind ?? 'ppn' },
  ...children.map(([childCode, childName]) => ({
    code: childCode,
    name: childName,
    parentCode: code,
    taxKind: taxKind ?? ('ppn' as const),
  })),
]);
