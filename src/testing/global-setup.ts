import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../db/client';
import { prepareDatabase } from '../db/prepare';
import { withDatabase } from './database-url';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PostgreSQL: name of the template database every test file clones. */
    templateDatabase: string | null;
    /** Embedded: path of the dumped template data directory every test file loads. */
    templateDumpPath: string | null;
  }
}

/**
 * Builds one migrated database with reference regions and the demo scenario per test run:
 * a template database on PostgreSQL (when DATABASE_URL is set), a dumped data directory on
 * the embedded database. Test files clone it in well under a second.
 */
export default async function setup(project: TestProject) {
  const databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    const templateDatabase = `blangkon_tpl_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${templateDatabase}`);
    const handle = await openDatabase({
      databaseUrl: withDatabase(databaseUrl, templateDatabase),
      poolSize: 2,
    });
    await prepareDatabase(handle, { demo: true, demoHistory: false });
    await handle.close();
    project.provide('templateDatabase', templateDatabase);
    project.provide('templateDumpPath', null);
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${templateDatabase} WITH (FORCE)`);
      await admin.end();
    };
  }
  const directory = await mkdtemp(path.join(os.tmpdir(), 'blangkon-template-'));
  const handle = await openDatabase({});
  await prepareDatabase(handle, { demo: true, demoHistory: false });
  const dump = await handle.pglite!.dumpDataDir('gzip');
  await handle.close();
  const dumpPath = path.join(directory, 'template.tar.gz');
  await writeFile(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide('templateDatabase', null);
  project.provide('templateDumpPath', dumpPath);
  return async () => {
    await rm(directory, { recursive: true, force: true });
  };
}
