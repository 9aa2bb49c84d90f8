import { z } from 'zod';
import { error, type Reply } from './http-helpers';

// The calls the platform makes to a partner (PARTNER-API.md "Platform → partner"): their paths
// under the partner's baseUrl and the parts of their bodies the partner relies on. Unknown
// fields are ignored, as the contract asks of both sides.

/** A partner the simulator plays; the code is also the first segment of its baseUrl path. */
export const partnerSchema = z.strictObject({
  code: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
  secret: z.string().min(1),
});

export const orderBody = z.object({
  number: z.string().min(1),
  lines: z
    .array(
      z.object({
        lineNo: z.number().int(),
        qty: z.number().positive(),
        unitPriceIdr: z.number().int().min(0),
      }),
    )
    .min(1),
});
export const cancelBody = z.object({ reason: z.string().optional() });
export const receiptBody = z.object({
  bastNumber: z.string().min(1),
  receivedAt: z.string().min(1),
  lines: z.array(z.object({ lineNo: z.number().int(), qtyAccepted: z.number().min(0) })),
});
export const paymentBody = z.object({
  method: z.string().min(1),
  amountIdr: z.number().int().positive(),
  paidAt: z.string().min(1),
  reference: z.string().min(1),
});

export type Route = { action: 'order' } | { action: 'cancel' | 'receipt' | 'payment'; orderNumber: string };

/** `segments`: the path after `/<partnerCode>`, split on `/`. */
export function matchRoute(method: string, segments: string[]): Route | null {
  if (method !== 'POST' || segments[0] !== 'orders') return null;
  if (segments.length === 1) return { action: 'order' };
  const [, encoded = '', action = ''] = segments;
  if (segments.length !== 3 || (action !== 'cancel' && action !== 'receipt' && action !== 'payment'))
    return null;
  try {
    return { action, orderNumber: decodeURIComponent(encoded) };
  } catch {
    return null;
  }
}

export function invalid(issues: z.ZodError): Reply {
  return error(400, 'REQUEST.INVALID', 'Body does not match the contract', issues.issues);
}

export function orderNumberInBody(json: unknown): string | null {
  if (typeof json !== 'object' || json === null || !('number' in json)) return null;
  return typeof json.number === 'string' ? json.number : null;
}
