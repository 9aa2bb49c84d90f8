export type PemdaKind = 'province' | 'kabupaten' | 'kota';

/** An item of GET /api/v1/pemdas */
export interface Pemda {
  code: string;
  name: string;
  kind: PemdaKind;
  /** YYYY-MM-DD, or null when the pemda has not joined yet. */
  joinedAt: string | null;
}

/** An item of GET /api/v1/regions */
export interface Region {
  code: string;
  name: string;
  /** 1 province, 2 kabupaten/kota, 3 kecamatan, 4 desa/kelurahan */
  level: number;
  parentCode: string | null;
}

/** Kemendagri code of Provinsi Jawa Tengah. */
export const PROVINCE_CODE = '33';
