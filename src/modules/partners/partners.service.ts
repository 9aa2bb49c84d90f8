import { and, asc, desc, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { type DbOrTx, isoTimestamp, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import { type Actor, recordAudit } from '../audit/audit.service';
import { noteCatalogWrite } from '../catalog/catalog-writes';
import { idempotencyRecords, partnerSecrets, partners, syncRejections } from './partners.schema';
import { generatePartnerSecret, type SecretBox } from './secret-box';

export interface PartnerView {
  id: string;
  code: string;
  name: string;
  baseUrl: string;
  status: 'active' | 'suspended';
  joinedAt: string;
}

const partnerColumns = {
  id: partners.id,
  code: partners.code,
  name: partners.name,
  baseUrl: partners.baseUrl,
  status: partners.status,
  joinedAt: partners.joinedAt,
};

export interface CreatePartnerInput {
  code: string;
  name: string;
  baseUrl: string;
  joinedAt?: string | undefined;
}

/** Registers a partner and issues its first secret, returned this once. */
export async function createPartner(
  db: DbOrTx,
  box: SecretBox,
  actor: Actor,
  input: CreatePartnerInput,
): Promise<{ partner: PartnerView; secret: string }> {
  const secret = generatePartnerSecret();
  return db.transaction(async (tx) => {
    const [partner] = await tx
      .insert(partners)
      .values({
        code: input.code,
        name: input.name,
        baseUrl: input.baseUrl.replace(/\/+$/, ''),
        joinedAt: input.joinedAt ?? sql`(now() AT TIME ZONE 'Asia/Jakarta')::date`,
      })
      .onConflictDoNothing({ target: partners.code })
      .returning(partnerColumns);
    if (!partner) throw new AppError('PARTNER.CODE_TAKEN', `Kode mitra ${input.code} sudah dipakai.`);
    await tx.insert(partnerSecrets).values({ partnerId: partner.id, ciphertext: box.seal(secret) });
    await recordAudit(tx, actor, {
      action: 'partner.created',
      entityType: 'partner',
      entityId: partner.code,
      details: { name: partner.name, baseUrl: partner.baseUrl },
    });
    return { partner, secret };
  });
}

/**
 * Issues a new secret. The previous ones keep verifying for `graceHours`, so the partner can
 * switch without downtime; the platform signs with the newest from now on.
 */
export async function rotatePartnerSecret(
  db: DbOrTx,
  box: SecretBox,
  actor: Actor,
  code: string,
  graceHours: number,
): Promise<{ secret: string; previousValidUntil: Date }> {
  const partner = await getPartner(db, code);
  const secret = generatePartnerSecret();
  const previousValidUntil = new Date(Date.now() + graceHours * 3_600_000);
  await db.transaction(async (tx) => {
    await tx
      .update(partnerSecrets)
      .set({ expiresAt: previousValidUntil })
      .where(
        and(
          eq(partnerSecrets.partnerId, partner.id),
          or(isNull(partnerSecrets.expiresAt), gt(partnerSecrets.expiresAt, previousValidUntil)),
        ),
      );
    await tx.insert(partnerSecrets).values({ partnerId: partner.id, ciphertext: box.seal(secret) });
    await recordAudit(tx, actor, {
      action: 'partner.secret_rotated',
      entityType: 'partner',
      entityId: partner.code,
      details: { previousValidUntil: previousValidUntil.toISOString() },
    });
  });
  return { secret, previousValidUntil };
}

/** Suspends or reactivates a partner: a suspended partner's calls are refused and its products hidden. */
export async function setPartnerStatus(
  db: DbOrTx,
  actor: Actor,
  code: string,
  status: 'active' | 'suspended',
): Promise<PartnerView> {
  const changed = await db.transaction(async (tx) => {
    const before = await getPartner(tx, code);
    const [partner] = await tx
      .update(partners)
      .set({ status })
      .where(eq(partners.id, before.id))
      .returning(partnerColumns);
    await recordAudit(tx, actor, {
      action: 'partner.status_changed',
      entityType: 'partner',
      entityId: code,
      details: { from: before.status, to: status },
    });
    return partner!;
  });
  noteCatalogWrite();
  return changed;
}

/** A partner by code; throws PARTNER.NOT_FOUND. */
export async function getPartner(db: DbOrTx, code: string): Promise<PartnerView> {
  const [partner] = await db.select(partnerColumns).from(partners).where(eq(partners.code, code));
  if (!partner) throw new AppError('PARTNER.NOT_FOUND', `Mitra ${code} tidak ditemukan.`, { code });
  return partner;
}

export async function findPartner(db: DbOrTx, code: string): Promise<PartnerView | undefined> {
  const [partner] = await db.select(partnerColumns).from(partners).where(eq(partners.code, code));
  return partner;
}

export async function listPartners(db: DbOrTx): Promise<PartnerView[]> {
  return db.select(partnerColumns).from(partners).orderBy(asc(partners.code));
}

/** The secrets that verify a partner's requests now, newest first (decrypted). */
export async function findValidSecrets(db: DbOrTx, box: SecretBox, partnerId: string): Promise<string[]> {
  const rows = await db
    .select({ ciphertext: partnerSecrets.ciphertext })
    .from(partnerSecrets)
    .where(
      and(
        eq(partnerSecrets.partnerId, partnerId),
        or(isNull(partnerSecrets.expiresAt), gt(partnerSecrets.expiresAt, sql`now()`)),
      ),
    )
    .orderBy(desc(partnerSecrets.createdAt));
  return rows.map((row) => box.open(row.ciphertext));
}

/** The secret the platform signs its calls to the partner with: the newest. */
export async function getSigningSecret(db: DbOrTx, box: SecretBox, partnerId: string): Promise<string> {
  const [secret] = await findValidSecrets(db, box, partnerId);
  if (!secret) throw new AppError('PARTNER.NOT_FOUND', 'Mitra tidak memiliki kunci rahasia yang berlaku.');
  return secret;
}

export interface RejectedRow {
  index: number;
  externalId: string | null;
  errors: Array<{ field: string; code: string; message: string }>;
}

/** Keeps rejected rows of a sync for the operator's page. */
export async function recordSyncRejections(
  db: DbOrTx,
  partnerId: string,
  resource: 'sellers' | 'products' | 'transactions',
  rejected: RejectedRow[],
): Promise<void> {
  if (rejected.length === 0) return;
  await db
    .insert(syncRejections)
    .values(rejected.map((row) => ({ partnerId, resource, externalId: row.externalId, errors: row.errors })));
}

export interface PartnerSyncStats {
  code: string;
  sellerCount: number;
  productCount: number;
  activeProductCount: number;
  lastSyncAt: string | null;
  rejectedLast24h: number;
  pendingOutbox: number;
  deadOutbox: number;
}

/** Per partner: sellers, products, last sync, recent rejections and outbox health. */
export async function listPartnerSyncStats(db: DbOrTx): Promise<PartnerSyncStats[]> {
  return queryRows<PartnerSyncStats>(
    db,
    sql`SELECT p.code,
      (SELECT count(*)::int FROM seller_listings l WHERE l.partner_id = p.id) AS "sellerCount",
      (SELECT count(*)::int FROM products pr WHERE pr.partner_id = p.id) AS "productCount",
      (SELECT count(*)::int FROM products pr WHERE pr.partner_id = p.id AND pr.is_active) AS "activeProductCount",
      (SELECT ${isoTimestamp('max(pr.synced_at)')} FROM products pr WHERE pr.partner_id = p.id) AS "lastSyncAt",
      (SELECT count(*)::int FROM sync_rejections r WHERE r.partner_id = p.id AND r.received_at > now() - interval '1 day') AS "rejectedLast24h",
      (SELECT count(*)::int FROM outbox_messages o WHERE o.partner_id = p.id AND o.status = 'pending') AS "pendingOutbox",
      (SELECT count(*)::int FROM outbox_messages o WHERE o.partner_id = p.id AND o.status = 'dead') AS "deadOutbox"
    FROM partners p ORDER BY p.code`,
  );
}

/** The latest rejected rows of a partner, newest first. */
export async function listSyncRejections(db: DbOrTx, partnerId: string, limit = 100) {
  return db
    .select({
      resource: syncRejections.resource,
      externalId: syncRejections.externalId,
      errors: syncRejections.errors,
      receivedAt: syncRejections.receivedAt,
    })
    .from(syncRejections)
    .where(eq(syncRejections.partnerId, partnerId))
    .orderBy(desc(syncRejections.receivedAt))
    .limit(limit);
}

/** Idempotency keys are kept at least 24 hours (PARTNER-API.md); older ones are dropped. */
export async function purgeIdempotencyRecords(db: DbOrTx, hours: number): Promise<void> {
  await db
    .delete(idempotencyRecords)
    .where(lt(idempotencyRecords.createdAt, sql`now() - make_interval(hours => ${Math.max(24, hours)})`));
}
