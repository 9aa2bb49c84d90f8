import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client';
import { signedHeaders } from '../../shared/partner-signature';
import { partners } from '../partners/partners.schema';
import { getSigningSecret } from '../partners/partners.service';
import type { SecretBox } from '../partners/secret-box';
import { type ClaimedMessage, claimDueMessages, markDelivered, markFailed } from './outbox.service';

export interface OutboxWorkerOptions {
  db: DbOrTx;
  box: SecretBox;
  pollMs: number;
  httpTimeoutMs: number;
  batchSize?: number;
  /** Called once when a message passes its deadline without a 2xx (e.g. mark the order routing_failed). */
  onDead?: (message: ClaimedMessage) => Promise<void>;
  log?: { warn: (object: object, message: string) => void; error: (object: object, message: string) => void };
}

/**
 * Delivers outbox messages to partners: signed like every Partner API call, one worker per
 * message (leases), in order per order, retried with backoff until the deadline.
 */
export class OutboxWorker {
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #stopped = true;

  constructor(private readonly options: OutboxWorkerOptions) {}

  start(): void {
    this.#stopped = false;
    const tick = async () => {
      if (this.#stopped) return;
      this.#running = this.runOnce()
        .then(() => undefined)
        .catch((error) => this.options.log?.error({ err: error }, 'outbox pass failed'));
      await this.#running;
      if (!this.#stopped) this.#timer = setTimeout(tick, this.options.pollMs);
    };
    this.#timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the pass in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }

  /** One pass: claims what is due and delivers it. Returns how many messages were attempted. */
  async runOnce(): Promise<number> {
    const leaseSeconds = Math.ceil(this.options.httpTimeoutMs / 1000) * 3 + 5;
    const claimed = await claimDueMessages(this.options.db, this.options.batchSize ?? 20, leaseSeconds);
    await Promise.all(claimed.map((message) => this.#deliver(message)));
    return claimed.length;
  }

  async #deliver(message: ClaimedMessage): Promise<void> {
    const { db, box } = this.options;
    const [partner] = await db
      .select({ code: partners.code, baseUrl: partners.baseUrl })
      .from(partners)
      .where(eq(partners.id, message.partnerId));
    if (!partner) return;
    const url = new URL(`${partner.baseUrl}${message.path}`);
    const body = JSON.stringify(message.body);
    let failure: { statusCode: number | null; error: string };
    try {
      const secret = await getSigningSecret(db, box, message.partnerId);
      const response = await fetch(url, {
        method: message.method,
        body,
        headers: {
          'Content-Type': 'application/json',
          'Idempotency-Key': `blangkon-outbox-${message.id}`,
          ...signedHeaders(partner.code, secret, {
            method: message.method,
            pathWithQuery: url.pathname + url.search,
            body,
          }),
        },
        signal: AbortSignal.timeout(this.options.httpTimeoutMs),
      });
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) {
        await markDelivered(db, message.id, response.status);
        return;
      }
      failure = { statusCode: response.status, error: `HTTP ${response.status}` };
    } catch (error) {
      failure = {
        statusCode: null,
        error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
      };
    }
    const dead = await markFailed(db, message, failure);
    this.options.log?.warn(
      { outboxId: message.id, path: message.path, dead, ...failure },
      'partner call failed',
    );
    if (dead) await this.options.onDead?.(message);
  }
}
