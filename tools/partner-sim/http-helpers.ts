import type { IncomingMessage, ServerResponse } from 'node:http';

// HTTP plumbing of the simulator's server. Plain node:http rather than the platform's Fastify,
// so that a bug in the platform's stack cannot hide on both sides of the contract.

/** PARTNER-API.md: bodies over 5 MB get 413. */
export const MAX_BODY_BYTES = 5 * 1024 * 1024;

export interface Reply {
  status: number;
  body: unknown;
}

/** The raw body, or null when it exceeds MAX_BODY_BYTES. */
export async function readBody(request: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) return undefined;
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

export function header(request: IncomingMessage, name: string): string {
  const value = request.headers[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}

export function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

export function error(status: number, code: string, message: string, details?: unknown): Reply {
  return { status, body: { error: { code, message, ...(details === undefined ? {} : { details }) } } };
}

export function reply(response: ServerResponse, { status, body }: Reply): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
