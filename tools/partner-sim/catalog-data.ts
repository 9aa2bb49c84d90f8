/**
 * Word lists and product templates of the reference partner's generated catalogue. Plain data,
 * chosen to look like what Central Java government buyers actually order (office supplies and
 * catering first, per the brief), so demo screens and search tests read naturally.
 */

export interface Regency {
  /** Kemendagri kabupaten/kota code. */
  code: string;
  /** The town name as used in shop names and addresses. */
  town: string;
  /**
   * How many kecamatan codes `<code>.01`…`<code>.NN` exist without a gap (idn-area-data 4.0.1),
   * so a generated kecamatan code is always a real one.
   */
  kecamatanCount: number;
  /** Relative chance that a seller is located here (Batang is the demo pemda). */
  weight: number;
}

// biome-ignore format: one regency per line reads as a table
export const REGENCIES: readonly Regency[] = [
  { code: '33.01', town: 'Cilacap', kecamatanCount: 24, weight: 2 },
  { code: '33.02', town: 'Banyumas', kecamatanCount: 27, weight: 2 },
  { code: '33.03', town: 'Purbalingga', kecamatanCount: 18, weight: 1 },
  { code: '33.04', town: 'Banjarnegara', kecamatanCount: 20, weight: 1 },
  { code: '33.05', town: 'Kebumen', kecamatanCount: 26, weight: 1 },
  { code: '33.06', town: 'Purworejo', kecamatanCount: 16, weight: 1 },
  { code: '33.07', town: 'Wonosobo', kecamatanCount: 15, weight: 1 },
  { code: '33.08', town: 'Magelang', kecamatanCount: 21, weight: 1 },
  { code: '33.09', town: 'Boyolali', kecamatanCount: 22, weight: 1 },
  { code: '33.10', town: 'Klaten', kecamatanCount: 26, weight: 2 },
  { code: '33.11', town: 'Sukoharjo', kecamatanCount: 12, weight: 1 },
  { code: '33.12', town: 'Wonogiri', kecamatanCount: 25, weight: 1 },
  { code: '33.13', town: 'Karanganyar', kecamatanCount: 17, weight: 1 },
  { code: '33.14', town: 'Sragen', kecamatanCount: 20, weight: 1 },
  { code: '33.15', town: 'Grobogan', kecamatanCount: 19, weight: 1 },
  { code: '33.16', town: 'Blora', kecamatanCount: 16, weight: 1 },
  { code: '33.17', town: 'Rembang', kecamatanCount: 14, weight: 1 },
  { code: '33.18', town: 'Pati', kecamatanCount: 21, weight: 1 },
  { code: '33.19', town: 'Kudus', kecamatanCount: 9, weight: 2 },
  { code: '33.20', town: 'Jepara', kecamatanCount: 16, weight: 2 },
  { code: '33.21', town: 'Demak', kecamatanCount: 14, weight: 1 },
  // 33.22.14 does not exist, so only the first 13 kecamatan are used.
  { code: '33.22', town: 'Ungaran', kecamatanCount: 13, weight: 1 },
  { code: '33.23', town: 'Temanggung', kecamatanCount: 20, weight: 1 },
  { code: '33.24', town: 'Kendal', kecamatanCount: 20, weight: 1 },
  { code: '33.25', town: 'Batang', kecamatanCount: 15, weight: 6 },
  { code: '33.26', town: 'Kajen', kecamatanCount: 19, weight: 2 },
  { code: '33.27', town: 'Pemalang', kecamatanCount: 14, weight: 1 },
  { code: '33.28', town: 'Slawi', kecamatanCount: 18, weight: 1 },
  { code: '33.29', town: 'Brebes', kecamatanCount: 17, weight: 1 },
  { code: '33.71', town: 'Magelang', kecamatanCount: 3, weight: 1 },
  { code: '33.72', town: 'Solo', kecamatanCount: 5, weight: 3 },
  { code: '33.73', town: 'Salatiga', kecamatanCount: 4, weight: 1 },
  { code: '33.74', town: 'Semarang', kecamatanCount: 16, weight: 5 },
  { code: '33.75', town: 'Pekalongan', kecamatanCount: 4, weight: 3 },
  { code: '33.76', town: 'Tegal', kecamatanCount: 4, weight: 1 },
];

export const LEGAL_FORMS = ['PT', 'CV', 'FIRMA', 'KOPERASI', 'UD', 'OTHER'] as const;
export type LegalForm = (typeof LEGAL_FORMS)[number];

/** Relative frequency of legal forms among company sellers (CV and UD dominate small trade). */
export const LEGAL_FORM_WEIGHTS: Readonly<Record<LegalForm, number>> = {
  CV: 40,
  PT: 22,
  UD: 22,
  KOPERASI: 9,
  FIRMA: 4,
  OTHER: 3,
};

export const BUSINESS_WORDS: readonly string[] =
  'Berkah Sumber Rejeki Jaya Makmur Sentosa Abadi Mulia Sejahtera Barokah Mandiri Karya Utama Sinar Cahaya Mitra Sido Mukti Lestari Agung'.split(
    ' ',
  );

export const COOPERATIVE_KINDS = ['Serba Usaha', 'Produsen', 'Konsumen', 'Pegawai Negeri'] as const;

export const OWNER_TITLES_FEMALE = ['Bu', 'Mbak'] as const;
export const OWNER_TITLES_MALE = ['Pak', 'Mas'] as const;
export const FEMALE_NAMES: readonly string[] =
  'Siti Sri Darmi Yuni Tutik Endang Wulan Ratna Lestari Nur Kartini Rahayu'.split(' ');
export const MALE_NAMES: readonly string[] =
  'Slamet Joko Budi Agus Bambang Sugeng Heru Wahyu Eko Darsono Parjo Rudi'.split(' ');

export const STREETS = [
  'Jl. Jenderal Sudirman',
  'Jl. Diponegoro',
  'Jl. Ahmad Yani',
  'Jl. Gajah Mada',
  'Jl. Pemuda',
  'Jl. Veteran',
  'Jl. Pahlawan',
  'Jl. RA Kartini',
  'Jl. Dr. Sutomo',
  'Jl. Pattimura',
  'Jl. Sultan Agung',
  'Jl. Raya',
] as const;

/** Where a product usually comes from, which decides isDomestic and how often it has TKDN. */
export type Origin = 'tkdn' | 'domestic' | 'import';

export interface ProductTemplate {
  /** `{brand}` is replaced by one of `brands`. */
  name: string;
  brands?: readonly string[];
  unit: string;
  /** Price range per unit in rupiah, what the buyer pays. */
  price: readonly [number, number];
  /** Words to look for in the platform's category names, most specific first. */
  keywords: readonly string[];
  /** Catering is under the regional tax PBJT rather than PPN (DOMAIN.md "Taxes"). */
  taxKind: 'ppn' | 'pbjt';
  origin: Origin;
  /** Made to order: no stock figure is sent. */
  madeToOrder?: boolean;
  minOrderQty?: number;
}

export interface Trade {
  key: string;
  /** Chance weight of the trade for individual and for company sellers. */
  weight: { individual: number; company: number };
  /** Shop names of individual sellers: `<shopWord> <title> <name>`. */
  shopWords: readonly string[];
  /** Words a company of this trade sometimes carries in its name. */
  companyWords: readonly string[];
  templates: readonly ProductTemplate[];
}

const OFFICE = ['kertas', 'alat tulis', 'atk', 'perlengkapan kantor', 'kantor'];
const CATERING = ['katering', 'nasi', 'makanan', 'konsumsi', 'makan'];
const COMPUTER = ['toner', 'tinta', 'printer', 'komputer', 'elektronik'];
const TEXTILE = ['batik', 'kain', 'seragam', 'pakaian', 'tekstil'];
const PRINTING = ['percetakan', 'cetak', 'spanduk', 'reklame'];
const FURNITURE = ['meja', 'kursi', 'mebel', 'furnitur', 'perabot'];
const CLEANING = ['pembersih', 'kebersihan', 'rumah tangga'];
const PANTRY = ['air minum', 'minuman', 'konsumsi', 'rumah tangga'];
const BUILDING = ['bahan bangunan', 'bangunan', 'material', 'konstruksi'];

// biome-ignore format: one product template per line reads as a table
export const TRADES: readonly Trade[] = [
  {
    key: 'office',
    weight: { individual: 22, company: 26 },
    shopWords: ['Toko ATK', 'Fotokopi dan ATK', 'Toko Alat Tulis'],
    companyWords: ['Stationery', 'Alat Tulis'],
    templates: [
      { name: 'Kertas HVS A4 80 gram {brand}', brands: ['Sinar Dunia', 'PaperOne', 'Bola Dunia'], unit: 'rim', price: [52_000, 68_000], keywords: ['kertas', ...OFFICE], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Kertas HVS F4 70 gram {brand}', brands: ['Sinar Dunia', 'PaperOne', 'Bola Dunia'], unit: 'rim', price: [48_000, 62_000], keywords: ['kertas', ...OFFICE], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Map plastik kancing {brand}', brands: ['biru', 'merah', 'hijau', 'bening'], unit: 'pcs', price: [2_500, 5_000], keywords: ['map', 'arsip', ...OFFICE], taxKind: 'ppn', origin: 'domestic', minOrderQty: 10 },
      { name: 'Ordner folio {brand}', brands: ['Bantex', 'Gold Star'], unit: 'pcs', price: [22_000, 38_000], keywords: ['ordner', 'map', 'arsip', ...OFFICE], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Pulpen gel hitam {brand} isi 12', brands: ['Standard', 'Snowman', 'Joyko'], unit: 'box', price: [18_000, 36_000], keywords: ['pena', 'pulpen', 'alat tulis', ...OFFICE], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Amplop coklat folio isi 100', unit: 'box', price: [45_000, 75_000], keywords: ['amplop', ...OFFICE], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Buku tulis 58 lembar {brand} isi 10', brands: ['Sinar Dunia', 'Kiky'], unit: 'paket', price: [28_000, 45_000], keywords: ['alat tulis', ...OFFICE], taxKind: 'ppn', origin: 'tkdn' },
    ],
  },
  {
    key: 'catering',
    weight: { individual: 26, company: 10 },
    shopWords: ['Katering', 'Warung Makan', 'Dapur'],
    companyWords: ['Boga', 'Katering'],
    templates: [
      { name: 'Nasi kotak ayam bakar', unit: 'porsi', price: [25_000, 40_000], keywords: CATERING, taxKind: 'pbjt', origin: 'domestic', madeToOrder: true, minOrderQty: 10 },
      { name: 'Nasi kotak ayam goreng lalapan', unit: 'porsi', price: [22_000, 35_000], keywords: CATERING, taxKind: 'pbjt', origin: 'domestic', madeToOrder: true, minOrderQty: 10 },
      { name: 'Nasi kotak rendang sapi', unit: 'porsi', price: [32_000, 48_000], keywords: CATERING, taxKind: 'pbjt', origin: 'domestic', madeToOrder: true, minOrderQty: 10 },
      { name: 'Snack box isi 3 kue basah', unit: 'porsi', price: [10_000, 18_000], keywords: ['snack', 'kue', ...CATERING], taxKind: 'pbjt', origin: 'domestic', madeToOrder: true, minOrderQty: 20 },
      { name: 'Nasi tumpeng lengkap 20 orang', unit: 'paket', price: [450_000, 900_000], keywords: CATERING, taxKind: 'pbjt', origin: 'domestic', madeToOrder: true },
      { name: 'Prasmanan menu Jawa per orang', unit: 'porsi', price: [35_000, 60_000], keywords: CATERING, taxKind: 'pbjt', origin: 'domestic', madeToOrder: true, minOrderQty: 50 },
      { name: 'Kopi dan teh rapat dengan kudapan', unit: 'porsi', price: [12_000, 20_000], keywords: ['snack', ...CATERING], taxKind: 'pbjt', origin: 'domestic', madeToOrder: true, minOrderQty: 10 },
    ],
  },
  {
    key: 'computer',
    weight: { individual: 6, company: 14 },
    shopWords: ['Toko Komputer', 'Servis Komputer'],
    companyWords: ['Komputer', 'Teknologi', 'Digital'],
    templates: [
      { name: 'Toner printer HP {brand}', brands: ['85A', '12A', '79A', '83A'], unit: 'pcs', price: [650_000, 1_200_000], keywords: COMPUTER, taxKind: 'ppn', origin: 'import' },
      { name: 'Toner kompatibel HP {brand}', brands: ['85A', '12A', '79A'], unit: 'pcs', price: [150_000, 300_000], keywords: COMPUTER, taxKind: 'ppn', origin: 'import' },
      { name: 'Tinta printer Epson 003 {brand}', brands: ['hitam', 'cyan', 'magenta', 'kuning'], unit: 'pcs', price: [80_000, 110_000], keywords: ['tinta', ...COMPUTER], taxKind: 'ppn', origin: 'import' },
      { name: 'Flashdisk 32 GB {brand}', brands: ['SanDisk', 'Toshiba', 'V-Gen'], unit: 'pcs', price: [60_000, 120_000], keywords: ['penyimpanan', 'aksesori', 'komputer', 'elektronik'], taxKind: 'ppn', origin: 'import' },
      { name: 'Mouse wireless Logitech M170', unit: 'pcs', price: [120_000, 180_000], keywords: ['mouse', 'aksesori', 'komputer', 'elektronik'], taxKind: 'ppn', origin: 'import' },
      { name: 'Laptop {brand} 14 inci Core i5 RAM 8 GB', brands: ['Axioo', 'Advan', 'Zyrex'], unit: 'pcs', price: [7_500_000, 11_000_000], keywords: ['laptop', 'komputer', 'elektronik'], taxKind: 'ppn', origin: 'tkdn' },
    ],
  },
  {
    key: 'textile',
    weight: { individual: 14, company: 8 },
    shopWords: ['Batik Rifaiyah', 'Batik Pekalongan', 'Batik Lasem', 'Konveksi'],
    companyWords: ['Batik', 'Konveksi', 'Garmen'],
    templates: [
      { name: 'Kain batik tulis Rifaiyah 2 meter', unit: 'pcs', price: [650_000, 1_800_000], keywords: TEXTILE, taxKind: 'ppn', origin: 'domestic', madeToOrder: true },
      { name: 'Kain batik cap katun motif {brand} 2 meter', brands: ['Jlamprang', 'Sogan', 'Parang', 'Kawung'], unit: 'pcs', price: [90_000, 180_000], keywords: TEXTILE, taxKind: 'ppn', origin: 'domestic' },
      { name: 'Kemeja batik cap lengan panjang', unit: 'pcs', price: [150_000, 320_000], keywords: ['kemeja', ...TEXTILE], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Seragam batik ASN motif daerah', unit: 'pcs', price: [120_000, 250_000], keywords: ['seragam', ...TEXTILE], taxKind: 'ppn', origin: 'tkdn', minOrderQty: 10 },
    ],
  },
  {
    key: 'printing',
    weight: { individual: 10, company: 10 },
    shopWords: ['Percetakan', 'Digital Printing'],
    companyWords: ['Grafika', 'Percetakan', 'Offset'],
    templates: [
      { name: 'Cetak spanduk flexi 280 gram per meter persegi', unit: 'meter', price: [20_000, 35_000], keywords: ['spanduk', ...PRINTING], taxKind: 'ppn', origin: 'domestic', madeToOrder: true },
      { name: 'Cetak undangan rapat 100 lembar', unit: 'paket', price: [150_000, 300_000], keywords: PRINTING, taxKind: 'ppn', origin: 'domestic', madeToOrder: true },
      { name: 'Cetak buku laporan A4 jilid soft cover', unit: 'pcs', price: [25_000, 60_000], keywords: PRINTING, taxKind: 'ppn', origin: 'domestic', madeToOrder: true, minOrderQty: 5 },
      { name: 'Stempel flash otomatis', unit: 'pcs', price: [60_000, 120_000], keywords: ['stempel', ...PRINTING, ...OFFICE], taxKind: 'ppn', origin: 'domestic', madeToOrder: true },
      { name: 'Cetak kartu nama isi 100', unit: 'box', price: [35_000, 75_000], keywords: PRINTING, taxKind: 'ppn', origin: 'domestic', madeToOrder: true },
    ],
  },
  {
    key: 'furniture',
    weight: { individual: 6, company: 10 },
    shopWords: ['Mebel Jati', 'Mebel'],
    companyWords: ['Mebel', 'Furnitur', 'Kayu Jati'],
    templates: [
      { name: 'Meja kerja kayu jati 120 x 60 cm', unit: 'pcs', price: [1_800_000, 3_500_000], keywords: FURNITURE, taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Kursi kerja putar hidrolik', unit: 'pcs', price: [650_000, 1_400_000], keywords: ['kursi', ...FURNITURE], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Lemari arsip kayu 2 pintu', unit: 'pcs', price: [2_200_000, 4_500_000], keywords: ['lemari', ...FURNITURE], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Kursi lipat besi {brand}', brands: ['Chitose', 'Futura'], unit: 'pcs', price: [180_000, 320_000], keywords: ['kursi', ...FURNITURE], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Rak buku kayu 5 susun', unit: 'pcs', price: [700_000, 1_500_000], keywords: ['rak', 'lemari', ...FURNITURE], taxKind: 'ppn', origin: 'tkdn' },
    ],
  },
  {
    key: 'cleaning',
    weight: { individual: 6, company: 8 },
    shopWords: ['Toko', 'Grosir'],
    companyWords: ['Niaga', 'Distribusi'],
    templates: [
      { name: 'Sabun cuci tangan 5 liter {brand}', brands: ['Lifebuoy', 'Nuvo', 'Mama Lemon'], unit: 'pcs', price: [60_000, 110_000], keywords: ['sabun', 'bahan pembersih', ...CLEANING], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Tisu gulung {brand} isi 10', brands: ['Paseo', 'Nice', 'Tessa'], unit: 'paket', price: [25_000, 45_000], keywords: ['tisu', 'rumah tangga', ...CLEANING], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Pembersih lantai 800 ml {brand}', brands: ['SOS', 'Wipol'], unit: 'pcs', price: [12_000, 20_000], keywords: ['bahan pembersih', ...CLEANING], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Sapu ijuk gagang kayu', unit: 'pcs', price: [20_000, 35_000], keywords: ['alat kebersihan', ...CLEANING], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Kantong sampah hitam 60 x 100 cm isi 50', unit: 'paket', price: [15_000, 30_000], keywords: ['alat kebersihan', ...CLEANING], taxKind: 'ppn', origin: 'domestic' },
    ],
  },
  {
    key: 'pantry',
    weight: { individual: 12, company: 6 },
    shopWords: ['Toko Sembako', 'Toko Kelontong', 'Agen Air Minum'],
    companyWords: ['Pangan', 'Niaga'],
    templates: [
      { name: 'Air mineral gelas 220 ml {brand} isi 48', brands: ['Aqua', 'Le Minerale', 'Club'], unit: 'box', price: [20_000, 32_000], keywords: ['air mineral', ...PANTRY], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Air mineral botol 600 ml {brand} isi 24', brands: ['Aqua', 'Le Minerale', 'Club'], unit: 'box', price: [45_000, 65_000], keywords: ['air mineral', ...PANTRY], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Air mineral galon 19 liter {brand}', brands: ['Aqua', 'Le Minerale', 'Club'], unit: 'pcs', price: [18_000, 25_000], keywords: ['air mineral', ...PANTRY], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Gula pasir 1 kg {brand}', brands: ['Gulaku', 'Rose Brand'], unit: 'pcs', price: [15_000, 19_000], keywords: ['gula', ...PANTRY], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Kopi bubuk 250 gram {brand}', brands: ['Kapal Api', 'Kopi Jawa Temanggung'], unit: 'pcs', price: [15_000, 45_000], keywords: ['kopi', ...PANTRY], taxKind: 'ppn', origin: 'domestic' },
      { name: 'Teh celup {brand} isi 25', brands: ['Sariwangi', 'Tong Tji'], unit: 'box', price: [6_000, 12_000], keywords: ['teh', ...PANTRY], taxKind: 'ppn', origin: 'domestic' },
    ],
  },
  {
    key: 'building',
    weight: { individual: 4, company: 8 },
    shopWords: ['Toko Bangunan', 'TB'],
    companyWords: ['Bangunan', 'Material'],
    templates: [
      { name: 'Semen 50 kg {brand}', brands: ['Semen Gresik', 'Tiga Roda', 'Semen Padang'], unit: 'sak', price: [60_000, 75_000], keywords: ['semen', ...BUILDING], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Cat tembok 5 kg {brand}', brands: ['Avian', 'Vinilex', 'Catylac'], unit: 'pcs', price: [95_000, 180_000], keywords: ['cat', ...BUILDING], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Pipa PVC 3/4 inci 4 meter {brand}', brands: ['Rucika', 'Wavin'], unit: 'batang', price: [30_000, 55_000], keywords: ['pipa', ...BUILDING], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Lampu LED 12 watt {brand}', brands: ['Philips', 'Hannochs'], unit: 'pcs', price: [25_000, 60_000], keywords: ['lampu', 'listrik', 'elektronik', ...BUILDING], taxKind: 'ppn', origin: 'tkdn' },
      { name: 'Keramik lantai 40 x 40 cm {brand}', brands: ['Roman', 'Platinum'], unit: 'box', price: [55_000, 95_000], keywords: ['keramik', ...BUILDING], taxKind: 'ppn', origin: 'tkdn' },
    ],
  },
];
