import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { orders } from '../modules/orders/orders.schema';
import { recordPayment, recordReceipt } from '../modules/orders/orders.service';
import { applyPartnerEvent } from '../modules/orders/partner-events';
import { partners } from '../modules/partners/partners.schema';
import { projectionTables } from '../modules/reports/report-projection';
import { wibDay } from '../shared/time';
import type { TestPartner } from './partner-client';
import type { TestApp } from './test-app';
import { createTestOrder } from './test-orders';

/** Deterministic PRNG (mulberry32) so a failing scenario can be replayed by its seed. */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = state;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
  };
}

const buyers = [
  { pemdaCode: '33.25', satkerCode: '3325-SETDA' },
  { pemdaCode: '33.25', satkerCode: '3325-DINKES' },
  { pemdaCode: '33.74', satkerCode: '3374-DISDIK' },
  { pemdaCode: '33.26', satkerCode: '3326-SETDA' },
];
const sellerKinds = [
  { scale: 'mikro', legalForm: 'UD', regionCode: '33.25' },
  { scale: 'kecil', legalForm: 'CV', regionCode: '33.74' },
  { scale: 'menengah', legalForm: 'PT', regionCode: '33.25' },
  { scale: 'besar', legalForm: 'PT', regionCode: '33.26' },
  { scale: 'menengah', legalForm: 'KOPERASI', regionCode: '33.26' },
];
const productKinds = [
  { categoryCode: 'KRT-HVS', isDomestic: true, tkdnPercent: 45.5, bmpPercent: 5 },
  { categoryCode: 'KRT-HVS', isDomestic: true, tkdnPercent: 30, bmpPercent: 0 },
  {
    categoryCode: 'ATK-TULIS',
    isDomestic: true,
    tkdnPercent: null,
    bmpPercent: null,
    tkdnCertificateNo: null,
  },
  {
    categoryCode: 'ATK-TULIS',
    isDomestic: false,
    tkdnPercent: null,
    bmpPercent: null,
    tkdnCertificateNo: null,
  },
];
// Minutes around WIB midnight and month ends, where a UTC day would put orders wrongly.
const instants = [
  '2024-03-31T23:30:00+07:00',
  '2024-04-01T00:30:00+07:00',
  '2024-04-01T16:59:00Z',
  '2024-04-01T17:01:00Z',
  '2024-04-15T10:00:00+07:00',
  '2024-04-30T23:59:00+07:00',
  '2024-05-01T00:00:00+07:00',
];

export async function partnerRecord(t: TestApp, code: string) {
  const [row] = await t.handle.db.select().from(partners).where(eq(partners.code, code));
  return { id: row!.id, code: row!.code };
}

/**
 * A random history: orders created for several buyers and sellers, then accepted, rejected,
 * cancelled, shipped, delivered, received with partial quantities, invoiced, paid and
 * forwarded, each step through the same service functions as real traffic.
 */
export async function runRandomScenario(t: TestApp, partner: TestPartner, seed: number, orderCount: number) {
  const random = randomSource(seed);
  const db = t.handle.db;
  const record = await partnerRecord(t, partner.code);
  const policy = { routingDeadlineHours: t.config.routingDeadlineHours };
  const actor = { userId: null, label: 'test' };
  const event = (number: string, type: string, data: Record<string, unknown> = {}) =>
    applyPartnerEvent(db, record, number, {
      eventId: randomUUID(),
      type: type as 'accepted',
      occurredAt: new Date().toISOString(),
      data,
    });
  for (let index = 0; index < orderCount; index++) {
    const buyer = random.pick(buyers);
    const sellerKind = random.pick(sellerKinds);
    const lineCount = random.int(1, 3);
    const lines = Array.from({ length: lineCount }, () => {
      const { categoryCode, ...product } = random.pick(productKinds);
      return { priceIdr: random.int(1, 400) * 1_000, qty: random.int(1, 20), categoryCode, product };
    });
    const order = await createTestOrder(t, partner, {
      ...buyer,
      seller: sellerKind,
      lines,
      orderedAt: random.pick(instants),
    });
    const steps = random.int(0, 9);
    if (steps === 0) continue; // stays sent
    if (steps === 1) {
      await event(order.number, 'rejected', { reason: 'stok habis' });
      continue;
    }
    if (steps === 2) {
      await event(order.number, 'cancelled', { reason: 'dibatalkan' });
      continue;
    }
    await event(order.number, 'accepted');
    if (steps === 3) {
      await event(order.number, 'cancelled', { reason: 'batal setelah diterima' });
      continue;
    }
    if (steps === 4) continue;
    await event(order.number, 'shipped', { courier: 'JNE', trackingNo: `JNE${index}` });
    await event(order.number, 'delivered');
    if (steps === 5) continue;
    await recordReceipt(db, policy, actor, order.number, {
      receivedAt: `2024-05-${String(random.int(1, 9)).padStart(2, '0')}T10:00:00+07:00`,
      lines: Array.from({ length: lineCount }, (_, line) => ({
        lineNo: line + 1,
        qtyAccepted: random.chance(0.5) ? lines[line]!.qty : random.int(0, lines[line]!.qty),
      })),
    });
    if (steps === 6) continue;
    const [{ totalIdr }] = (await db
      .select({ totalIdr: orders.totalIdr })
      .from(orders)
      .where(eq(orders.number, order.number))) as [{ totalIdr: number }];
    if (totalIdr === 0) continue;
    await event(order.number, 'invoiced', { invoiceNo: `INV-${index}`, amountIdr: totalIdr });
    if (steps === 7) continue;
    await recordPayment(db, policy, actor, order.number, {
      method: 'va',
      amountIdr: totalIdr,
      paidAt: `2024-05-${String(random.int(10, 28)).padStart(2, '0')}T09:00:00+07:00`,
      reference: `VA-${index}`,
    });
    if (steps === 9)
      await event(order.number, 'payment_forwarded', { amountIdr: totalIdr, reference: `FW-${index}` });
  }
}

export interface IndependentFigures {
  transactionCount: number;
  valueIdr: number;
  umkValueIdr: number;
  pdnValueIdr: number;
  tkdnValueIdr: number;
  localValueIdr: number;
  sellers: Set<string>;
}

/**
 * The regions' figures recomputed from the order rows in plain TypeScript, with the rules
 * written out again (not the projection's SQL): counted statuses, WIB day of orderedAt,
 * accepted quantities, seller class, product class from the product rows.
 */
export async function recomputeFromOrderRows(t: TestApp, from: string, to: string) {
  const db = t.handle.db;
  const counted = new Set(['accepted', 'shipped', 'delivered', 'received', 'invoiced', 'paid', 'completed']);
  const rows = await queryRows<{
    id: string;
    status: string;
    pemda_code: string;
    seller_id: string;
    ordered_at: string;
    total_idr: string | number;
    scale: string;
    legal_form: string | null;
    kabkota_code: string;
    qty: number;
    qty_accepted: number | null;
    unit_price_idr: string | number;
    tkdn_percent: string | null;
    bmp_percent: string | null;
    is_domestic: boolean;
  }>(
    db,
    sql`SELECT o.id, o.status, o.pemda_code, o.seller_id, o.ordered_at::text, o.total_idr, s.scale, s.legal_form,
        s.kabkota_code, l.qty, l.qty_accepted, l.unit_price_idr, p.tkdn_percent::text, p.bmp_percent::text, p.is_domestic
      FROM orders o JOIN sellers s ON s.id = o.seller_id JOIN order_lines l ON l.order_id = o.id
      JOIN products p ON p.id = l.product_id`,
  );
  const figures = new Map<string, IndependentFigures>();
  const seen = new Set<string>();
  const entry = (pemda: string) => {
    const existing = figures.get(pemda);
    if (existing) return existing;
    const created = {
      transactionCount: 0,
      valueIdr: 0,
      umkValueIdr: 0,
      pdnValueIdr: 0,
      tkdnValueIdr: 0,
      localValueIdr: 0,
      sellers: new Set<string>(),
    };
    figures.set(pemda, created);
    return created;
  };
  for (const row of rows) {
    const day = wibDay(new Date(row.ordered_at));
    if (!counted.has(row.status) || day < from || day > to) continue;
    const f = entry(row.pemda_code);
    const total = Number(row.total_idr);
    const isUmk = row.scale === 'mikro' || row.scale === 'kecil' || row.legal_form === 'KOPERASI';
    if (!seen.has(row.id)) {
      seen.add(row.id);
      f.transactionCount += 1;
      f.valueIdr += total;
      if (isUmk) f.umkValueIdr += total;
      if (row.kabkota_code === row.pemda_code) f.localValueIdr += total;
      f.sellers.add(row.seller_id);
    }
    const lineValue = (row.qty_accepted ?? row.qty) * Number(row.unit_price_idr);
    const tkdn = row.tkdn_percent === null ? null : Number(row.tkdn_percent);
    if (row.is_domestic || (tkdn !== null && tkdn >= 25)) f.pdnValueIdr += lineValue;
    if (tkdn !== null) f.tkdnValueIdr += Math.floor((lineValue * tkdn) / 100);
  }
  const transactions = await queryRows<{
    status: string;
    pemda_code: string;
    seller_id: string;
    ordered_at: string;
    total_idr: string | number;
    scale: string;
    legal_form: string | null;
    kabkota_code: string;
    lines: Array<{ qty: number; unitPriceIdr: number; tkdnPercent?: number | null }>;
  }>(
    db,
    sql`SELECT t.status, t.pemda_code, t.seller_id, t.ordered_at::text, t.total_idr, s.scale, s.legal_form, s.kabkota_code, t.lines
      FROM partner_transactions t JOIN sellers s ON s.id = t.seller_id`,
  );
  for (const row of transactions) {
    const day = wibDay(new Date(row.ordered_at));
    if (!['accepted', 'delivered', 'paid'].includes(row.status) || day < from || day > to) continue;
    const f = entry(row.pemda_code);
    const total = Number(row.total_idr);
    f.transactionCount += 1;
    f.valueIdr += total;
    if (row.scale === 'mikro' || row.scale === 'kecil' || row.legal_form === 'KOPERASI')
      f.umkValueIdr += total;
    if (row.kabkota_code === row.pemda_code) f.localValueIdr += total;
    f.sellers.add(row.seller_id);
    for (const line of row.lines) {
      const value = line.qty * line.unitPriceIdr;
      const tkdn = line.tkdnPercent ?? null;
      if (tkdn !== null && tkdn > 0) f.pdnValueIdr += value;
      if (tkdn !== null) f.tkdnValueIdr += Math.floor((value * tkdn) / 100);
    }
  }
  return figures;
}

/** Every aggregate table's rows, sorted, for comparing the incremental and rebuilt projection. */
export async function snapshotProjection(t: TestApp) {
  const tables = projectionTables();
  const snapshot: Record<string, string[]> = {};
  for (const table of tables) {
    const rows = await queryRows<Record<string, unknown>>(t.handle.db, sql.raw(`SELECT * FROM ${table}`));
    snapshot[table] = rows
      .map((row) =>
        JSON.stringify(row, (_key, value) =>
          value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? String(value) : value,
        ),
      )
      .sort();
  }
  return snapshot;
}
