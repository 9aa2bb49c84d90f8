import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle, openDatabase, queryRows, transactionRetries } from '../db/client';
import { reportPartnerTransactions } from '../modules/orders/partner-transactions';
import { signedHeaders } from '../shared/partner-signature';
import { createTestPartner, productRow, sellerRow, type TestPartner } from '../testing/partner-client';
import { createTestApp, type TestApp } from '../testing/test-app';
import { createTestOrder, syncTestOffers } from '../testing/test-orders';
import { buildApp } from './app';

/*
 * Races that only show with real parallel connections: two app instances (each with its own
 * connection pool, as two server processes would have) on one PostgreSQL database, and many
 * requests in flight at once. PGlite has one connection and serialises everything, so these run
 * on PostgreSQL only (CI runs the suite there too).
 */
describe.skipIf(!process.env.DATABASE_URL)(
  'races under parallel connections (PostgreSQL, two app instances)',
  () => {
    let t: TestApp;
    let secondHandle: DatabaseHandle;
    let second: FastifyInstance;
    let partner: TestPartner;
    let partnerId: string;
    let pp: string;

    beforeAll(async () => {
      t = await createTestApp();
      secondHandle = await openDatabase({ databaseUrl: t.handle.url!, poolSize: 5 });
      second = await buildApp({ db: secondHandle.db, config: t.config, secretBox: t.secretBox });
      await second.ready();
      partner = await createTestPartner(t, 'mitra-balapan');
      const [row] = await queryRows<{ id: string }>(
        t.handle.db,
        sql`SELECT id FROM partners WHERE code = ${partner.code}`,
      );
      partnerId = row!.id;
      pp = await t.login('pp.batang');
    }, 60_000);
    afterAll(async () => {
      await second?.close();
      await secondHandle?.close();
      await t?.close();
    });

    /** Request `i` goes to one instance or the other, as a load balancer would spread them. */
    const appFor = (i: number) => (i % 2 === 0 ? t.app : second);

    function signed(
      app: FastifyInstance,
      method: 'PUT' | 'POST',
      path: string,
      body: unknown,
      idempotencyKey: string,
    ): Promise<LightMyRequestResponse> {
      const url = `/api/partner/v1${path}`;
      const raw = JSON.stringify(body);
      return app.inject({
        method,
        url,
        headers: {
          ...signedHeaders(partner.code, partner.secret, { method, pathWithQuery: url, body: raw }),
          'content-type': 'application/json',
          'idempotency-key': idempotencyKey,
        },
        payload: raw,
      });
    }

    function checkout(app: FastifyInstance, body: Record<string, unknown>) {
      return app.inject({ method: 'POST', url: '/api/v1/orders', headers: { cookie: pp }, payload: body });
    }

    const satkers = ['3325-SETDA', '3325-DISDIKBUD', '3325-DINKES', '3325-KEC-BATANG'];
    const address = 'Jl. Veteran No. 1, Kauman, Batang';

    describe('idempotency keys', () => {
      it('one key with 8 different bodies at once: exactly one succeeds, seven get 409 IDEMPOTENCY.KEY_REUSED, only its rows are stored', async () => {
        const seller = sellerRow();
        expect((await partner.call('PUT', '/sellers', { sellers: [seller] })).statusCode).toBe(200);
        const key = `race-${randomUUID()}`;
        const bodies = Array.from({ length: 8 }, (_, i) => ({
          products: [productRow(seller.externalId, { externalId: `IDEM-DIFF-${i}` })],
        }));
        const answers = await Promise.all(
          bodies.map((body, i) => signed(appFor(i), 'PUT', '/products', body, key)),
        );

        const winners = answers.flatMap((answer, i) => (answer.statusCode === 200 ? [i] : []));
        expect(winners).toHaveLength(1);
        const losers = answers.filter((answer) => answer.statusCode !== 200);
        expect(losers.map((answer) => [answer.statusCode, answer.json().error.code])).toEqual(
          Array(7).fill([409, 'IDEMPOTENCY.KEY_REUSED']),
        );
        const stored = await queryRows<{ external_id: string }>(
          t.handle.db,
          sql`SELECT external_id FROM products WHERE partner_id = ${partnerId} AND external_id LIKE 'IDEM-DIFF-%'`,
        );
        expect(stored.map((row) => row.external_id)).toEqual([`IDEM-DIFF-${winners[0]}`]);
      });

      it('one key with the same body 8 times at once: all get the same 200 answer and the work is done once', async () => {
        const seller = sellerRow();
        expect((await partner.call('PUT', '/sellers', { sellers: [seller] })).statusCode).toBe(200);
        const key = `race-${randomUUID()}`;
        // The second row is rejected; every run of the work records its rejection once.
        const body = {
          products: [
            productRow(seller.externalId, { externalId: 'IDEM-SAME-1' }),
            productRow(seller.externalId, { externalId: 'IDEM-SAME-BAD', categoryCode: 'TIDAK-ADA' }),
          ],
        };
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, i) => signed(appFor(i), 'PUT', '/products', body, key)),
        );
        expect(answers.map((answer) => answer.statusCode)).toEqual(Array(8).fill(200));
        const first = answers[0]!.json();
        expect(first.accepted).toBe(1);
        for (const answer of answers) expect(answer.json()).toEqual(first);
        expect(answers.filter((answer) => answer.headers['idempotent-replayed'] === 'true')).toHaveLength(7);
        const [runs] = await queryRows<{ n: number }>(
          t.handle.db,
          sql`SELECT count(*)::int AS n FROM sync_rejections WHERE partner_id = ${partnerId} AND external_id = 'IDEM-SAME-BAD'`,
        );
        expect(runs!.n).toBe(1);
      });
    });

    it('one order event sent 6 times at once (own keys): all get the first answer and the order has one history entry for it', async () => {
      const order = await createTestOrder(t, partner);
      const event = {
        eventId: randomUUID(),
        type: 'accepted',
        occurredAt: new Date().toISOString(),
        data: {},
      };
      const answers = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          signed(appFor(i), 'POST', `/orders/${order.number}/events`, event, `event-${randomUUID()}`),
        ),
      );
      expect(answers.map((answer) => [answer.statusCode, answer.body])).toEqual(
        Array(6).fill([
          200,
          JSON.stringify({ orderNumber: order.number, status: 'accepted', eventId: event.eventId }),
        ]),
      );
      const [history] = await queryRows<{ n: number }>(
        t.handle.db,
        sql`SELECT count(*)::int AS n FROM audit_entries
          WHERE entity_type = 'order' AND entity_id = ${order.id} AND details->>'to' = 'accepted'`,
      );
      expect(history!.n).toBe(1);
    });

    it('30 wrong passwords at once for one user over two instances: at most LOGIN_MAX_FAILURES are checked, the rest get 429; another user from the same address still logs in', async () => {
      const username = 'bendahara.batang';
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          appFor(i).inject({
            method: 'POST',
            url: '/api/v1/auth/login',
            payload: { username, password: `salah-${i}` },
          }),
        ),
      );
      const max = t.config.loginMaxFailures;
      const codes = answers.map((answer) => answer.statusCode);
      // Every password check leaves one login_attempts row.
      const [checked] = await queryRows<{ n: number }>(
        t.handle.db,
        sql`SELECT count(*)::int AS n FROM login_attempts WHERE username = ${username}`,
      );
      expect(checked!.n).toBeLessThanOrEqual(max);
      expect(codes.filter((code) => code === 401).length).toBe(checked!.n);
      expect(codes.filter((code) => code === 429).length).toBe(30 - checked!.n);
      const other = await second.inject({
        method: 'POST',
        url: '/api/v1/auth/login',
        payload: { username: 'pp.semarang', password: 'demo' },
      });
      expect(other.statusCode).toBe(200);
    });

    it('200 checkouts at once for 10 units over two instances sell exactly 10 and stock never goes below zero', async () => {
      const { offers } = await syncTestOffers(t, partner, { products: [{ stock: 10, priceIdr: 10_000 }] });
      const productId = offers[0]!.productId;
      const answers = await Promise.all(
        Array.from({ length: 200 }, (_, i) =>
          checkout(appFor(i), {
            satkerCode: satkers[i % satkers.length],
            deliveryAddress: address,
            lines: [{ productId, qty: 1 }],
          }),
        ),
      );
      const codes = answers.map((answer) => answer.statusCode);
      expect(codes.filter((code) => code === 201)).toHaveLength(10);
      expect(answers.filter((answer) => answer.statusCode !== 201).map((a) => a.json().error.code)).toEqual(
        Array(190).fill('ORDER.OUT_OF_STOCK'),
      );
      const [row] = await queryRows<{ stock: number; sold: number }>(
        t.handle.db,
        sql`SELECT p.stock, (SELECT coalesce(sum(l.qty), 0)::int FROM order_lines l WHERE l.product_id = p.id) AS sold
          FROM products p WHERE p.id = ${productId}`,
      );
      expect(row).toEqual({ stock: 0, sold: 10 });
    }, 60_000);

    it('parallel product syncs with overlapping rows in different orders and parallel checkouts of those products all succeed (no deadlock, no 500)', async () => {
      const count = 24;
      const { sellerExternalId, offers } = await syncTestOffers(t, partner, {
        products: Array.from({ length: count }, () => ({ stock: 1_000_000, priceIdr: 10_000 })),
      });
      const batch = (round: number) => {
        // Each batch has every row, rotated and every other one reversed, with a newer updatedAt.
        const rows = offers.map((offer) =>
          productRow(sellerExternalId, {
            externalId: offer.externalId,
            stock: 1_000_000,
            priceIdr: 10_000,
            updatedAt: new Date(Date.UTC(2024, 1, 1, 0, 0, round)).toISOString(),
          }),
        );
        const rotated = [...rows.slice((round * 5) % count), ...rows.slice(0, (round * 5) % count)];
        return { products: round % 2 === 0 ? rotated : rotated.reverse() };
      };
      const retriesBefore = transactionRetries();
      const syncs = Array.from({ length: 8 }, (_, round) =>
        signed(appFor(round), 'PUT', '/products', batch(round + 1), `deadlock-${randomUUID()}`),
      );
      const checkouts = Array.from({ length: 8 }, (_, i) =>
        checkout(appFor(i + 1), {
          satkerCode: satkers[i % satkers.length],
          deliveryAddress: address,
          lines: offers
            .filter((_, index) => (index + i) % 3 === 0)
            .map((offer) => ({ productId: offer.productId, qty: 1 })),
        }),
      );
      const syncAnswers = await Promise.all(syncs);
      const checkoutAnswers = await Promise.all(checkouts);
      expect(
        syncAnswers.map((answer) => [answer.statusCode, answer.statusCode === 200 ? '' : answer.body]),
      ).toEqual(Array(8).fill([200, '']));
      expect(
        checkoutAnswers.map((answer) => [answer.statusCode, answer.statusCode === 201 ? '' : answer.body]),
      ).toEqual(Array(8).fill([201, '']));
      // Not one deadlock: the lock order alone kept them apart (retries are only the safety net).
      expect(transactionRetries()).toBe(retriesBefore);
    }, 60_000);

    it('partner transaction batches touching the same report days in opposite orders commit without a deadlock', async () => {
      const seller = sellerRow();
      expect((await partner.call('PUT', '/sellers', { sellers: [seller] })).statusCode).toBe(200);
      const days = ['2024-03-04T03:00:00Z', '2024-03-05T03:00:00Z', '2024-03-06T03:00:00Z'];
      const batch = (name: string, shift: number) =>
        Array.from({ length: 24 }, (_, i) => ({
          externalOrderId: `${name}-${String(i).padStart(2, '0')}`,
          satkerCode: satkers[i % 2]!,
          sellerExternalId: seller.externalId,
          orderedAt: days[(i + shift) % days.length]!,
          status: 'accepted' as const,
          lines: [{ name: 'Kertas HVS A4', categoryCode: 'KRT-HVS', qty: 1, unitPriceIdr: 50_000 }],
          totalIdr: 50_000,
          updatedAt: '2024-03-07T00:00:00Z',
        }));
      const retriesBefore = transactionRetries();
      await Promise.all([
        reportPartnerTransactions(t.handle.db, partnerId, batch('TXA', 0)),
        reportPartnerTransactions(secondHandle.db, partnerId, batch('TXB', 2)),
        reportPartnerTransactions(t.handle.db, partnerId, batch('TXC', 1)),
      ]);
      expect(transactionRetries()).toBe(retriesBefore);
      const [counted] = await queryRows<{ n: number }>(
        t.handle.db,
        sql`SELECT coalesce(sum(transaction_count), 0)::int AS n FROM report_region_days
            WHERE day BETWEEN '2024-03-04' AND '2024-03-06' AND pemda_code = '33.25'`,
      );
      expect(counted!.n).toBe(72);
    }, 60_000);
  },
);
