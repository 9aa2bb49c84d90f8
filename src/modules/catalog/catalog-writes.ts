/**
 * Catalogue writes committed by this process (partner product and seller syncs, partner status
 * changes), counted so that an in-memory index that may serve slightly stale answers
 * (`CatalogIndex` with `maxStaleMs`) catches up before its next search after one of them —
 * a partner finds its own sync at once. Writes by other processes are seen within `maxStaleMs`.
 */
let writes = 0;

/** Called after a transaction that changed products, sellers or partners has committed. */
export function noteCatalogWrite(): void {
  writes += 1;
}

export function catalogWriteCount(): number {
  return writes;
}
