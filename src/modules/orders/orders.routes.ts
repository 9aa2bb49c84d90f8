import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { actorOf, requireAuth, requireRole } from '../../server/auth';
import type { Config } from '../../server/config';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { placeOrders, planCheckout } from './checkout.service';
import {
  approveOrder,
  cancelOrder,
  getVisibleOrder,
  listOrders,
  payOrder,
  retryRoutingOfOrder,
  signReceipt,
} from './order-actions.service';
import { orderStatuses } from './order-lifecycle';

const money = z.number().int();

export const orderSchema = z
  .object({
    number: z.string(),
    status: z.enum(orderStatuses),
    source: z.enum(['platform', 'partner']),
    satkerCode: z.string(),
    pemdaCode: z.string(),
    partner: z.object({ code: z.string(), name: z.string() }),
    seller: z.object({
      id: z.string(),
      name: z.string(),
      scale: z.string(),
      regionCode: z.string(),
      isPkp: z.boolean(),
    }),
    orderedAt: z.string(),
    deliveryAddress: z.string(),
    notes: z.string().nullable(),
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        productId: z.string(),
        name: z.string(),
        qty: z.number().int(),
        qtyAccepted: z.number().int().nullable(),
        unit: z.string(),
        unitPriceIdr: money,
        lineTotalIdr: money,
        tkdnPercent: z.number().nullable(),
      }),
    ),
    totals: z.object({
      grossIdr: money,
      dppIdr: money,
      ppnIdr: money,
      pbjtIdr: money,
      pph22Idr: money,
      totalIdr: money,
    }),
    flags: z.array(z.object({ code: z.string(), message: z.string() })),
    bastNumber: z.string().optional(),
    history: z.array(z.object({ status: z.string(), at: z.string(), by: z.string() })),
  })
  .meta({ id: 'Order' });

const checkoutBody = z.object({
  satkerCode: z.string().min(1),
  deliveryAddress: z.string().trim().min(5).max(500),
  notes: z.string().max(1000).nullish(),
  splitReason: z.string().trim().max(2000).nullish(),
  lines: z
    .array(z.object({ productId: z.uuid(), qty: z.number().int().positive().max(1_000_000) }))
    .min(1)
    .max(200),
});

const warningSchema = z
  .object({
    code: z.string(),
    message: z.string(),
    sellerId: z.string(),
    requiresReason: z.boolean(),
  })
  .meta({ id: 'CheckoutWarning' });

const numberParams = z.object({ number: z.string().min(1).max(40) });
const dateTime = z.iso.datetime({ offset: true });

export function registerOrderRoutes(app: FastifyInstance, db: Db, config: Config) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const policy = { routingDeadlineHours: config.routingDeadlineHours };

  r.post(
    '/api/v1/orders/preview',
    {
      schema: {
        operationId: 'previewOrder',
        security: security.session,
        tags: ['orders'],
        summary: 'Checkout dry run: the orders the cart would become, their totals, status and warnings',
        body: checkoutBody,
        response: {
          200: z.object({
            satker: z.object({ code: z.string(), name: z.string(), pemdaCode: z.string() }),
            directPurchaseLimitIdr: money,
            approvalThresholdIdr: money.nullable(),
            orders: z.array(
              z.object({
                partner: z.object({ code: z.string(), name: z.string() }),
                seller: z.object({
                  id: z.string(),
                  name: z.string(),
                  scale: z.string(),
                  regionCode: z.string(),
                }),
                lines: z.array(
                  z.object({
                    productId: z.string(),
                    name: z.string(),
                    qty: z.number().int(),
                    unit: z.string(),
                    unitPriceIdr: money,
                    lineTotalIdr: money,
                    domesticClass: z.string(),
                  }),
                ),
                totals: orderSchema.shape.totals,
                status: z.enum(['sent', 'pending_approval']),
                warnings: z.array(warningSchema),
              }),
            ),
            warnings: z.array(warningSchema),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'pp');
      const plan = await planCheckout(db, { actor: actorOf(auth), scope: auth.scope }, request.body);
      return {
        satker: plan.satker,
        directPurchaseLimitIdr: plan.rule.directPurchaseLimitIdr,
        approvalThresholdIdr: plan.rule.approvalThresholdIdr,
        orders: plan.orders,
        warnings: plan.warnings,
      };
    },
  );

  r.post(
    '/api/v1/orders',
    {
      schema: {
        operationId: 'checkout',
        security: security.session,
        tags: ['orders'],
        summary: 'Checkout: the cart becomes one order per seller, under the pemda rules',
        description:
          'Refusals are 422 with ORDER.ABOVE_LIMIT, ORDER.SPLIT_REASON_REQUIRED, ORDER.QTY_BELOW_MINIMUM, ORDER.OUT_OF_STOCK or ORDER.PRODUCT_INACTIVE; 403 ORDER.SATKER_NOT_SERVED for a satker the PP does not serve.',
        body: checkoutBody,
        response: {
          201: z.object({ orders: z.array(orderSchema), warnings: z.array(warningSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const auth = requireRole(request, 'pp');
      const result = await placeOrders(db, policy, { actor: actorOf(auth), scope: auth.scope }, request.body);
      return reply.code(201).send(result);
    },
  );

  r.get(
    '/api/v1/orders',
    {
      schema: {
        operationId: 'listOrders',
        security: security.session,
        tags: ['orders'],
        summary: 'Orders in the caller’s scope, newest first',
        querystring: z.object({
          status: z
            .string()
            .optional()
            .describe('one status, or several separated by commas')
            .transform((value, ctx) => {
              if (!value) return undefined;
              const list = value.split(',').map((item) => item.trim());
              for (const item of list) {
                if (!(orderStatuses as readonly string[]).includes(item)) {
                  ctx.addIssue({ code: 'custom', message: `Status tidak dikenal: ${item}` });
                  return z.NEVER;
                }
              }
              return list as (typeof orderStatuses)[number][];
            }),
          satkerCode: z.string().optional(),
          cursor: z.string().max(100).optional(),
          limit: z.coerce.number().int().min(1).max(100).default(20),
        }),
        response: {
          200: z.object({ items: z.array(orderSchema), nextCursor: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return listOrders(db, auth.scope, {
        statuses: request.query.status,
        satkerCode: request.query.satkerCode,
        cursor: request.query.cursor,
        limit: request.query.limit,
      });
    },
  );

  r.get(
    '/api/v1/orders/:number',
    {
      schema: {
        operationId: 'getOrder',
        security: security.session,
        tags: ['orders'],
        summary: 'One order with its lines, totals, flags and history',
        params: numberParams,
        response: { 200: orderSchema, ...errorResponses },
      },
    },
    async (request) => getVisibleOrder(db, requireAuth(request).scope, request.params.number),
  );

  r.post(
    '/api/v1/orders/:number/approve',
    {
      schema: {
        operationId: 'approveOrder',
        security: security.session,
        tags: ['orders'],
        summary: 'The PPK approves an order waiting for approval; it is sent to the partner',
        params: numberParams,
        response: { 200: orderSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'ppk');
      return approveOrder(db, policy, { actor: actorOf(auth), scope: auth.scope }, request.params.number);
    },
  );

  r.post(
    '/api/v1/orders/:number/cancel',
    {
      schema: {
        operationId: 'cancelOrder',
        security: security.session,
        tags: ['orders'],
        summary: 'The PP or PPK cancels an order, with the reason (the partner is told)',
        params: numberParams,
        body: z.object({ reason: z.string().trim().min(3).max(2000) }),
        response: { 200: orderSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'pp', 'ppk');
      const by = auth.grants.some((grant) => grant.role === 'ppk') ? 'ppk' : 'pp';
      return cancelOrder(
        db,
        policy,
        { actor: actorOf(auth), scope: auth.scope },
        request.params.number,
        request.body.reason,
        by,
      );
    },
  );

  r.post(
    '/api/v1/orders/:number/receipt',
    {
      schema: {
        operationId: 'recordReceipt',
        security: security.session,
        tags: ['orders'],
        summary: 'The PPK signs the BAST: accepted quantity and note per line; the total follows',
        params: numberParams,
        body: z.object({
          receivedAt: dateTime,
          note: z.string().max(2000).nullish(),
          lines: z
            .array(
              z.object({
                lineNo: z.number().int().positive(),
                qtyAccepted: z.number().int().min(0),
                note: z.string().max(1000).nullish(),
              }),
            )
            .min(1),
        }),
        response: { 200: orderSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'ppk');
      return signReceipt(
        db,
        policy,
        { actor: actorOf(auth), scope: auth.scope },
        request.params.number,
        request.body,
      );
    },
  );

  r.post(
    '/api/v1/orders/:number/payment',
    {
      schema: {
        operationId: 'recordPayment',
        security: security.session,
        tags: ['orders'],
        summary: 'The bendahara pays an invoiced order, for exactly its total',
        params: numberParams,
        body: z.object({
          method: z.enum(['va', 'kkpd', 'cms']),
          amountIdr: z.number().int().positive(),
          paidAt: dateTime,
          reference: z.string().trim().min(1).max(100),
        }),
        response: { 200: orderSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'bendahara');
      return payOrder(
        db,
        policy,
        { actor: actorOf(auth), scope: auth.scope },
        request.params.number,
        request.body,
      );
    },
  );

  r.post(
    '/api/v1/orders/:number/retry-routing',
    {
      schema: {
        operationId: 'retryOrderRouting',
        security: security.session,
        tags: ['operator'],
        summary:
          'The operator sends an order whose routing failed to its partner again; it goes back to sent',
        description:
          'For the operators of the order’s pemda (the outbox retry is for province operators). 409 ORDER.INVALID_TRANSITION unless the order is routing_failed.',
        params: numberParams,
        response: { 200: orderSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireRole(request, 'operator');
      return retryRoutingOfOrder(
        db,
        policy,
        { actor: actorOf(auth), scope: auth.scope },
        request.params.number,
      );
    },
  );
}
