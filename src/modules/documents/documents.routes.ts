import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { requireAuth } from '../../server/auth';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { getBastPdf, getInvoiceView, getSuratPesananPdf, type PdfDocument } from './order-documents.service';

const params = z.object({
  number: z
    .string()
    .max(40)
    .regex(/^[A-Z0-9-]+$/, 'nomor pesanan, mis. BLK-3325-2026-000123'),
});

/** 200 is the PDF; errors are JSON like everywhere else. */
const pdfResponses = {
  200: {
    description: 'The PDF (Content-Disposition: attachment)',
    content: { 'application/pdf': { schema: z.any().describe('PDF document') } },
  },
  ...errorResponses,
};

const invoiceSchema = z
  .object({
    orderNumber: z.string(),
    status: z.string(),
    satker: z.object({ code: z.string(), name: z.string() }),
    pemda: z.object({ code: z.string(), name: z.string() }),
    seller: z.object({ name: z.string(), nib: z.string(), npwp: z.string().nullable(), isPkp: z.boolean() }),
    partner: z.object({ code: z.string(), name: z.string() }),
    bastNumber: z.string().nullable(),
    invoice: z
      .object({ number: z.string(), date: z.string(), amountIdr: z.number().int() })
      .nullable()
      .describe('As reported by the partner; null until it invoices'),
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        name: z.string(),
        qty: z.number().int().describe('Accepted quantity once there is a BAST, else the ordered quantity'),
        unit: z.string(),
        unitPriceIdr: z.number().int(),
        lineTotalIdr: z.number().int(),
      }),
    ),
    totals: z.object({
      grossIdr: z.number().int(),
      dppIdr: z.number().int(),
      ppnIdr: z.number().int(),
      pbjtIdr: z.number().int(),
      pph22Idr: z.number().int(),
      totalIdr: z.number().int(),
    }),
    paymentStatus: z.enum(['not_invoiced', 'awaiting_payment', 'paid', 'forwarded_to_seller']),
    payment: z
      .object({
        method: z.enum(['va', 'kkpd', 'cms']),
        amountIdr: z.number().int(),
        paidAt: z.string(),
        reference: z.string(),
      })
      .nullable(),
  })
  .meta({ id: 'Invoice' });

function sendPdf(reply: FastifyReply, document: PdfDocument) {
  return reply
    .type('application/pdf')
    .header('Content-Disposition', `attachment; filename="${document.filename}"`)
    .header('Cache-Control', 'private, no-store')
    .send(document.content);
}

/**
 * The order's documents. Any signed-in user whose scope covers the order's satker (its PP,
 * PPK, bendahara; operators, auditors and UMKM officers of its pemda or the province) may read
 * them; for anyone else the order does not exist (404 ORDER.NOT_FOUND, not 403).
 */
export function registerDocumentRoutes(app: FastifyInstance, db: Db) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/orders/:number/documents/sp.pdf',
    {
      schema: {
        operationId: 'getSuratPesananPdf',
        security: security.session,
        tags: ['orders'],
        summary: 'The Surat Pesanan of an order as PDF (once it was sent to the partner)',
        params,
        response: pdfResponses,
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      return sendPdf(reply, await getSuratPesananPdf(db, auth.scope, request.params.number));
    },
  );

  r.get(
    '/api/v1/orders/:number/documents/bast.pdf',
    {
      schema: {
        operationId: 'getBastPdf',
        security: security.session,
        tags: ['orders'],
        summary: 'The BAST (receipt) of an order as PDF (once the PPK recorded the receipt)',
        params,
        response: pdfResponses,
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      return sendPdf(reply, await getBastPdf(db, auth.scope, request.params.number));
    },
  );

  r.get(
    '/api/v1/orders/:number/invoice',
    {
      schema: {
        operationId: 'getInvoice',
        security: security.session,
        tags: ['orders'],
        summary: 'The invoice view of an order: partner invoice, billed lines, taxes, total, payment status',
        params,
        response: { 200: invoiceSchema, ...errorResponses },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      return getInvoiceView(db, request.params.number, auth.scope);
    },
  );
}
