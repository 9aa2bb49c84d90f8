import { and, asc, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { AppError } from '../../shared/errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { holidayData } from './holidays.data';
import { publicHolidays, purchaseRules } from './rules.schema';

export interface PurchaseRule {
  id: string;
  /** null: the national default. */
  pemdaCode: string | null;
  effectiveFrom: string;
  directPurchaseLimitIdr: number;
  approvalThresholdIdr: number | null;
  splitWindowDays: number;
  unansweredCancelWorkingDays: number;
  aboveLimitAdvice: string;
  /** Whether approve/BAST/payment must be done by distinct people (orders/separation-of-duties.ts). */
  separationOfDuties: boolean;
  /** The operator's reason for switching separation of duties off; null while it is on. */
  separationOfDutiesOffReason: string | null;
  note: string | null;
  createdAt: string;
}

/**
 * The national default of DOMAIN.md: direct purchase of goods and non-consulting services stays
 * below Rp200.000.000 (Perpres 12/2021), no PPK approval step, 14 days for splitting, 3 working
 * days for a partner to answer.
 */
export const nationalDefaultRule = {
  effectiveFrom: '2021-01-01',
  directPurchaseLimitIdr: 200_000_000,
  approvalThresholdIdr: null,
  splitWindowDays: 14,
  unansweredCancelWorkingDays: 3,
  aboveLimitAdvice: 'Untuk nilai sebesar ini gunakan e-katalog LKPP atau tender melalui SPSE.',
  separationOfDuties: true,
  note: 'Aturan bawaan nasional (Perpres 12/2021).',
} as const;

/** Loads the national default rule and the holiday data once; idempotent. */
export async function ensureReferenceRules(db: DbOrTx): Promise<void> {
  await db
    .insert(purchaseRules)
    .values({ pemdaCode: null, ...nationalDefaultRule })
    .onConflictDoNothing();
  await db
    .insert(publicHolidays)
    .values([...holidayData])
    .onConflictDoNothing();
}

function toView(row: typeof purchaseRules.$inferSelect): PurchaseRule {
  return {
    id: row.id,
    pemdaCode: row.pemdaCode,
    effectiveFrom: row.effectiveFrom,
    directPurchaseLimitIdr: row.directPurchaseLimitIdr,
    approvalThresholdIdr: row.approvalThresholdIdr,
    splitWindowDays: row.splitWindowDays,
    unansweredCancelWorkingDays: row.unansweredCancelWorkingDays,
    aboveLimitAdvice: row.aboveLimitAdvice,
    separationOfDuties: row.separationOfDuties,
    separationOfDutiesOffReason: row.separationOfDutiesOffReason,
    note: row.note,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The rule in force for a pemda on a WIB day: the pemda's latest rule from on or before that
 * day, else the national default's. Throws RULE.NOT_FOUND when neither exists.
 */
export async function getEffectiveRule(db: DbOrTx, pemdaCode: string, day: string): Promise<PurchaseRule> {
  const [row] = await db
    .select()
    .from(purchaseRules)
    .where(
      and(
        or(eq(purchaseRules.pemdaCode, pemdaCode), isNull(purchaseRules.pemdaCode)),
        lte(purchaseRules.effectiveFrom, day),
      ),
    )
    .orderBy(sql`${purchaseRules.pemdaCode} is null`, desc(purchaseRules.effectiveFrom))
    .limit(1);
  if (!row)
    throw new AppError('RULE.NOT_FOUND', `Belum ada aturan pembelian yang berlaku untuk ${pemdaCode}.`);
  return toView(row);
}

/** Every rule of a pemda (and the national default), oldest first. */
export async function listRules(db: DbOrTx, pemdaCode: string | null): Promise<PurchaseRule[]> {
  const rows = await db
    .select()
    .from(purchaseRules)
    .where(
      pemdaCode ? or(eq(purchaseRules.pemdaCode, pemdaCode), isNull(purchaseRules.pemdaCode)) : undefined,
    )
    .orderBy(
      sql`${purchaseRules.pemdaCode} is not null`,
      asc(purchaseRules.pemdaCode),
      asc(purchaseRules.effectiveFrom),
    );
  return rows.map(toView);
}

export interface SetRuleInput {
  pemdaCode: string | null;
  effectiveFrom: string;
  directPurchaseLimitIdr: number;
  approvalThresholdIdr: number | null;
  splitWindowDays: number;
  unansweredCancelWorkingDays: number;
  aboveLimitAdvice: string;
  /** Separation of duties; on when left out. */
  separationOfDuties?: boolean | undefined;
  /** Required (at least 10 characters) when `separationOfDuties` is false; ignored when on. */
  separationOfDutiesOffReason?: string | null | undefined;
  note?: string | null;
}

/** Shortest reason accepted for switching separation of duties off. */
export const SEPARATION_OFF_REASON_MIN = 10;

/**
 * Sets a pemda's rule from a date (replacing a rule that starts the same day), with its audit
 * entry. Limits above the national ceiling are refused: a pemda may be stricter, never looser.
 * Switching separation of duties off needs a reason, kept on the rule and in the audit entry
 * with the operator who set it.
 */
export async function setRule(db: DbOrTx, actor: Actor, input: SetRuleInput): Promise<PurchaseRule> {
  if (input.pemdaCode !== null && input.directPurchaseLimitIdr > nationalDefaultRule.directPurchaseLimitIdr) {
    throw new AppError(
      'RULE.INVALID',
      'Batas pembelian langsung pemda tidak boleh melebihi batas nasional Rp200.000.000.',
      { field: 'directPurchaseLimitIdr' },
    );
  }
  if (input.approvalThresholdIdr !== null && input.approvalThresholdIdr >= input.directPurchaseLimitIdr) {
    throw new AppError('RULE.INVALID', 'Ambang persetujuan PPK harus di bawah batas pembelian langsung.', {
      field: 'approvalThresholdIdr',
    });
  }
  const separationOfDuties = input.separationOfDuties ?? true;
  const offReason = separationOfDuties ? null : (input.separationOfDutiesOffReason?.trim() ?? '');
  if (offReason !== null && offReason.length < SEPARATION_OFF_REASON_MIN) {
    throw new AppError(
      'RULE.INVALID',
      `Pemisahan tugas hanya dapat dimatikan dengan alasan (minimal ${SEPARATION_OFF_REASON_MIN} karakter).`,
      { field: 'separationOfDutiesOffReason' },
    );
  }
  return db.transaction(async (tx) => {
    const values = {
      pemdaCode: input.pemdaCode,
      effectiveFrom: input.effectiveFrom,
      directPurchaseLimitIdr: input.directPurchaseLimitIdr,
      approvalThresholdIdr: input.approvalThresholdIdr,
      splitWindowDays: input.splitWindowDays,
      unansweredCancelWorkingDays: input.unansweredCancelWorkingDays,
      aboveLimitAdvice: input.aboveLimitAdvice,
      separationOfDuties,
      separationOfDutiesOffReason: offReason,
      note: input.note ?? null,
      createdByUserId: actor.userId,
    };
    // One rule per pemda and start day: setting it again replaces it.
    await tx
      .delete(purchaseRules)
      .where(
        and(
          input.pemdaCode === null
            ? isNull(purchaseRules.pemdaCode)
            : eq(purchaseRules.pemdaCode, input.pemdaCode),
          eq(purchaseRules.effectiveFrom, input.effectiveFrom),
        ),
      );
    const [row] = await tx.insert(purchaseRules).values(values).returning();
    await recordAudit(tx, actor, {
      action: 'rule.set',
      entityType: 'purchase_rule',
      entityId: row!.id,
      details: values,
    });
    return toView(row!);
  });
}

/** Days off between two WIB days inclusive, as a set for working-day counts. */
export async function loadDaysOff(db: DbOrTx, from: string, to: string): Promise<Set<string>> {
  const rows = await db
    .select({ day: publicHolidays.day })
    .from(publicHolidays)
    .where(and(gte(publicHolidays.day, from), lte(publicHolidays.day, to)));
  return new Set(rows.map((row) => row.day));
}

export async function listHolidays(db: DbOrTx, year: number) {
  return db
    .select()
    .from(publicHolidays)
    .where(and(gte(publicHolidays.day, `${year}-01-01`), lte(publicHolidays.day, `${year}-12-31`)))
    .orderBy(asc(publicHolidays.day));
}

export async function addHoliday(
  db: DbOrTx,
  actor: Actor,
  input: { day: string; name: string; kind: 'libur_nasional' | 'cuti_bersama' },
) {
  await db.transaction(async (tx) => {
    await tx
      .insert(publicHolidays)
      .values(input)
      .onConflictDoUpdate({ target: publicHolidays.day, set: { name: input.name, kind: input.kind } });
    await recordAudit(tx, actor, {
      action: 'holiday.set',
      entityType: 'holiday',
      entityId: input.day,
      details: input,
    });
  });
}
