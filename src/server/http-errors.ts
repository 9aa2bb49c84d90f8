import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError, type ErrorCode, errorStatus } from '../shared/errors';

/** `{ "error": { "code", "message", "details" } }`: the one error body of every route. */
export const errorBodySchema = z
  .object({
    error: z.object({
      code: z.string().describe('Namespaced error code, e.g. AUTH.INVALID_CREDENTIALS'),
      message: z.string().describe('What went wrong and what to do, in Bahasa Indonesia'),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** Error responses to declare on a route, so the OpenAPI document shows them. */
export const errorResponses = {
  400: errorBodySchema,
  401: errorBodySchema,
  403: errorBodySchema,
  404: errorBodySchema,
  409: errorBodySchema,
  413: errorBodySchema,
  414: errorBodySchema,
  415: errorBodySchema,
  422: errorBodySchema,
  429: errorBodySchema,
};

function send(reply: FastifyReply, code: ErrorCode, message: string, details?: unknown) {
  const body: { error: { code: string; message: string; details?: unknown } } = { error: { code, message } };
  if (details !== undefined) body.error.details = details;
  return reply.status(errorStatus[code]).type('application/json').send(body);
}

/** Maps every thrown error to its HTTP status and the error body, in one place. */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof AppError) {
    if (error.code === 'AUTH.TOO_MANY_ATTEMPTS') {
      const retry = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) reply.header('Retry-After', String(retry));
    }
    if (error.status >= 500) request.log.error({ err: error }, 'application error');
    return send(reply, error.code, error.message, error.details);
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const issues = error.validation.map((v) => ({
      field: [
        error.validationContext,
        ...(v.instancePath ? v.instancePath.split('/').filter(Boolean) : []),
      ].join('.'),
      code: v.keyword,
      message: v.message,
    }));
    return send(reply, 'REQUEST.INVALID', 'Permintaan tidak valid: periksa kolom yang disebutkan.', issues);
  }
  if (isResponseSerializationError(error)) {
    request.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    return send(reply, 'INTERNAL.ERROR', 'Terjadi kesalahan pada server. Silakan coba lagi.');
  }
  const code = (error as FastifyError).code;
  if (code === 'FST_ERR_BAD_URL') {
    return send(reply, 'REQUEST.INVALID', 'Alamat permintaan tidak sah: penyandian persen (%) rusak.');
  }
  if (code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return send(reply, 'REQUEST.URI_TOO_LONG', 'Bagian alamat permintaan terlalu panjang.');
  }
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return send(reply, 'REQUEST.TOO_LARGE', 'Isi permintaan terlalu besar.');
  }
  if (
    code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    (error instanceof SyntaxError && (error as FastifyError).statusCode === 400)
  ) {
    return send(reply, 'REQUEST.MALFORMED_JSON', 'Isi permintaan bukan JSON yang sah.');
  }
  if (code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return send(reply, 'REQUEST.UNSUPPORTED_MEDIA_TYPE', 'Jenis isi permintaan harus application/json.');
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    return send(reply, 'REQUEST.INVALID', error.message);
  }
  if (status === 503) {
    return send(reply, 'INTERNAL.UNAVAILABLE', 'Server sedang tidak tersedia. Silakan coba lagi.');
  }
  // Database errors quote the whole statement and its parameters (a 1000-row batch): log the gist.
  const cause = (error as { cause?: { message?: string; code?: string } }).cause;
  request.log.error(
    {
      error: {
        name: error.name,
        message: error.message.slice(0, 500),
        cause: cause?.message,
        code: cause?.code,
      },
    },
    'unhandled error',
  );
  return send(reply, 'INTERNAL.ERROR', 'Terjadi kesalahan pada server. Silakan coba lagi.');
}

export function handleNotFound(request: FastifyRequest, reply: FastifyReply) {
  return send(reply, 'REQUEST.NOT_FOUND', `Tidak ada ${request.method} ${request.url.split('?')[0]}.`);
}

/**
 * Requests the HTTP parser refuses before Fastify sees them (headers over the limit, a broken
 * request line, a client too slow to send its headers): the raw answer, in the error shape.
 */
export function handleClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Duplex) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [code, message]: [ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['REQUEST.HEADERS_TOO_LARGE', 'Header permintaan terlalu besar.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? ['REQUEST.TIMEOUT', 'Permintaan tidak selesai dikirim dalam batas waktu.']
        : ['REQUEST.INVALID', 'Permintaan HTTP tidak sah.'];
  const status = errorStatus[code];
  const body = JSON.stringify({ error: { code, message } });
  this.log.trace({ err: error }, 'client error');
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}
