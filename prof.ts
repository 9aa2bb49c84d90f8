import { openDatabase } from './src/db/client';
import { CatalogIndex } from './src/modules/catalog/catalog-index';
import { searchCatalog } from './src/modules/catalog/search.service';
import { buildQueryTree, normalizeQuery } from './src/modules/catalog/search-query';
const handle = await openDatabase({ databaseUrl: 'postgresql://blangkon:blangkon@127.0.0.1:55433/search1m', poolSize: 2 });
const index = new CatalogIndex(handle.db);
let t = performance.now();
await index.refresh();
console.log('load', Math.round(performance.now() - t), 'ms', index.size);
for (const q of ['kertas hvs a4', 'kertas hvs', 'nasi kotak', 'ker', 'toner hp 85a', 'snack box', 'kertsa hvs']) {
  for (let i = 0; i < 3; i++) {
    t = performance.now();
    await index.refresh();
    const r1 = performance.now() - t;
    const tree = buildQueryTree(normalizeQuery(q));
    await index.stem(tree.flat(2).map((x) => x.word));
    t = performance.now();
    const res = index.search(tree, null, { regionCode: '33.25', local: false, umk: false }, 'relevance', 21, null);
    const r2 = performance.now() - t;
    t = performance.now();
    const full = await searchCatalog(handle.db, { q, sort: 'relevance', limit: 20 }, index);
    const r3 = performance.now() - t;
    console.log(q, 'refresh', r1.toFixed(1), 'index.search', r2.toFixed(1), 'total', res.total, 'searchCatalog', r3.toFixed(1), full.total);
  }
}
await handle.close();
