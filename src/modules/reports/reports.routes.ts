import { readFile } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { requireAuth } from '../../server/auth';
import type { Config } from '../../server/config';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import { AppError } from '../../shared/errors';
import { coversPemda } from '../accounts/scope';
import {
  type ExportFormat,
  exportFormats,
  exportMediaTypes,
  sendTable,
  type TableColumns,
} from './report-export';
import {
  getPartnersReport,
  getPaymentDays,
  getRealisation,
  getRegionFigures,
  getRegionsReport,
  getSatkerBreakdown,
  getSellerBreakdown,
  getTimeSeries,
} from './reports.service';

const day = z.iso.date().describe('YYYY-MM-DD (WIB)');
const regionCode = z
  .string()
  .regex(/^33\.\d{2}$/, 'kode kabupaten/kota Jawa Tengah, mis. 33.25')
  .describe('Kabupaten/kota code, 33.xx');
const format = z
  .enum(exportFormats)
  .default('json')
  .describe('json (default), csv or xlsx: the same table as a download');
const range = { from: day, to: day, format };
const count = z.number().int();
const idr = z.number().int();
const fraction = z.number().min(0).max(1);
const measures = {
  transactionCount: count,
  transactionValueIdr: idr,
  umkValueIdr: idr,
  pdnValueIdr: idr,
  tkdnValueIdr: idr,
  localValueIdr: idr,
};
const shares = { umkShare: fraction, pdnShare: fraction, localShare: fraction };

const regionRowSchema = z
  .object({
    regionCode: z.string(),
    name: z.string(),
    rank: count,
    transactionCount: count,
    transactionValueIdr: idr,
    umkValueIdr: idr,
    umkShare: fraction,
    pdnShare: fraction,
    localShare: fraction,
    sellerCount: count,
  })
  .meta({ id: 'RegionReportRow' });

const regionColumns: TableColumns = [
  'rank',
  'regionCode',
  'name',
  'transactionCount',
  'transactionValueIdr',
  'umkValueIdr',
  'umkShare',
  'pdnShare',
  'localShare',
  'sellerCount',
];
const detailColumns: TableColumns = [
  ...regionColumns,
  'pdnValueIdr',
  'tkdnValueIdr',
  'tkdnShare',
  'localValueIdr',
  'population',
  'valuePerInhabitantIdr',
];
const measureColumns: TableColumns = [
  'transactionCount',
  'transactionValueIdr',
  'umkValueIdr',
  'umkShare',
  'pdnValueIdr',
  'pdnShare',
  'tkdnValueIdr',
  'localValueIdr',
  'localShare',
];

/** The 200 of a report: JSON, or with format=csv|xlsx the same table as a download. */
function tableAnswer<T extends z.ZodType>(json: T) {
  return {
    description: 'The report; with format=csv or xlsx the same table as a download (attachment)',
    content: {
      'application/json': { schema: json },
      [exportMediaTypes.csv]: {
        schema: z.string().describe('UTF-8 CSV with BOM and a header row of column names'),
      },
      [exportMediaTypes.xlsx]: { schema: z.any().describe('Excel workbook with one sheet') },
    },
  };
}

/** JSON, or the table as CSV/XLSX with the same numbers. */
async function answer<T>(
  reply: FastifyReply,
  requested: ExportFormat,
  body: T,
  table: { filename: string; columns: TableColumns; rows: ReadonlyArray<object> },
) {
  if (requested === 'json') return body;
  return sendTable(reply, requested, table.filename, table.columns, table.rows);
}

/** Officials see their own pemda in depth (scope rule of accounts/scope.ts). */
function assertOfficialOf(
  request: Parameters<typeof requireAuth>[0],
  pemdaCode: string,
  satkerCode?: string,
) {
  const auth = requireAuth(request);
  if (coversPemda(auth.scope, pemdaCode)) return;
  if (satkerCode && auth.scope.satkerCodes.includes(satkerCode)) return;
  throw new AppError('AUTH.FORBIDDEN', 'Rincian ini hanya untuk pejabat pemda yang bersangkutan.', {
    pemdaCode,
  });
}

export function registerReportRoutes(
  app: FastifyInstance,
  db: Db,
  config: Pick<Config, 'boundariesGeojson'>,
) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  let boundaries: Promise<Buffer> | undefined;
  r.get(
    '/api/v1/reports/boundaries',
    {
      schema: {
        operationId: 'getBoundaries',
        security: security.public,
        tags: ['reports'],
        summary:
          'GeoJSON of the kabupaten/kota boundaries the operator configured (BOUNDARIES_GEOJSON); 404 without',
        response: {
          200: {
            description: 'The configured GeoJSON file as it is',
            content: {
              'application/geo+json': {
                schema: z.any().describe('A GeoJSON FeatureCollection'),
              },
            },
          },
          ...errorResponses,
        },
      },
    },
    async (_request, reply) => {
      if (!config.boundariesGeojson) {
        throw new AppError('REPORT.NO_BOUNDARIES', 'Batas wilayah belum dipasang oleh operator.');
      }
      boundaries ??= readFile(config.boundariesGeojson);
      const body = await boundaries.catch((error) => {
        boundaries = undefined;
        throw error;
      });
      reply.header('Cache-Control', 'public, max-age=3600');
      return reply.type('application/geo+json').send(body);
    },
  );

  r.get(
    '/api/v1/reports/regions',
    {
      schema: {
        operationId: 'getRegionsReport',
        security: security.public,
        tags: ['reports'],
        summary: 'The 35 kabupaten/kota ranked by transaction value in a WIB date range (public)',
        querystring: z.object(range),
        response: {
          200: tableAnswer(z.object({ from: z.string(), to: z.string(), regions: z.array(regionRowSchema) })),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = await getRegionsReport(db, request.query);
      return answer(reply, request.query.format, body, {
        filename: `peringkat-${body.from}-${body.to}`,
        columns: regionColumns,
        rows: body.regions,
      });
    },
  );

  r.get(
    '/api/v1/reports/regions/details',
    {
      schema: {
        operationId: 'getRegionDetailsReport',
        security: security.public,
        tags: ['reports'],
        summary: 'The ranking with every measure: PDN, TKDN-weighted, local values, population (public)',
        querystring: z.object(range),
        response: {
          200: tableAnswer(
            z.object({
              from: z.string(),
              to: z.string(),
              regions: z.array(
                regionRowSchema.extend({
                  ...measures,
                  tkdnShare: fraction,
                  population: count.nullable(),
                  valuePerInhabitantIdr: idr.nullable(),
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { from, to } = request.query;
      const regions = await getRegionFigures(db, { from, to });
      return answer(
        reply,
        request.query.format,
        { from, to, regions },
        {
          filename: `rincian-wilayah-${from}-${to}`,
          columns: detailColumns,
          rows: regions,
        },
      );
    },
  );

  r.get(
    '/api/v1/reports/realisation',
    {
      schema: {
        operationId: 'getRealisationReport',
        security: security.public,
        tags: ['reports'],
        summary: 'UMKK realisation against the 40% target, PDN, TKDN-weighted and local shares (public)',
        querystring: z.object({ ...range, regionCode: regionCode.optional() }),
        response: {
          200: tableAnswer(
            z.object({
              from: z.string(),
              to: z.string(),
              regionCode: z.string().nullable(),
              ...measures,
              ...shares,
              tkdnShare: fraction,
              umkTargetShare: fraction,
              umkTargetMet: z.boolean(),
              population: count.nullable(),
              valuePerInhabitantIdr: idr.nullable(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { from, to, regionCode: code } = request.query;
      const body = await getRealisation(db, { from, to }, code);
      return answer(reply, request.query.format, body, {
        filename: `realisasi-${code ?? '33'}-${from}-${to}`,
        columns: [...measureColumns, 'tkdnShare', 'population', 'valuePerInhabitantIdr'],
        rows: [body],
      });
    },
  );

  r.get(
    '/api/v1/reports/partners',
    {
      schema: {
        operationId: 'getPartnersReport',
        security: security.public,
        tags: ['reports'],
        summary:
          'Per partner: sellers located in the region and registered by asOf, products, value (public)',
        querystring: z.object({ regionCode, asOf: day, format }),
        response: {
          200: tableAnswer(
            z.object({
              regionCode: z.string(),
              asOf: z.string(),
              partners: z.array(
                z.object({
                  code: z.string(),
                  name: z.string(),
                  sellerCount: count,
                  productCount: count,
                  transactionValueIdr: idr,
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const body = await getPartnersReport(db, request.query);
      return answer(reply, request.query.format, body, {
        filename: `mitra-${body.regionCode}-${body.asOf}`,
        columns: ['code', 'name', 'sellerCount', 'productCount', 'transactionValueIdr'],
        rows: body.partners,
      });
    },
  );

  r.get(
    '/api/v1/reports/timeseries',
    {
      schema: {
        operationId: 'getTimeSeriesReport',
        security: security.public,
        tags: ['reports'],
        summary:
          'Count and value per day or month (WIB) for the province or a region, partner, category (public)',
        querystring: z.object({
          ...range,
          interval: z.enum(['day', 'month']).default('month'),
          regionCode: regionCode.optional(),
          partnerCode: z.string().max(64).optional(),
          categoryCode: z.string().max(64).optional(),
        }),
        response: {
          200: tableAnswer(
            z.object({
              from: z.string(),
              to: z.string(),
              interval: z.enum(['day', 'month']),
              regionCode: z.string().nullable(),
              partnerCode: z.string().nullable(),
              categoryCode: z.string().nullable(),
              points: z.array(z.object({ period: z.string(), ...measures })),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format: requested, ...query } = request.query;
      const body = await getTimeSeries(db, query);
      return answer(reply, requested, body, {
        filename: `deret-waktu-${query.regionCode ?? '33'}-${query.from}-${query.to}`,
        columns: [
          'period',
          'transactionCount',
          'transactionValueIdr',
          'umkValueIdr',
          'pdnValueIdr',
          'tkdnValueIdr',
          'localValueIdr',
        ],
        rows: body.points,
      });
    },
  );

  r.get(
    '/api/v1/reports/payment-days',
    {
      schema: {
        operationId: 'getPaymentDaysReport',
        security: security.public,
        tags: ['reports'],
        summary: 'Days from BAST to payment per satker (median, p90) over orders paid in the range (public)',
        querystring: z.object({ ...range, regionCode: regionCode.optional() }),
        response: {
          200: tableAnswer(
            z.object({
              from: z.string(),
              to: z.string(),
              regionCode: z.string().nullable(),
              satkers: z.array(
                z.object({
                  pemdaCode: z.string(),
                  satkerCode: z.string(),
                  name: z.string(),
                  paymentCount: count,
                  medianDays: z.number(),
                  p90Days: z.number(),
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format: requested, ...query } = request.query;
      const body = await getPaymentDays(db, query);
      return answer(reply, requested, body, {
        filename: `hari-bayar-${query.regionCode ?? '33'}-${query.from}-${query.to}`,
        columns: ['pemdaCode', 'satkerCode', 'name', 'paymentCount', 'medianDays', 'p90Days'],
        rows: body.satkers,
      });
    },
  );

  const breakdownRow = { ...measures, ...shares };
  r.get(
    '/api/v1/reports/satkers',
    {
      schema: {
        operationId: 'getSatkerReport',
        security: security.session,
        tags: ['reports'],
        summary:
          "Per satker of the official's own pemda (login; operator, auditor, Dinas UMKM of that pemda)",
        querystring: z.object({ ...range, regionCode }),
        response: {
          200: tableAnswer(
            z.object({
              from: z.string(),
              to: z.string(),
              regionCode: z.string(),
              satkers: z.array(z.object({ satkerCode: z.string(), name: z.string(), ...breakdownRow })),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format: requested, ...query } = request.query;
      assertOfficialOf(request, query.regionCode);
      const body = await getSatkerBreakdown(db, query);
      return answer(reply, requested, body, {
        filename: `satker-${query.regionCode}-${query.from}-${query.to}`,
        columns: ['satkerCode', 'name', ...measureColumns],
        rows: body.satkers,
      });
    },
  );

  r.get(
    '/api/v1/reports/sellers',
    {
      schema: {
        operationId: 'getSellerReport',
        security: security.session,
        tags: ['reports'],
        summary: "Per seller for buyers of the official's own pemda, optionally one satker (login)",
        querystring: z.object({ ...range, regionCode, satkerCode: z.string().max(40).optional() }),
        response: {
          200: tableAnswer(
            z.object({
              from: z.string(),
              to: z.string(),
              regionCode: z.string(),
              satkerCode: z.string().nullable(),
              sellers: z.array(
                z.object({
                  sellerId: z.string(),
                  name: z.string(),
                  scale: z.string(),
                  regionCode: z.string(),
                  ...breakdownRow,
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { format: requested, ...query } = request.query;
      assertOfficialOf(request, query.regionCode, query.satkerCode);
      const body = await getSellerBreakdown(db, query);
      return answer(reply, requested, body, {
        filename: `penyedia-${query.regionCode}-${query.from}-${query.to}`,
        columns: ['sellerId', 'name', 'scale', 'regionCode', ...measureColumns],
        rows: body.sellers,
      });
    },
  );
}
