import { withQuery } from '../../api';
import { type DomesticClass, isDomesticClass, isSortOrder, type SortOrder } from './types';

/** The search as kept in the page's query string, so it can be shared and the back button works. */
export interface CatalogFilters {
  q: string;
  category: string | null;
  partner: string | null;
  local: boolean;
  umk: boolean;
  domesticClass: DomesticClass | null;
  tkdnMin: number | null;
  priceMin: number | null;
  priceMax: number | null;
  sort: SortOrder;
  /** A kabupaten/kota picked on the page (otherwise the buyer's own pemda, or the visitor's choice). */
  regionCode: string | null;
}

export const REGION_CODE = /^\d{2}\.\d{2}$/;

function numberParam(text: string | null, max: number): number | null {
  if (text === null || text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= max ? value : null;
}

/** Reads the filters from a query string; unknown or malformed values are ignored. */
export function parseFilters(params: URLSearchParams): CatalogFilters {
  const domesticClass = params.get('domesticClass');
  const sort = params.get('sort');
  const regionCode = params.get('regionCode');
  const priceMin = numberParam(params.get('priceMin'), 1_000_000_000_000);
  const priceMax = numberParam(params.get('priceMax'), 1_000_000_000_000);
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    category: params.get('category') || null,
    partner: params.get('partner') || null,
    local: params.get('local') === 'true',
    umk: params.get('umk') === 'true',
    domesticClass: isDomesticClass(domesticClass) ? domesticClass : null,
    tkdnMin: numberParam(params.get('tkdnMin'), 100),
    priceMin: priceMin === null ? null : Math.floor(priceMin),
    priceMax: priceMax === null ? null : Math.floor(priceMax),
    sort: isSortOrder(sort) ? sort : 'relevance',
    regionCode: regionCode && REGION_CODE.test(regionCode) ? regionCode : null,
  };
}

const text = (value: number | null) => (value === null ? undefined : String(value));

/** The query-string form of the filters, leaving out what is at its default. */
export function filtersToQuery(filters: CatalogFilters): Record<string, string | undefined> {
  return {
    q: filters.q || undefined,
    category: filters.category ?? undefined,
    partner: filters.partner ?? undefined,
    local: filters.local ? 'true' : undefined,
    umk: filters.umk ? 'true' : undefined,
    domesticClass: filters.domesticClass ?? undefined,
    tkdnMin: text(filters.tkdnMin),
    priceMin: text(filters.priceMin),
    priceMax: text(filters.priceMax),
    sort: filters.sort === 'relevance' ? undefined : filters.sort,
    regionCode: filters.regionCode ?? undefined,
  };
}

/** `/katalog?…` for these filters. */
export function catalogHref(filters: CatalogFilters): string {
  return withQuery('/katalog', filtersToQuery(filters));
}

/** How many filters narrow the results (the query text, sort order and region not counted). */
export function activeFilterCount(filters: CatalogFilters): number {
  return [
    filters.category,
    filters.partner,
    filters.local || null,
    filters.umk || null,
    filters.domesticClass,
    filters.tkdnMin,
    filters.priceMin ?? filters.priceMax,
  ].filter((value) => value !== null).length;
}

export type FacetField = 'category' | 'partner' | 'domesticClass';

/**
 * GET /api/v1/catalog/search for the filters and the buyer's region. `without` leaves one
 * filter out: the facet counts of a select come from a search without its own filter, so the
 * other options stay visible once one is chosen. `local` is only sent with a region (the API
 * refuses it otherwise).
 */
export function searchPath(
  filters: CatalogFilters,
  regionCode: string | null,
  options: { limit: number; cursor?: string | null; without?: FacetField },
): string {
  return withQuery('/api/v1/catalog/search', {
    q: filters.q || undefined,
    category: options.without === 'category' ? undefined : (filters.category ?? undefined),
    partner: options.without === 'partner' ? undefined : (filters.partner ?? undefined),
    domesticClass: options.without === 'domesticClass' ? undefined : (filters.domesticClass ?? undefined),
    regionCode: regionCode ?? undefined,
    local: filters.local && regionCode ? 'true' : undefined,
    umk: filters.umk ? 'true' : undefined,
    tkdnMin: text(filters.tkdnMin),
    priceMin: text(filters.priceMin),
    priceMax: text(filters.priceMax),
    sort: filters.sort === 'relevance' ? undefined : filters.sort,
    limit: String(options.limit),
    cursor: options.cursor ?? undefined,
  });
}
