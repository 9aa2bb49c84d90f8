// Dev aid: runs catalogue searches against BENCH_DATABASE_URL with auto_explain on (plans in the server log).
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client';
import { searchCatalog } from '../src/modules/catalog/search.service';

const handle = await openDatabase({ databaseUrl: process.env.BENCH_DATABASE_URL!, poolSize: 1 });
const db = handle.db;
if (process.env.EXPLAIN) {
  await db.execute(sql.raw(`LOAD 'auto_explain'`));
  await db.execute(sql.raw(`SET auto_explain.log_min_duration = 0`));
  await db.execute(sql.raw(`SET auto_explain.log_analyze = on`));
  await db.execute(sql.raw(`SET auto_explain.log_buffers = on`));
}
for (const params of process.argv.slice(2)) {
  const query = Object.fromEntries(new URLSearchParams(params));
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    const result = await searchCatalog(db, {
      sort: 'relevance',
      limit: 20,
      ...query,
      local: query.local === 'true',
      umk: query.umk === 'true',
    } as never);
    console.log(
      `${params}: ${(performance.now() - start).toFixed(1)} ms total ${result.total} first ${result.items[0]?.name} / ${result.items[0]?.reasons[0]?.message}`,
    );
  }
}
await handle.close();
