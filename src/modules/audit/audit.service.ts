import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { auditEntries } from './audit.schema';

/** Who acts: a signed-in user, or the system itself (CLI, seeding, workers). */
export interface Actor {
  userId: string | null;
  label: string;
}

export const systemActor = (label = 'system'): Actor => ({ userId: null, label });

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  details?: Record<string, unknown>;
}

/** Appends an audit entry; call it inside the transaction of the change it records. */
export async function recordAudit(tx: DbOrTx, actor: Actor, input: AuditInput): Promise<void> {
  await recordAudits(tx, actor, [input]);
}

/** Several entries by one actor in one statement, in the order given. */
export async function recordAudits(tx: DbOrTx, actor: Actor, inputs: AuditInput[]): Promise<void> {
  if (inputs.length === 0) return;
  await tx.insert(auditEntries).values(
    inputs.map((input) => ({
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId,
      details: input.details ?? null,
    })),
  );
}

/** The history of one record, newest first. */
export async function listAuditEntries(db: DbOrTx, entityType: string, entityId: string, limit = 100) {
  return db
    .select()
    .from(auditEntries)
    .where(and(eq(auditEntries.entityType, entityType), eq(auditEntries.entityId, entityId)))
    .orderBy(desc(auditEntries.id))
    .limit(limit);
}
