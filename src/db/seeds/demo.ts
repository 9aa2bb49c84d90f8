import { eq, inArray } from 'drizzle-orm';
import { users } from '../../modules/accounts/accounts.schema';
import type { RoleGrant, Scope } from '../../modules/accounts/scope';
import { createUser } from '../../modules/accounts/users.service';
import { systemActor } from '../../modules/audit/audit.service';
import { createPartner, findPartner } from '../../modules/partners/partners.service';
import type { SecretBox } from '../../modules/partners/secret-box';
import { systemFacts } from '../../modules/regions/regions.schema';
import { setPemdaJoinedAt } from '../../modules/regions/regions.service';
import { type SetRuleInput, setRule } from '../../modules/rules/rules.service';
import { createSatker } from '../../modules/satkers/satkers.service';
import type { DbOrTx } from '../client';

/** The demo scenario's accounts, all with password `demo` (PUBLIC-API.md "Demo mode"). */
export const DEMO_PASSWORD = 'demo';
export const DEMO_USERNAMES = [
  'admin.jateng',
  'admin.batang',
  'pp.batang',
  'ppk.batang',
  'bendahara.batang',
  'umkm.batang',
  'auditor.jateng',
  'pp.semarang',
] as const;

const provinceScope: Scope = { allRegions: true, pemdaCodes: [], satkerCodes: [] };

/**
 * When each pemda joined, as the brief tells it: Batang and the province in 2021, eighteen
 * kabupaten/kota by March 2022, twenty-five by February 2024, the rest later.
 */
const joiningDates: Record<string, string> = {
  '33': '2021-01-04',
  '33.25': '2021-03-01',
  ...Object.fromEntries(
    [
      '33.26',
      '33.74',
      '33.75',
      '33.24',
      '33.27',
      '33.28',
      '33.29',
      '33.22',
      '33.21',
      '33.20',
      '33.19',
      '33.18',
      '33.17',
      '33.72',
      '33.73',
      '33.11',
      '33.06',
    ].map((code, i) => [code, `2022-03-${String(1 + i).padStart(2, '0')}`]),
  ),
  ...Object.fromEntries(
    ['33.01', '33.02', '33.03', '33.04', '33.05', '33.07', '33.08'].map((code, i) => [
      code,
      `2024-02-${String(5 + i).padStart(2, '0')}`,
    ]),
  ),
  ...Object.fromEntries(
    ['33.09', '33.10', '33.12', '33.13', '33.14', '33.15', '33.16', '33.23', '33.71', '33.76'].map(
      (code, i) => [
        code,
        `2024-${String(4 + Math.floor(i / 2)).padStart(2, '0')}-${String(1 + (i % 2) * 14).padStart(2, '0')}`,
      ],
    ),
  ),
};

const demoSatkers: Array<{ code: string; name: string; pemdaCode: string; address: string }> = [
  {
    code: '3325-SETDA',
    name: 'Sekretariat Daerah Kabupaten Batang',
    pemdaCode: '33.25',
    address: 'Jl. Veteran No. 1, Kauman, Batang',
  },
  {
    code: '3325-BPBJ',
    name: 'Bagian Pengadaan Barang dan Jasa Setda Batang',
    pemdaCode: '33.25',
    address: 'Jl. Veteran No. 1, Kauman, Batang',
  },
  {
    code: '3325-SETWAN',
    name: 'Sekretariat DPRD Kabupaten Batang',
    pemdaCode: '33.25',
    address: 'Jl. Veteran No. 3, Batang',
  },
  {
    code: '3325-DISDIKBUD',
    name: 'Dinas Pendidikan dan Kebudayaan Kabupaten Batang',
    pemdaCode: '33.25',
    address: 'Jl. Ahmad Yani No. 1, Batang',
  },
  {
    code: '3325-DINKES',
    name: 'Dinas Kesehatan Kabupaten Batang',
    pemdaCode: '33.25',
    address: 'Jl. Ahmad Yani No. 128, Batang',
  },
  {
    code: '3325-RSUD-KALISARI',
    name: 'RSUD Kalisari Batang',
    pemdaCode: '33.25',
    address: 'Jl. Dr. Sutomo No. 42, Batang',
  },
  {
    code: '3325-RSUD-LIMPUNG',
    name: 'RSUD Limpung',
    pemdaCode: '33.25',
    address: 'Jl. Raya Limpung, Limpung, Batang',
  },
  {
    code: '3325-DPUPR',
    name: 'Dinas Pekerjaan Umum dan Penataan Ruang Kabupaten Batang',
    pemdaCode: '33.25',
    address: 'Jl. Dr. Wahidin No. 12, Batang',
  },
  {
    code: '3325-DISPERINDAGKOP',
    name: 'Dinas Perindustrian, Perdagangan, Koperasi dan UKM Kabupaten Batang',
    pemdaCode: '33.25',
    address: 'Jl. Jend. Sudirman No. 24, Batang',
  },
  {
    code: '3325-DISHUB',
    name: 'Dinas Perhubungan Kabupaten Batang',
    pemdaCode: '33.25',
    address: 'Jl. Gajah Mada No. 8, Batang',
  },
  {
    code: '3325-KEC-BATANG',
    name: 'Kecamatan Batang',
    pemdaCode: '33.25',
    address: 'Jl. Ahmad Yani No. 4, Batang',
  },
  {
    code: '3325-KEC-WARUNGASEM',
    name: 'Kecamatan Warungasem',
    pemdaCode: '33.25',
    address: 'Jl. Raya Warungasem, Batang',
  },
  {
    code: '3325-KEC-LIMPUNG',
    name: 'Kecamatan Limpung',
    pemdaCode: '33.25',
    address: 'Jl. Raya Limpung No. 1, Batang',
  },
  {
    code: '3325-KEC-GRINGSING',
    name: 'Kecamatan Gringsing',
    pemdaCode: '33.25',
    address: 'Jl. Raya Gringsing, Batang',
  },
  { code: '3325-KEC-SUBAH', name: 'Kecamatan Subah', pemdaCode: '33.25', address: 'Jl. Raya Subah, Batang' },
  {
    code: '33-BIRO-PBJ',
    name: 'Biro Pengadaan Barang/Jasa Setda Provinsi Jawa Tengah',
    pemdaCode: '33',
    address: 'Jl. Pahlawan No. 9, Semarang',
  },
  {
    code: '33-DINKES',
    name: 'Dinas Kesehatan Provinsi Jawa Tengah',
    pemdaCode: '33',
    address: 'Jl. Piere Tendean No. 24, Semarang',
  },
  {
    code: '3374-DISDIK',
    name: 'Dinas Pendidikan Kota Semarang',
    pemdaCode: '33.74',
    address: 'Jl. Dr. Wahidin No. 118, Semarang',
  },
  {
    code: '3374-KEC-SEMARANG-TENGAH',
    name: 'Kecamatan Semarang Tengah',
    pemdaCode: '33.74',
    address: 'Jl. Taman Seteran Barat, Semarang',
  },
  {
    code: '3326-SETDA',
    name: 'Sekretariat Daerah Kabupaten Pekalongan',
    pemdaCode: '33.26',
    address: 'Jl. Krakatau No. 2, Kajen',
  },
  {
    code: '3375-DINKES',
    name: 'Dinas Kesehatan Kota Pekalongan',
    pemdaCode: '33.75',
    address: 'Jl. Mataram No. 1, Pekalongan',
  },
  {
    code: '3324-DISDIKBUD',
    name: 'Dinas Pendidikan dan Kebudayaan Kabupaten Kendal',
    pemdaCode: '33.24',
    address: 'Jl. Soekarno-Hatta, Kendal',
  },
];

const batangBuyerSatkers = ['3325-SETDA', '3325-DISDIKBUD', '3325-DINKES', '3325-KEC-BATANG'];
const satkerGrants = (role: RoleGrant['role'], codes: string[]): RoleGrant[] =>
  codes.map((satkerCode) => ({ role, pemdaCode: null, satkerCode }));

const demoUsers: Array<{ username: (typeof DEMO_USERNAMES)[number]; name: string; roles: RoleGrant[] }> = [
  {
    username: 'admin.jateng',
    name: 'Operator Biro PBJ Jawa Tengah',
    roles: [{ role: 'operator', pemdaCode: '33', satkerCode: null }],
  },
  {
    username: 'admin.batang',
    name: 'Operator Bagian PBJ Batang',
    roles: [{ role: 'operator', pemdaCode: '33.25', satkerCode: null }],
  },
  { username: 'pp.batang', name: 'Siti Rahayu, S.E.', roles: satkerGrants('pp', batangBuyerSatkers) },
  {
    username: 'ppk.batang',
    name: 'Agus Setiawan, S.T., M.M.',
    roles: satkerGrants('ppk', batangBuyerSatkers),
  },
  {
    username: 'bendahara.batang',
    name: 'Dewi Lestari, A.Md.',
    roles: satkerGrants('bendahara', batangBuyerSatkers),
  },
  {
    username: 'umkm.batang',
    name: 'Petugas Dinas Perindagkop UKM Batang',
    roles: [{ role: 'umkm_officer', pemdaCode: '33.25', satkerCode: null }],
  },
  {
    username: 'auditor.jateng',
    name: 'Inspektorat Provinsi Jawa Tengah',
    roles: [{ role: 'auditor', pemdaCode: '33', satkerCode: null }],
  },
  { username: 'pp.semarang', name: 'Budi Santoso, S.Kom.', roles: satkerGrants('pp', ['3374-DISDIK']) },
];

/**
 * Loads the demo scenario once per database: joining dates, satkers of Batang and a few
 * other pemda, and the demo accounts, through the same service functions as real data.
 */
export async function seedDemo(db: DbOrTx): Promise<{ seeded: boolean }> {
  const [done] = await db.select().from(systemFacts).where(eq(systemFacts.key, 'demo.seeded'));
  if (done) return { seeded: false };
  const actor = systemActor('demo-seed');
  for (const [code, joinedAt] of Object.entries(joiningDates)) {
    await setPemdaJoinedAt(db, actor, code, joinedAt);
  }
  for (const satker of demoSatkers) await createSatker(db, actor, provinceScope, satker);
  for (const user of demoUsers) {
    await createUser(db, actor, provinceScope, { ...user, password: DEMO_PASSWORD });
  }
  for (const rule of demoRules) await setRule(db, actor, rule);
  await db.insert(systemFacts).values({ key: 'demo.seeded', value: new Date().toISOString() });
  return { seeded: true };
}

/**
 * Demo accounts exist only in demo mode: a start without it deactivates any left over from an
 * earlier demo start, so a production database never accepts the password `demo`.
 */
export async function setDemoAccountsActive(db: DbOrTx, active: boolean): Promise<void> {
  await db
    .update(users)
    .set({ isActive: active })
    .where(inArray(users.username, [...DEMO_USERNAMES]));
}

/**
 * Batang's own rule (BRIEF.md: purchases below Rp50.000.000 through the partners; above that the
 * local e-catalogue), with PPK approval above Rp15.000.000.
 */
export const demoRules: SetRuleInput[] = [
  {
    pemdaCode: '33.25',
    effectiveFrom: '2021-01-01',
    directPurchaseLimitIdr: 50_000_000,
    approvalThresholdIdr: 15_000_000,
    splitWindowDays: 14,
    unansweredCancelWorkingDays: 3,
    aboveLimitAdvice:
      'Untuk Rp50.000.000 ke atas gunakan e-katalog lokal Kabupaten Batang atau tender melalui LPSE Batang.',
    note: 'Peraturan Bupati Batang tentang belanja langsung melalui marketplace.',
  },
];

/** The demo's partner marketplaces, served by the reference partner (tools/partner-sim). */
export const DEMO_PARTNERS = [
  { code: 'gratis-ongkir', name: 'Gratis Ongkir', joinedAt: '2022-02-01' },
  { code: 'mbizmarket', name: 'Mbizmarket', joinedAt: '2021-06-01' },
  { code: 'tisera', name: 'Tisera', joinedAt: '2021-09-01' },
] as const;

/** Registers the demo partners once, pointing at the reference partner on `simPort`. */
export async function seedDemoPartners(db: DbOrTx, box: SecretBox, simPort: number): Promise<void> {
  for (const partner of DEMO_PARTNERS) {
    if (await findPartner(db, partner.code)) continue;
    await createPartner(db, box, systemActor('demo-seed'), {
      ...partner,
      baseUrl: `http://127.0.0.1:${simPort}/${partner.code}`,
    });
  }
}
