/**
 * The shape of the demo history (demo-history.ts): how much each kabupaten/kota buys, where
 * sellers live, and how the year moves. Plain numbers, tuned so the story of the article holds
 * (BRIEF.md): Batang leads Central Java with more than Rp42 miliar from 1 January to
 * 23 October 2023, and 549 Gratis Ongkir sellers in Batang are registered by that day.
 */

/** The story's window and the partner and region it is about. */
export const STORY = {
  from: '2023-01-01',
  to: '2023-10-23',
  region: '33.25',
  partner: 'gratis-ongkir',
  /** Gratis Ongkir sellers located in Batang registered by `to` (the article's 549). */
  batangGratisOngkirSellers: 549,
  /** More Gratis Ongkir sellers in Batang registering after the article, until the end. */
  batangGratisOngkirLater: 46,
} as const;

/** The history runs from the first partner's arrival to the end of 2024 (WIB days). */
export const HISTORY_START = '2021-06-01';
export const HISTORY_END = '2024-12-31';

/**
 * Per kabupaten/kota: `spend` is the monthly value in juta rupiah at the 2023 level bought
 * through the platform once the pemda has joined; `sellers` the relative number of sellers
 * located there. Batang leads, Kota Semarang follows (the province's capital buys a lot but
 * joined a year later), the rest scale with their size.
 */
export const REGION_SHAPE: Record<string, { spend: number; sellers: number }> = {
  '33.01': { spend: 900, sellers: 3 },
  '33.02': { spend: 1000, sellers: 4 },
  '33.03': { spend: 520, sellers: 2 },
  '33.04': { spend: 480, sellers: 2 },
  '33.05': { spend: 620, sellers: 2 },
  '33.06': { spend: 640, sellers: 2 },
  '33.07': { spend: 500, sellers: 2 },
  '33.08': { spend: 560, sellers: 2 },
  '33.09': { spend: 520, sellers: 2 },
  '33.10': { spend: 600, sellers: 2 },
  '33.11': { spend: 700, sellers: 3 },
  '33.12': { spend: 450, sellers: 2 },
  '33.13': { spend: 560, sellers: 2 },
  '33.14': { spend: 540, sellers: 2 },
  '33.15': { spend: 580, sellers: 2 },
  '33.16': { spend: 480, sellers: 2 },
  '33.17': { spend: 560, sellers: 2 },
  '33.18': { spend: 1100, sellers: 3 },
  '33.19': { spend: 1250, sellers: 4 },
  '33.20': { spend: 1150, sellers: 4 },
  '33.21': { spend: 980, sellers: 3 },
  '33.22': { spend: 900, sellers: 3 },
  '33.23': { spend: 450, sellers: 2 },
  '33.24': { spend: 1300, sellers: 4 },
  '33.25': { spend: 4780, sellers: 12 },
  '33.26': { spend: 1550, sellers: 5 },
  '33.27': { spend: 1050, sellers: 3 },
  '33.28': { spend: 880, sellers: 3 },
  '33.29': { spend: 820, sellers: 3 },
  '33.71': { spend: 300, sellers: 2 },
  '33.72': { spend: 1500, sellers: 4 },
  '33.73': { spend: 380, sellers: 2 },
  '33.74': { spend: 3100, sellers: 10 },
  '33.75': { spend: 1150, sellers: 4 },
  '33.76': { spend: 300, sellers: 2 },
  /** The province's own satkers. */
  '33': { spend: 1800, sellers: 0 },
};

/** Growth of spend per year relative to 2023 (2021: a pilot year). */
export const YEAR_LEVEL: Record<number, number> = { 2021: 0.4, 2022: 0.72, 2023: 1, 2024: 1.12 };

/** Budget rhythm of a government year: slow after DPA approval, busy before year end. */
export const MONTH_LEVEL = [0.55, 0.8, 0.95, 1, 1, 0.95, 1, 1.05, 1.1, 1.15, 1.2, 1.25];

/** How many sellers each partner brings, located over the regions by `REGION_SHAPE.sellers`. */
export const PARTNER_SELLERS: Record<string, number> = {
  'gratis-ongkir': 1300,
  mbizmarket: 1150,
  tisera: 1000,
};

/** Share of the value each partner carries once it is there. */
export const PARTNER_SHARE: Record<string, number> = { 'gratis-ongkir': 50, mbizmarket: 30, tisera: 20 };

/** Standard work units every pemda gets in the history (codes `<digits>-<suffix>`). */
export const STANDARD_SATKERS: Array<{ suffix: string; name: (pemda: string) => string }> = [
  { suffix: 'SETDA', name: (pemda) => `Sekretariat Daerah ${pemda}` },
  { suffix: 'DISDIK', name: (pemda) => `Dinas Pendidikan ${pemda}` },
  { suffix: 'DINKES', name: (pemda) => `Dinas Kesehatan ${pemda}` },
  { suffix: 'DPU', name: (pemda) => `Dinas Pekerjaan Umum ${pemda}` },
  { suffix: 'RSUD', name: (pemda) => `RSUD ${pemda.replace(/^(Kabupaten|Kota) /, '')}` },
];

/** Days the government offices buy (Monday–Friday) and the WIB hours of the orders. */
export const OFFICE_HOURS = { from: 8, to: 15 } as const;
