import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { signedHeaders } from '../shared/partner-signature';
import type { TestApp } from './test-app';

export interface SignedCallOptions {
  idempotencyKey?: string | null;
  /** Sign with this secret instead of the partner's. */
  secret?: string;
  /** Sign as if at this time (stale-timestamp tests). */
  now?: Date;
  headers?: Record<string, string>;
  /** Send this raw body instead of JSON.stringify(body). */
  rawBody?: string;
}

export interface TestPartner {
  code: string;
  secret: string;
  call(
    method: string,
    path: string,
    body?: unknown,
    options?: SignedCallOptions,
  ): Promise<LightMyRequestResponse>;
}

/** Registers a partner through the operator API (as admin.jateng) and returns a signing client. */
export async function createTestPartner(
  t: TestApp,
  code: string,
  baseUrl = `http://127.0.0.1:9/${code}`,
): Promise<TestPartner> {
  const cookie = await t.login('admin.jateng');
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/admin/partners',
    headers: { cookie },
    payload: { code, name: `Mitra ${code}`, baseUrl },
  });
  if (response.statusCode !== 201)
    throw new Error(`creating partner ${code}: ${response.statusCode} ${response.body}`);
  const secret = response.json().secret as string;
  const partner: TestPartner = {
    code,
    secret,
    async call(method, path, body, options = {}) {
      const url = `/api/partner/v1${path}`;
      const raw = options.rawBody ?? (body === undefined ? '' : JSON.stringify(body));
      const headers: Record<string, string> = {
        ...signedHeaders(
          code,
          options.secret ?? partner.secret,
          { method, pathWithQuery: url, body: raw },
          options.now,
        ),
        ...(raw ? { 'content-type': 'application/json' } : {}),
        ...(method !== 'GET' && options.idempotencyKey !== null
          ? { 'idempotency-key': options.idempotencyKey ?? randomUUID() }
          : {}),
        ...options.headers,
      };
      return t.app.inject({ method: method as 'GET', url, headers, payload: raw || undefined });
    },
  };
  return partner;
}

let sequence = 0;
const nib = () => String(1_000_000_000_000 + ++sequence * 7919).slice(0, 13);

/** A valid seller row (PARTNER-API.md), overridable. */
export function sellerRow(overrides: Record<string, unknown> = {}) {
  return {
    externalId: `S-${++sequence}`,
    name: `CV Berkah Jaya ${sequence}`,
    kind: 'company',
    legalForm: 'CV',
    nib: nib(),
    npwp: '0123456789012345',
    scale: 'kecil',
    isPkp: true,
    hasPp55Certificate: false,
    regionCode: '33.25',
    address: 'Jl. Pemuda No. 1, Batang',
    registeredAt: '2023-01-10T09:00:00+07:00',
    updatedAt: '2024-01-01T00:00:00+07:00',
    ...overrides,
  };
}

/** A valid product row for `sellerExternalId`, overridable. */
export function productRow(
  sellerExternalId: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> & { externalId: string } {
  return {
    externalId: `P-${++sequence}`,
    sellerExternalId,
    name: 'Kertas HVS A4 80 gram',
    categoryCode: 'KRT-HVS',
    unit: 'rim',
    priceIdr: 55_000,
    stock: 100,
    minOrderQty: 1,
    isDomestic: true,
    tkdnPercent: 45.5,
    bmpPercent: 5,
    tkdnCertificateNo: 'TKDN-2023-0001',
    tkdnValidUntil: '2027-12-31',
    isActive: true,
    url: 'https://partner.example/p/1',
    updatedAt: '2024-01-01T00:00:00+07:00',
    ...overrides,
  };
}
