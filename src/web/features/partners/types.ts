export type PartnerStatus = 'active' | 'suspended';

/** A partner marketplace, as the admin partner endpoints answer it. */
export interface Partner {
  id: string;
  code: string;
  name: string;
  baseUrl: string;
  status: PartnerStatus;
  /** YYYY-MM-DD */
  joinedAt: string;
}

export interface PartnerStats {
  sellerCount: number;
  productCount: number;
  activeProductCount: number;
  /** Timestamp text, or null when nothing was synced yet. */
  lastSyncAt: string | null;
  rejectedLast24h: number;
  pendingOutbox: number;
  deadOutbox: number;
}

/** An item of GET /api/v1/admin/partners */
export interface PartnerWithStats extends Partner {
  stats: PartnerStats;
}

/** POST /api/v1/admin/partners */
export interface CreatePartnerBody {
  code: string;
  name: string;
  baseUrl: string;
  joinedAt?: string;
}

/** 201 of POST /api/v1/admin/partners: the secret is shown this once. */
export interface CreatePartnerResult {
  partner: Partner;
  secret: string;
}

/** POST /api/v1/admin/partners/{code}/rotate-secret */
export interface RotateSecretResult {
  secret: string;
  previousValidUntil: string;
}

export type RejectedResource = 'sellers' | 'products' | 'transactions';

export interface RejectionIssue {
  field: string;
  code: string;
  message: string;
}

/** An item of GET /api/v1/admin/partners/{code}/rejections */
export interface SyncRejection {
  resource: RejectedResource | (string & {});
  externalId: string | null;
  errors: RejectionIssue[];
  receivedAt: string;
}

/** A secret on screen: after registering a partner, or after rotating its secret. */
export interface SecretReveal {
  partnerName: string;
  /** What just happened, shown above the secret. */
  notice: string;
  secret: string;
  /** Set after a rotation: until when the previous secret still verifies. */
  previousValidUntil?: string;
}
