import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wibDay } from '../../shared/time';
import { createTestPartner, type TestPartner } from '../../testing/partner-client';
import { createTestApp, type TestApp } from '../../testing/test-app';
import { syncTestOffers } from '../../testing/test-orders';
import { scopeFromGrants } from '../accounts/scope';
import { createUser } from '../accounts/users.service';
import { auditEntries } from '../audit/audit.schema';
import { systemActor } from '../audit/audit.service';
import { addCalendarDays } from '../rules/working-days';

/**
 * Separation of duties (issue 13 item 9): the PPK who approves or signs the BAST is not the PP
 * who placed the order, the bendahara who pays is neither; a pemda operator may switch it off
 * from a date, with a reason kept in the audit log.
 */

let t: TestApp;
let partner: TestPartner;
let pp: string;
let ppk: string;
let bendahara: string;
let operator: string;
/** One user holding pp, ppk and bendahara on 3325-SETDA: can do every step, may not do them alone. */
let allInOne: string;
/** pp + bendahara on 3325-SETDA. */
let ppBendahara: string;
/** ppk + bendahara on 3325-SETDA. */
let ppkBendahara: string;

const SATKER = '3325-SETDA';

async function makeUser(username: string, roles: Array<'pp' | 'ppk' | 'bendahara'>) {
  await createUser(
    t.handle.db,
    systemActor('test'),
    scopeFromGrants([{ role: 'operator', pemdaCode: '33', satkerCode: null }]),
    {
      username,
      name: username,
      password: 'rahasia-uji-123',
      roles: roles.map((role) => ({ role, pemdaCode: null, satkerCode: SATKER })),
    },
  );
  return t.login(username, 'rahasia-uji-123');
}

beforeAll(async () => {
  t = await createTestApp();
  partner = await createTestPartner(t, 'mitra-pemisahan');
  pp = await t.login('pp.batang');
  ppk = await t.login('ppk.batang');
  bendahara = await t.login('bendahara.batang');
  operator = await t.login('admin.batang');
  allInOne = await makeUser('serba.bisa', ['pp', 'ppk', 'bendahara']);
  ppBendahara = await makeUser('pp.bendahara', ['pp', 'bendahara']);
  ppkBendahara = await makeUser('ppk.bendahara', ['ppk', 'bendahara']);
});
afterAll(() => t?.close());

/** Batang's rule asks the PPK's approval above Rp15.000.000: Rp16.000.000 waits for it. */
async function placeOrder(cookie: string, grossIdr = 550_000) {
  const { offers } = await syncTestOffers(t, partner, {
    products: [{ priceIdr: grossIdr / 10, name: 'Barang uji pemisahan', stock: 1000 }],
  });
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/v1/orders',
    headers: { cookie },
    payload: {
      satkerCode: SATKER,
      deliveryAddress: 'Jl. Veteran No. 1, Batang',
      lines: offers.map((o) => ({ productId: o.productId, qty: 10 })),
    },
  });
  if (response.statusCode !== 201) throw new Error(response.body);
  return response.json().orders[0] as { number: string; status: string; totals: { totalIdr: number } };
}

function act(cookie: string, number: string, action: string, payload?: unknown) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/orders/${number}/${action}`,
    headers: { cookie },
    payload: payload as never,
  });
}

async function partnerEvents(number: string, ...types: string[]) {
  for (const type of types) {
    const data = type === 'shipped' ? { courier: 'JNE', trackingNo: 'JNE1' } : {};
    const response = await partner.call('POST', `/orders/${number}/events`, {
      eventId: randomUUID(),
      type,
      occurredAt: new Date().toISOString(),
      data,
    });
    if (response.statusCode !== 200) throw new Error(response.body);
  }
}

const receipt = () => ({ receivedAt: new Date().toISOString(), lines: [{ lineNo: 1, qtyAccepted: 10 }] });

async function invoice(number: string) {
  const view = await t.app.inject({
    method: 'GET',
    url: `/api/v1/orders/${number}`,
    headers: { cookie: ppk },
  });
  const totalIdr = view.json().totals.totalIdr as number;
  await partner.call('POST', `/orders/${number}/events`, {
    eventId: randomUUID(),
    type: 'invoiced',
    occurredAt: new Date().toISOString(),
    data: { invoiceNo: `INV/${number}`, amountIdr: totalIdr },
  });
  return totalIdr;
}

const payment = (amountIdr: number) => ({
  method: 'va',
  amountIdr,
  paidAt: new Date().toISOString(),
  reference: 'SP2D-UJI',
});

function expectRefused(
  response: { statusCode: number; json(): unknown },
  duty: string,
  conflictsWith: string[],
) {
  expect(response.statusCode).toBe(403);
  const error = (response.json() as { error: { code: string; message: string; details: unknown } }).error;
  expect(error.code).toBe('ORDER.SEPARATION_OF_DUTIES');
  expect(error.message).toMatch(/^Pemisahan tugas: /);
  expect(error.details).toMatchObject({ rule: 'separationOfDuties', duty, conflictsWith });
}

async function statusOf(number: string) {
  const view = await t.app.inject({
    method: 'GET',
    url: `/api/v1/orders/${number}`,
    headers: { cookie: ppk },
  });
  return view.json() as { status: string; history: Array<{ status: string; by: string }> };
}

describe('separation of duties (on by default)', () => {
  it('a user holding pp and ppk cannot approve the Rp16.000.000 order they placed; it stays pending', async () => {
    const order = await placeOrder(allInOne, 16_000_000);
    expect(order.status).toBe('pending_approval');
    expectRefused(await act(allInOne, order.number, 'approve'), 'approve', ['pp']);
    expect((await statusOf(order.number)).status).toBe('pending_approval');
  });

  it('another PPK approves it, and the history names who placed and who approved', async () => {
    const order = await placeOrder(pp, 16_000_000);
    const approved = await act(ppk, order.number, 'approve');
    expect(approved.statusCode).toBe(200);
    expect(approved.json().status).toBe('sent');
    const { history } = await statusOf(order.number);
    expect(history.map((h) => [h.status, h.by])).toEqual([
      ['pending_approval', 'pp.batang'],
      ['sent', 'ppk.batang'],
    ]);
  });

  it('the PP who placed an order cannot sign its BAST, even holding ppk; another PPK can', async () => {
    const order = await placeOrder(allInOne);
    await partnerEvents(order.number, 'accepted', 'shipped', 'delivered');
    expectRefused(await act(allInOne, order.number, 'receipt', receipt()), 'receive', ['pp']);
    expect((await statusOf(order.number)).status).toBe('delivered');
    expect((await act(ppk, order.number, 'receipt', receipt())).statusCode).toBe(200);
  });

  it('the bendahara cannot be the PP who placed the order', async () => {
    const order = await placeOrder(ppBendahara);
    await partnerEvents(order.number, 'accepted', 'shipped', 'delivered');
    expect((await act(ppk, order.number, 'receipt', receipt())).statusCode).toBe(200);
    const total = await invoice(order.number);
    expectRefused(await act(ppBendahara, order.number, 'payment', payment(total)), 'pay', ['pp']);
    expect((await statusOf(order.number)).status).toBe('invoiced');
    expect((await act(bendahara, order.number, 'payment', payment(total))).statusCode).toBe(200);
  });

  it('the bendahara cannot be the PPK who signed the BAST', async () => {
    const order = await placeOrder(pp);
    await partnerEvents(order.number, 'accepted', 'shipped', 'delivered');
    expect((await act(ppkBendahara, order.number, 'receipt', receipt())).statusCode).toBe(200);
    const total = await invoice(order.number);
    expectRefused(await act(ppkBendahara, order.number, 'payment', payment(total)), 'pay', ['ppk']);
    expect((await act(bendahara, order.number, 'payment', payment(total))).statusCode).toBe(200);
  });

  it('the bendahara cannot be the PPK who approved the order', async () => {
    const order = await placeOrder(pp, 16_000_000);
    expect((await act(ppkBendahara, order.number, 'approve')).statusCode).toBe(200);
    await partnerEvents(order.number, 'accepted', 'shipped', 'delivered');
    expect((await act(ppk, order.number, 'receipt', receipt())).statusCode).toBe(200);
    const total = await invoice(order.number);
    expectRefused(await act(ppkBendahara, order.number, 'payment', payment(total)), 'pay', ['ppk']);
    const { history } = await statusOf(order.number);
    expect(history.map((h) => [h.status, h.by])).toEqual([
      ['pending_approval', 'pp.batang'],
      ['sent', 'ppk.bendahara'],
      ['accepted', expect.any(String)],
      ['shipped', expect.any(String)],
      ['delivered', expect.any(String)],
      ['received', 'ppk.batang'],
      ['invoiced', expect.any(String)],
    ]);
  });
});

describe('switching separation of duties off (pemda operator, from a date, with a reason)', () => {
  const rule = (from: string, extra: Record<string, unknown>) => ({
    pemdaCode: '33.25',
    effectiveFrom: from,
    directPurchaseLimitIdr: 50_000_000,
    approvalThresholdIdr: 15_000_000,
    splitWindowDays: 14,
    unansweredCancelWorkingDays: 3,
    aboveLimitAdvice: 'Di atas batas ini gunakan e-katalog lokal Kabupaten Batang.',
    ...extra,
  });
  const setRule = (body: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/admin/rules',
      headers: { cookie: operator },
      payload: body as never,
    });

  it('is refused without a reason (or with a blank or too short one)', async () => {
    const today = wibDay(new Date());
    for (const reason of [undefined, null, '', '    ', 'singkat']) {
      const response = await setRule(
        rule(today, { separationOfDuties: false, separationOfDutiesOffReason: reason }),
      );
      expect(response.statusCode).toBe(422);
      expect(response.json().error).toMatchObject({
        code: 'RULE.INVALID',
        details: { field: 'separationOfDutiesOffReason' },
      });
    }
    const rules = await t.app.inject({
      method: 'GET',
      url: '/api/v1/rules/effective?pemdaCode=33.25',
      headers: { cookie: pp },
    });
    expect(rules.json().separationOfDuties).toBe(true);
  });

  it('switched off from tomorrow, a self-approval today is still refused', async () => {
    const tomorrow = addCalendarDays(wibDay(new Date()), 1);
    const reason = 'Satker kecil hanya memiliki satu pejabat pengadaan mulai besok.';
    const saved = await setRule(
      rule(tomorrow, { separationOfDuties: false, separationOfDutiesOffReason: reason }),
    );
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ separationOfDuties: false, separationOfDutiesOffReason: reason });
    const order = await placeOrder(allInOne, 16_000_000);
    expectRefused(await act(allInOne, order.number, 'approve'), 'approve', ['pp']);
  });

  it('switched off from today with a reason: the self-approval passes and the audit entry holds the reason and the operator', async () => {
    const reason = 'Hanya ada satu pejabat di Setda Batang selama masa transisi pegawai.';
    const saved = await setRule(
      rule(wibDay(new Date()), { separationOfDuties: false, separationOfDutiesOffReason: `  ${reason} ` }),
    );
    expect(saved.statusCode).toBe(201);
    const [entry] = await t.handle.db
      .select()
      .from(auditEntries)
      .where(and(eq(auditEntries.action, 'rule.set'), eq(auditEntries.entityId, saved.json().id)))
      .orderBy(desc(auditEntries.id));
    expect(entry?.actorLabel).toBe('admin.batang');
    expect(entry?.actorUserId).not.toBeNull();
    expect(entry?.details).toMatchObject({ separationOfDuties: false, separationOfDutiesOffReason: reason });

    const order = await placeOrder(allInOne, 16_000_000);
    const approved = await act(allInOne, order.number, 'approve');
    expect(approved.statusCode).toBe(200);
    expect((await statusOf(order.number)).history.map((h) => h.by)).toEqual(['serba.bisa', 'serba.bisa']);
  });

  it('switching it back on drops the stored reason', async () => {
    const saved = await setRule(
      rule(wibDay(new Date()), {
        separationOfDuties: true,
        separationOfDutiesOffReason: 'diabaikan saat aktif',
      }),
    );
    expect(saved.statusCode).toBe(201);
    expect(saved.json()).toMatchObject({ separationOfDuties: true, separationOfDutiesOffReason: null });
    const order = await placeOrder(allInOne, 16_000_000);
    expectRefused(await act(allInOne, order.number, 'approve'), 'approve', ['pp']);
  });
});
