import { createHash, randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { type Db, queryRows } from '../../db/client';
import { AppError } from '../../shared/errors';
import { isTimestampFresh, signatureMatches } from '../../shared/partner-signature';
import { findPartner, findValidSecrets, type PartnerView } from './partners.service';
import type { SecretBox } from './secret-box';

/** PARTNER-API.md "Errors": bodies over 5 MB get 413. */
export const PARTNER_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    partner: PartnerView | null;
    rawBody: Buffer | null;
    /** The Idempotency-Key this request claimed (it does the work); null for a replay or a read. */
    idempotency: { key: string; requestHash: string; claimToken: string; settled: boolean } | null;
  }
}

/**
 * Makes an encapsulated Fastify context speak the Partner API's transport rules: raw bodies
 * up to 5 MB, HMAC signature with the timestamp window (before the body is even parsed as
 * JSON, so an unsigned caller learns nothing), and Idempotency-Key replay for writes.
 */
export function registerPartnerAuth(app: FastifyInstance, db: Db, box: SecretBox) {
  app.decorateRequest('partner', null);
  app.decorateRequest('rawBody', null);
  app.decorateRequest('idempotency', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    '*',
    { parseAs: 'buffer', bodyLimit: PARTNER_BODY_LIMIT_BYTES },
    (request, body, done) => {
      request.rawBody = body as Buffer;
      done(null, undefined);
    },
  );

  app.addHook('preValidation', async (request, reply) => {
    request.partner = await verifyPartnerSignature(db, box, request);
    request.body = parseJsonBody(request);
    if (request.method === 'PUT' || request.method === 'POST') {
      await claimIdempotencyKey(db, request, reply);
    }
  });

  // The claim becomes the stored answer on success; on any other answer it is given up, since
  // only successes are replayed: a refused request (e.g. an event arriving before its turn) may
  // succeed when retried with the same key later.
  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotency;
    if (!claim || claim.settled || !request.partner) return payload;
    claim.settled = true;
    const success = reply.statusCode < 300 && typeof payload === 'string';
    try {
      await (success
        ? storeAnswer(db, request.partner.id, claim, reply.statusCode, payload)
        : releaseClaim(db, request.partner.id, claim));
    } catch (error) {
      request.log.error({ err: error }, 'idempotency answer not stored');
      await releaseClaim(db, request.partner.id, claim).catch(() => undefined);
    }
    return payload;
  });
  // A request that ends without passing onSend (e.g. the connection broke) gives its claim up.
  app.addHook('onResponse', async (request) => {
    const claim = request.idempotency;
    if (!claim || claim.settled || !request.partner) return;
    claim.settled = true;
    await releaseClaim(db, request.partner.id, claim);
  });
}

async function verifyPartnerSignature(db: Db, box: SecretBox, request: FastifyRequest): Promise<PartnerView> {
  const code = header(request, 'x-partner-code');
  const timestamp = header(request, 'x-timestamp');
  const signature = header(request, 'x-signature');
  if (!code || !timestamp || !signature) {
    throw new AppError(
      'PARTNER.SIGNATURE_MISSING',
      'Header X-Partner-Code, X-Timestamp dan X-Signature wajib ada.',
    );
  }
  if (!isTimestampFresh(timestamp)) {
    throw new AppError(
      'PARTNER.TIMESTAMP_STALE',
      'X-Timestamp berselisih lebih dari 300 detik dari jam platform.',
    );
  }
  const partner = await findPartner(db, code);
  const input = {
    timestamp,
    method: request.method,
    pathWithQuery: request.url,
    body: request.rawBody ?? '',
  };
  const secrets = partner ? await findValidSecrets(db, box, partner.id) : [];
  if (!partner || !secrets.some((secret) => signatureMatches(secret, input, signature))) {
    throw new AppError('PARTNER.SIGNATURE_INVALID', 'Tanda tangan permintaan tidak valid.');
  }
  if (partner.status !== 'active') {
    throw new AppError('PARTNER.SUSPENDED', `Mitra ${partner.code} sedang ditangguhkan.`);
  }
  return partner;
}

function parseJsonBody(request: FastifyRequest): unknown {
  const raw = request.rawBody;
  if (!raw || raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw new AppError('REQUEST.MALFORMED_JSON', 'Isi permintaan bukan JSON yang sah.');
  }
}

/** A claim older than this with no answer belongs to a process that died mid-request: it may be taken over. */
const STALE_CLAIM_SECONDS = 60;
/** How long a copy of a request in progress waits for the first one's answer. */
const CLAIM_WAIT_MS = 30_000;

/**
 * Idempotency-Key handling, safe with concurrent copies across server processes: the key is
 * claimed (a row with status 0) before the work, so exactly one request does it. Another request
 * with the key gets 409 IDEMPOTENCY.KEY_REUSED at once if it is a different request; the same
 * request waits for the first one's answer and replays it (or claims the key itself if the
 * first one gave its claim up after a failure).
 */
async function claimIdempotencyKey(db: Db, request: FastifyRequest, reply: FastifyReply) {
  const key = header(request, 'idempotency-key');
  if (!key || key.length > 128) {
    throw new AppError(
      'IDEMPOTENCY.KEY_REQUIRED',
      'Header Idempotency-Key (1–128 karakter) wajib untuk PUT dan POST.',
    );
  }
  const requestHash = createHash('sha256')
    .update(`${request.method} ${request.url}\n`)
    .update(request.rawBody ?? Buffer.alloc(0))
    .digest('hex');
  const partnerId = request.partner!.id;
  const claimToken = randomUUID();
  const claimBody = JSON.stringify({ claimToken });
  const deadline = Date.now() + CLAIM_WAIT_MS;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const claimed = await queryRows<{ key: string }>(
      db,
      sql`INSERT INTO idempotency_records (partner_id, key, request_hash, status_code, response_body)
          VALUES (${partnerId}, ${key}, ${requestHash}, 0, ${claimBody}::jsonb)
          ON CONFLICT (partner_id, key) DO NOTHING RETURNING key`,
    );
    if (claimed.length === 0) {
      const [stored] = await queryRows<{
        requestHash: string;
        statusCode: number;
        responseBody: unknown;
        stale: boolean;
      }>(
        db,
        sql`SELECT request_hash AS "requestHash", status_code AS "statusCode", response_body AS "responseBody",
              created_at < now() - make_interval(secs => ${STALE_CLAIM_SECONDS}) AS stale
            FROM idempotency_records WHERE partner_id = ${partnerId} AND key = ${key}`,
      );
      // Gone between the two statements: the first request gave its claim up; claim it again.
      if (!stored) continue;
      if (stored.requestHash !== requestHash) {
        throw new AppError(
          'IDEMPOTENCY.KEY_REUSED',
          'Idempotency-Key ini sudah dipakai untuk permintaan lain.',
        );
      }
      if (stored.statusCode !== 0) {
        reply.header('Idempotent-Replayed', 'true');
        return reply.status(stored.statusCode).type('application/json').send(stored.responseBody);
      }
      if (!stored.stale || !(await takeOverStaleClaim(db, partnerId, key, claimBody))) {
        if (Date.now() > deadline) {
          throw new AppError(
            'IDEMPOTENCY.IN_PROGRESS',
            'Permintaan dengan Idempotency-Key ini masih diproses. Coba lagi nanti.',
          );
        }
        await new Promise((resolve) => setTimeout(resolve, pause));
        continue;
      }
    }
    request.idempotency = { key, requestHash, claimToken, settled: false };
    return;
  }
}

/** Takes over a claim left by a process that died mid-request; false when another request was first. */
async function takeOverStaleClaim(db: Db, partnerId: string, key: string, claimBody: string) {
  const rows = await queryRows<{ key: string }>(
    db,
    sql`UPDATE idempotency_records SET response_body = ${claimBody}::jsonb, created_at = now()
        WHERE partner_id = ${partnerId} AND key = ${key} AND status_code = 0
          AND created_at < now() - make_interval(secs => ${STALE_CLAIM_SECONDS})
        RETURNING key`,
  );
  return rows.length > 0;
}

type Claim = NonNullable<FastifyRequest['idempotency']>;

/** The claim (only ours: a takeover changed the token) becomes the stored answer. */
async function storeAnswer(db: Db, partnerId: string, claim: Claim, statusCode: number, payload: string) {
  await db.execute(
    sql`UPDATE idempotency_records SET status_code = ${statusCode}, response_body = ${payload}::jsonb
        WHERE partner_id = ${partnerId} AND key = ${claim.key} AND status_code = 0
          AND response_body->>'claimToken' = ${claim.claimToken}`,
  );
}

/** Gives the claim up (only ours), so the key is free for a retry. */
async function releaseClaim(db: Db, partnerId: string, claim: Claim) {
  await db.execute(
    sql`DELETE FROM idempotency_records
        WHERE partner_id = ${partnerId} AND key = ${claim.key} AND status_code = 0
          AND response_body->>'claimToken' = ${claim.claimToken}`,
  );
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
