export const domesticClasses = ['tkdn_bmp_40', 'tkdn_25', 'pdn', 'import'] as const;
/** Perpres 16/2018 art. 66 cascade, highest priority first. */
export type DomesticClass = (typeof domesticClasses)[number];

export const sortOrders = ['relevance', 'price_asc', 'price_desc'] as const;
export type SortOrder = (typeof sortOrders)[number];

export function isDomesticClass(value: string | null | undefined): value is DomesticClass {
  return (domesticClasses as readonly string[]).includes(value ?? '');
}

export function isSortOrder(value: string | null | undefined): value is SortOrder {
  return (sortOrders as readonly string[]).includes(value ?? '');
}

export interface SellerRef {
  id: string;
  name: string;
  /** `mikro` | `kecil` | `menengah` | `besar` */
  scale: string;
  regionCode: string;
  /** `individual` | `company` */
  kind: string;
}

/** An offer as the catalogue lists it (without the ranking reasons). */
export interface CatalogOffer {
  id: string;
  name: string;
  unit: string;
  priceIdr: number;
  category: { code: string; name: string };
  partner: { code: string; name: string };
  seller: SellerRef;
  tkdnPercent: number | null;
  bmpPercent: number | null;
  domesticClass: DomesticClass;
  isLocal: boolean;
  /** Micro or small seller, or a cooperative of any scale (UMKK): the `umk=true` filter's rule. */
  isUmk: boolean;
  stock: number | null;
}

export interface RankingReason {
  code: string;
  message: string;
}

/** An item of GET /api/v1/catalog/search */
export interface CatalogItem extends CatalogOffer {
  reasons: RankingReason[];
}

export interface Facet {
  value: string;
  label: string;
  count: number;
}

export interface SearchFacets {
  category: Facet[];
  partner: Facet[];
  scale: Facet[];
  domesticClass: Facet[];
  local: Facet[];
}

/** GET /api/v1/catalog/search */
export interface SearchResult {
  total: number;
  nextCursor: string | null;
  items: CatalogItem[];
  facets: SearchFacets;
}

export type PricePosition = 'lowest' | 'below_median' | 'median' | 'above_median' | 'highest';

/** GET /api/v1/catalog/products/{id} */
export interface ProductPage {
  product: CatalogOffer & {
    description: string | null;
    minOrderQty: number;
    isActive: boolean;
    url: string | null;
    imageUrl: string | null;
    tkdnCertificateNo: string | null;
    /** YYYY-MM-DD */
    tkdnValidUntil: string | null;
    tkdnValid: boolean;
    seller: SellerRef & {
      legalForm: string | null;
      regionName: string;
      partners: Array<{ code: string; name: string }>;
    };
  };
  priceSpread: {
    categoryCode: string;
    unit: string;
    offerCount: number;
    minIdr: number;
    medianIdr: number;
    maxIdr: number;
    position: PricePosition;
  };
  comparableOffers: CatalogOffer[];
}
