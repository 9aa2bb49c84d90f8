// The one schema drizzle-kit reads: re-exports every module's tables.
export * from '../modules/accounts/accounts.schema';
export * from '../modules/audit/audit.schema';
export * from '../modules/catalog/catalog.schema';
export * from '../modules/orders/orders.schema';
export * from '../modules/outbox/outbox.schema';
export * from '../modules/partners/partners.schema';
export * from '../modules/regions/regions.schema';
export * from '../modules/reports/reports.schema';
export * from '../modules/rules/rules.schema';
export * from '../modules/satkers/satkers.schema';
export * from '../modules/sellers/sellers.schema';
