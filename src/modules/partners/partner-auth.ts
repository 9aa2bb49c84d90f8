import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../db/client';
import { AppError } from '../../shared/errors';
import { isTimestampFresh, signatureMatches } from '../../shared/partner-signature';
import { idempotencyRecords } from './partners.schema';
import { findPartner, findValidSecrets, type PartnerView } from './partners.service';
import type { SecretBox } from './secret-box';

/** PARTNER-API.md "Errors": bodies over 5 MB get 413. */
export const PARTNER_BODY_LIMIT_BYTES = 5 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyRequest {
    partner: PartnerView | null;
    rawBody: Buffer | null;
    idempotency: { key: string; requestHash: string } | null;
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
      await replayIdempotentResponse(db, request, reply);
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const idempotency = request.idempotency;
    if (!idempotency || !request.partner || reply.statusCode >= 300 || typeof payload !== 'string')
      return payload;
    // Only successes are stored: a refused request (e.g. an event arriving before its turn)
    // may succeed when retried with the same key later.
    await db
      .insert(idempotencyRecords)
      .values({
        partnerId: request.partner.id,
        key: idempotency.key,
        requestHash: idempotency.requestHash,
        statusCode: reply.statusCode,
        responseBody: JSON.parse(payload),
      })
      .onConflictDoNothing();
    return payload;
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

async function replayIdempotentResponse(db: Db, request: FastifyRequest, reply: FastifyReply) {
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
  const [stored] = await db
    .select()
    .from(idempotencyRecords)
    .where(and(eq(idempotencyRecords.partnerId, partnerId), eq(idempotencyRecords.key, key)));
  if (stored) {
    if (stored.requestHash !== requestHash) {
      throw new AppError(
        'IDEMPOTENCY.KEY_REUSED',
        'Idempotency-Key ini sudah dipakai untuk permintaan lain.',
      );
    }
    reply.header('Idempotent-Replayed', 'true');
    return reply.status(stored.statusCode).type('application/json').send(stored.responseBody);
  }
  request.idempotency = { key, requestHash };
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
