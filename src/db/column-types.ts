import { customType } from 'drizzle-orm/pg-core';

/**
 * A transaction id (`pg_current_xact_id()`): the `change_xid` stamps the in-memory catalogue
 * index follows (see catalog-index.ts).
 */
export const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });
