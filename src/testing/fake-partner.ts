import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTimestampFresh, signatureMatches } from '../shared/partner-signature';

export interface ReceivedCall {
  method: string;
  path: string;
  body: unknown;
  signatureValid: boolean;
  idempotencyKey: string | undefined;
}

/**
 * A minimal partner endpoint for outbox tests: records every call and verifies its signature;
 * its answer is switchable (up, down with 503, or hanging).
 */
export async function startFakePartner(code: string, getSecret: () => string) {
  const received: ReceivedCall[] = [];
  let mode: 'up' | 'down' | 'hang' = 'up';
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const raw = Buffer.concat(chunks);
      const timestamp = String(request.headers['x-timestamp'] ?? '');
      const signatureValid =
        request.headers['x-partner-code'] === code &&
        isTimestampFresh(timestamp) &&
        signatureMatches(
          getSecret(),
          { timestamp, method: request.method ?? '', pathWithQuery: request.url ?? '', body: raw },
          String(request.headers['x-signature'] ?? ''),
        );
      if (mode === 'hang') return;
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        body: raw.length ? JSON.parse(raw.toString('utf8')) : undefined,
        signatureValid,
        idempotencyKey: request.headers['idempotency-key'] as string | undefined,
      });
      response.writeHead(mode === 'up' ? 200 : 503, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ received: mode === 'up' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    baseUrl: `http://127.0.0.1:${port}/${code}`,
    received,
    setMode(next: 'up' | 'down' | 'hang') {
      mode = next;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
