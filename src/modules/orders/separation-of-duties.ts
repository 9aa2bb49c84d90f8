import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { wibDay } from '../../shared/time';
import { type Actor, listAuditEntries } from '../audit/audit.service';
import { getEffectiveRule } from '../rules/rules.service';
import { orders } from './orders.schema';

/** The officials' steps that separation of duties keeps apart from each other. */
export type Duty = 'approve' | 'receive' | 'pay';

const refusals: Record<Duty, string> = {
  approve: 'PPK yang menyetujui pesanan tidak boleh PP yang membuatnya',
  receive: 'PPK yang menandatangani BAST tidak boleh PP yang membuat pesanan',
  pay: 'bendahara yang mencatat pembayaran tidak boleh PP yang membuat pesanan atau PPK yang menyetujui atau menerimanya',
};

/**
 * Separation of duties (the pemda's purchase rule in force on the day of the step, on by
 * default): the PPK who approves an order or signs its BAST is not the user who placed it, and
 * the bendahara who records the payment is neither the one who placed it nor a PPK who approved
 * it or signed its BAST. People are told apart by user id, so one user holding pp, ppk and
 * bendahara on a satker cannot act alone. The actors come from the order's history (the audit
 * entries of its transitions). System actors (no user) are not people and are never refused.
 * Call it inside the step's transaction, after the order row is locked.
 */
export async function assertSeparationOfDuties(
  tx: DbOrTx,
  orderId: string,
  actor: Actor,
  duty: Duty,
  now: Date = new Date(),
): Promise<void> {
  if (actor.userId === null) return;
  const [order] = await tx
    .select({ number: orders.number, pemdaCode: orders.pemdaCode, placedBy: orders.createdByUserId })
    .from(orders)
    .where(eq(orders.id, orderId));
  if (!order) return;
  const rule = await getEffectiveRule(tx, order.pemdaCode, wibDay(now));
  if (!rule.separationOfDuties) return;
  const conflicts: Array<'pp' | 'ppk'> = [];
  if (order.placedBy === actor.userId) conflicts.push('pp');
  if (duty === 'pay') {
    const history = await listAuditEntries(tx, 'order', orderId, 1000);
    const byThisPpk = history.some((entry) => {
      const details = entry.details as { to?: string; by?: string } | null;
      return (
        entry.actorUserId === actor.userId &&
        details?.by === 'ppk' &&
        (details.to === 'sent' || details.to === 'received')
      );
    });
    if (byThisPpk) conflicts.push('ppk');
  }
  if (conflicts.length === 0) return;
  throw new AppError(
    'ORDER.SEPARATION_OF_DUTIES',
    `Pemisahan tugas: ${refusals[duty]} (pesanan ${order.number}). Tindakan ini harus dilakukan pejabat lain.`,
    { number: order.number, rule: 'separationOfDuties', duty, conflictsWith: conflicts },
  );
}
