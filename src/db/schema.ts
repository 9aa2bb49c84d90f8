// The one schema drizzle-kit reads: re-exports every module's tables.
export * from '../modules/accounts/accounts.schema';
export * from '../modules/audit/audit.schema';
export * from '../modules/regions/regions.schema';
export * from '../modules/satkers/satkers.schema';
