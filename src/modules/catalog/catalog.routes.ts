import fastJson from 'fast-json-stringify';
import type { FastifyInstance } from 'fastify';
import { serializerCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/client';
import { errorResponses } from '../../server/http-errors';
import { security } from '../../server/openapi';
import type { CatalogIndex } from './catalog-index';
import { getProductPage } from './product-page.service';
import { domesticClasses, searchCatalog } from './search.service';

const booleanQuery = z.enum(['true', 'false']).transform((value) => value === 'true');
const rupiah = z.coerce.number().int().min(0).max(1_000_000_000_000);

const facetSchema = z.object({ value: z.string(), label: z.string(), count: z.number().int() });
const reasonSchema = z.object({ code: z.string(), message: z.string() });
const sellerSchema = z.object({
  id: z.string(),
  name: z.string(),
  scale: z.string(),
  regionCode: z.string(),
  kind: z.string(),
});
const itemSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    unit: z.string(),
    priceIdr: z.number().int(),
    category: z.object({ code: z.string(), name: z.string() }),
    partner: z.object({ code: z.string(), name: z.string() }),
    seller: sellerSchema,
    tkdnPercent: z.number().nullable(),
    bmpPercent: z.number().nullable(),
    domesticClass: z.enum(domesticClasses),
    isLocal: z.boolean(),
    isUmk: z.boolean().describe('Seller is micro, small or a cooperative (UMKK)'),
    stock: z.number().int().nullable(),
    reasons: z.array(reasonSchema).describe('Why the offer ranks where it does'),
  })
  .meta({ id: 'CatalogItem' });

const searchResponse = z.object({
  total: z.number().int(),
  totalCapped: z
    .boolean()
    .describe(
      'true when more offers match than one search collects (only without the in-memory index, CATALOG_INDEX=database): total and facets then count the collected offers, and the page is ranked among them',
    ),
  nextCursor: z.string().nullable(),
  items: z.array(itemSchema),
  facets: z.object({
    category: z.array(facetSchema),
    partner: z.array(facetSchema),
    scale: z.array(facetSchema),
    domesticClass: z.array(facetSchema),
    local: z.array(facetSchema),
  }),
});
/**
 * The search answer is the hot path: it is serialized by fast-json-stringify from the response
 * schema (as Fastify does for JSON schemas; only declared fields go out) instead of zod's
 * parse-then-stringify, which cost about a millisecond an answer.
 */
const stringifySearch = fastJson(
  z.toJSONSchema(searchResponse, { io: 'output' }) as Parameters<typeof fastJson>[0],
);

export function registerCatalogRoutes(app: FastifyInstance, db: Db, index: CatalogIndex | null = null) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/api/v1/catalog/search',
    {
      schema: {
        operationId: 'searchCatalog',
        security: security.public,
        tags: ['catalog'],
        summary: 'One search over every partner: relevance, then domestic cascade, local, UMK, price',
        querystring: z.object({
          q: z.string().max(200).optional(),
          category: z.string().max(64).optional(),
          partner: z.string().max(40).optional(),
          regionCode: z
            .string()
            .regex(/^\d{2}\.\d{2}$/, 'kode kabupaten/kota, mis. 33.25')
            .optional()
            .describe('The buyer’s kabupaten/kota: for `local` and ranking'),
          local: booleanQuery.optional(),
          umk: booleanQuery.optional(),
          domesticClass: z.enum(domesticClasses).optional(),
          tkdnMin: z.coerce.number().min(0).max(100).optional(),
          priceMin: rupiah.optional(),
          priceMax: rupiah.optional(),
          sort: z.enum(['relevance', 'price_asc', 'price_desc']).default('relevance'),
          limit: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.string().max(500).optional(),
        }),
        response: {
          200: searchResponse,
          ...errorResponses,
        },
      },
      serializerCompiler: (route) =>
        route.httpStatus === '200'
          ? stringifySearch
          : serializerCompiler(route as unknown as Parameters<typeof serializerCompiler>[0]),
    },
    async (request) => searchCatalog(db, request.query, index),
  );

  r.get(
    '/api/v1/catalog/products/:id',
    {
      schema: {
        operationId: 'getProduct',
        security: security.public,
        tags: ['catalog'],
        summary:
          'A product with its seller, TKDN certificate and comparable offers of other sellers and partners',
        params: z.object({ id: z.uuid() }),
        querystring: z.object({
          regionCode: z
            .string()
            .regex(/^\d{2}\.\d{2}$/)
            .optional(),
        }),
        response: {
          200: z.object({
            product: itemSchema.omit({ reasons: true }).extend({
              description: z.string().nullable(),
              minOrderQty: z.number().int(),
              isActive: z.boolean(),
              url: z.string().nullable(),
              imageUrl: z.string().nullable(),
              tkdnCertificateNo: z.string().nullable(),
              tkdnValidUntil: z.string().nullable(),
              tkdnValid: z.boolean(),
              seller: sellerSchema.extend({
                legalForm: z.string().nullable(),
                regionName: z.string(),
                partners: z.array(z.object({ code: z.string(), name: z.string() })),
              }),
            }),
            priceSpread: z.object({
              categoryCode: z.string(),
              unit: z.string(),
              offerCount: z.number().int(),
              minIdr: z.number().int(),
              medianIdr: z.number().int(),
              maxIdr: z.number().int(),
              position: z.enum(['lowest', 'below_median', 'median', 'above_median', 'highest']),
            }),
            comparableOffers: z.array(itemSchema.omit({ reasons: true })),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => getProductPage(db, request.params.id, request.query.regionCode ?? ''),
  );
}
