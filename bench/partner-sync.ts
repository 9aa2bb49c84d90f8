import { randomBytes, randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { createPartner } from '../src/modules/partners/partners.service';
import { SecretBox } from '../src/modules/partners/secret-box';
import { buildApp } from '../src/server/app';
import { loadConfig } from '../src/server/config';
import { signedHeaders } from '../src/shared/partner-signature';
import { formatRate, openBenchDatabases } from './bench-db';

const BATCH = 1000;

/**
 * Rows per second through `PUT /api/partner/v1/products` in signed 1000-row batches over HTTP
 * (validation, HMAC, idempotency, upsert), next to a plain multi-row INSERT of the same rows
 * into a bare table in the same database, in the same run.
 */
export async function runPartnerSyncBench(args: string[]) {
  const rows = Number(args[0] ?? process.env.BENCH_ROWS ?? 50_000);
  console.log(`\n# partner-sync: ${rows} products in ${BATCH}-row batches`);
  for (const database of await openBenchDatabases()) {
    const db = database.handle.db;
    const box = new SecretBox(randomBytes(32).toString('hex'));
    const config = loadConfig({ LOG_LEVEL: 'silent', BODY_LIMIT_BYTES: String(1024 * 1024) });
    const app = await buildApp({ db, config, secretBox: box });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const { secret } = await createPartner(
      db,
      box,
      { userId: null, label: 'bench' },
      {
        code: 'bench-partner',
        name: 'Bench',
        baseUrl: 'http://127.0.0.1:9',
      },
    );
    const call = async (method: string, path: string, body: unknown) => {
      const raw = JSON.stringify(body);
      const response = await fetch(`${base}${path}`, {
        method,
        body: raw,
        headers: {
          'content-type': 'application/json',
          'idempotency-key': randomUUID(),
          ...signedHeaders('bench-partner', secret, { method, pathWithQuery: path, body: raw }),
        },
      });
      const json = (await response.json()) as { accepted: number };
      if (response.status !== 200) throw new Error(`${response.status} ${JSON.stringify(json)}`);
      return json;
    };
    const sellerCount = 200;
    for (let start = 0; start < sellerCount; start += BATCH) {
      await call('PUT', '/api/partner/v1/sellers', {
        sellers: Array.from({ length: sellerCount }, (_, i) => ({
          externalId: `S${i}`,
          name: `CV Bench ${i}`,
          kind: 'company',
          legalForm: 'CV',
          nib: String(9_000_000_000_000 + i),
          scale: 'kecil',
          isPkp: i % 2 === 0,
          regionCode: '33.25',
          registeredAt: '2023-01-01T00:00:00+07:00',
          updatedAt: '2023-01-01T00:00:00+07:00',
        })),
      });
    }
    const productsOf = (batch: number) =>
      Array.from({ length: BATCH }, (_, i) => {
        const n = batch * BATCH + i;
        return {
          externalId: `P${n}`,
          sellerExternalId: `S${n % sellerCount}`,
          name: `Kertas HVS A4 80 gram varian ${n}`,
          description: 'Kertas fotokopi putih, 500 lembar per rim.',
          categoryCode: 'KRT-HVS',
          unit: 'rim',
          priceIdr: 50_000 + (n % 100) * 100,
          stock: 100,
          isDomestic: true,
          tkdnPercent: 40,
          bmpPercent: 5,
          tkdnCertificateNo: `TKDN-${n}`,
          tkdnValidUntil: '2027-12-31',
          isActive: true,
          updatedAt: '2024-01-01T00:00:00+07:00',
        };
      });
    const batches = Math.ceil(rows / BATCH);

    // Warm-up batch (JIT, plans), not counted.
    await call('PUT', '/api/partner/v1/products', { products: productsOf(batches) });
    const apiStart = performance.now();
    for (let b = 0; b < batches; b++) {
      const result = await call('PUT', '/api/partner/v1/products', { products: productsOf(b) });
      if (result.accepted !== BATCH) throw new Error(`batch ${b}: ${JSON.stringify(result)}`);
    }
    const apiSeconds = (performance.now() - apiStart) / 1000;

    await db.execute(
      sql`CREATE TABLE bench_plain_products (LIKE products INCLUDING DEFAULTS INCLUDING INDEXES)`,
    );
    const [{ partnerId, sellerId }] = (
      (await db.execute(
        sql`SELECT p.id AS "partnerId", (SELECT id FROM sellers LIMIT 1) AS "sellerId" FROM partners p WHERE p.code = 'bench-partner'`,
      )) as unknown as { rows: Array<{ partnerId: string; sellerId: string }> }
    ).rows as [{ partnerId: string; sellerId: string }];
    const plainStart = performance.now();
    for (let b = 0; b < batches; b++) {
      const values = productsOf(b).map(
        (p) =>
          sql`(gen_random_uuid(), ${partnerId}, ${p.externalId}, ${sellerId}, ${p.sellerExternalId}, ${p.name}, ${p.description}, ${p.categoryCode}, ${p.unit}, ${p.priceIdr}, ${p.stock}, 1, ${p.isDomestic}, ${p.tkdnPercent}, ${p.bmpPercent}, ${p.tkdnCertificateNo}, ${p.tkdnValidUntil}, ${p.isActive}, ${p.updatedAt}, now())`,
      );
      await db.execute(
        sql`INSERT INTO bench_plain_products (id, partner_id, external_id, seller_id, seller_external_id, name, description, category_code, unit, price_idr, stock, min_order_qty, is_domestic, tkdn_percent, bmp_percent, tkdn_certificate_no, tkdn_valid_until, is_active, source_updated_at, synced_at) VALUES ${sql.join(values, sql`, `)}`,
      );
    }
    const plainSeconds = (performance.now() - plainStart) / 1000;
    const apiRate = (batches * BATCH) / apiSeconds;
    const plainRate = (batches * BATCH) / plainSeconds;
    console.log(
      `${database.label.padEnd(18)} API ${formatRate(apiRate).padStart(7)} rows/s   plain INSERT ${formatRate(plainRate).padStart(7)} rows/s   ratio ${(apiRate / plainRate).toFixed(2)}`,
    );
    await app.close();
    await database.close();
  }
}
