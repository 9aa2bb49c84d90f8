import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';

/**
 * `backup <file>` and `restore <file> [--force]` for both databases: pg_dump/pg_restore (custom
 * format) on PostgreSQL, PGlite's own dump of the data directory (a gzipped tarball) on the
 * embedded database. Messages reach operators: Bahasa Indonesia, then English.
 */

export class BackupError extends Error {}

/** The file a server writes into DATA_DIR while it uses the embedded database. */
export const SERVER_PID_FILE = 'blangkon-server.pid';

export interface BackupTarget {
  databaseUrl?: string | undefined;
  dataDir: string;
}

export async function backup(target: BackupTarget, file: string): Promise<string> {
  const output = path.resolve(file);
  await mkdir(path.dirname(output), { recursive: true });
  if (target.databaseUrl) {
    await run(findPgTool('pg_dump'), [
      '--format=custom',
      '--no-owner',
      '--no-privileges',
      `--file=${output}`,
      `--dbname=${target.databaseUrl}`,
    ]);
    return `backup PostgreSQL selesai / done: ${output}`;
  }
  assertNoServer(target.dataDir);
  const directory = pgliteDirectory(target.dataDir);
  if (!existsSync(path.join(directory, 'PG_VERSION'))) {
    throw new BackupError(
      `Tidak ada basis data tertanam di ${directory} / No embedded database in ${directory}`,
    );
  }
  const db = await PGlite.create({ dataDir: directory, extensions: { pg_trgm } });
  try {
    const dump = await db.dumpDataDir('gzip');
    await writeFile(output, Buffer.from(await dump.arrayBuffer()));
  } finally {
    await db.close();
  }
  return `backup basis data tertanam selesai / embedded database backup done: ${output}`;
}

export async function restore(target: BackupTarget, file: string, force: boolean): Promise<string> {
  const input = path.resolve(file);
  const kind = await dumpKind(input);
  if (target.databaseUrl) {
    if (kind !== 'pg_dump') {
      throw new BackupError(
        `${input} bukan backup PostgreSQL (pg_dump format custom) / is not a PostgreSQL backup (pg_dump custom format)`,
      );
    }
    const tables = await countTables(target.databaseUrl);
    if (tables > 0 && !force)
      throw notEmpty(`basis data tujuan berisi ${tables} tabel / the target database has ${tables} tables`);
    await run(findPgTool('pg_restore'), [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${target.databaseUrl}`,
      input,
    ]);
    return `restore PostgreSQL selesai / done from ${input}`;
  }
  if (kind !== 'pglite') {
    throw new BackupError(
      `${input} bukan backup basis data tertanam (DATA_DIR) / is not an embedded database (DATA_DIR) backup`,
    );
  }
  assertNoServer(target.dataDir);
  const directory = pgliteDirectory(target.dataDir);
  let keptAside: string | undefined;
  if (existsSync(directory) && (await readdir(directory)).length > 0) {
    if (!force) throw notEmpty(`${directory} sudah berisi basis data / already holds a database`);
    // Kept, not deleted: a wrong restore can be undone by moving it back.
    keptAside = `${directory}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    await rename(directory, keptAside);
  }
  await mkdir(directory, { recursive: true });
  try {
    const db = await PGlite.create({
      dataDir: directory,
      loadDataDir: new Blob([await readFile(input)]),
      extensions: { pg_trgm },
    });
    await db.close();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    if (keptAside) await rename(keptAside, directory);
    throw error;
  }
  return (
    `restore basis data tertanam selesai / embedded database restored into ${directory} from ${input}` +
    (keptAside ? `\nbasis data sebelumnya disimpan di / the previous database was kept in ${keptAside}` : '')
  );
}

function notEmpty(what: string): BackupError {
  return new BackupError(
    `Restore ditolak: ${what}. Tambahkan --force untuk menimpanya. / Restore refused: add --force to overwrite it.`,
  );
}

function pgliteDirectory(dataDir: string): string {
  return path.join(dataDir, 'pglite');
}

/** A server using the embedded database must not have its files changed or read under it. */
function assertNoServer(dataDir: string): void {
  const pidFile = path.join(dataDir, SERVER_PID_FILE);
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isRunningNode(pid)) return;
  throw new BackupError(
    `Server Blangkon (pid ${pid}) sedang memakai ${dataDir}: hentikan dulu. / A Blangkon server (pid ${pid}) is using ${dataDir}: stop it first.`,
  );
}

function isRunningNode(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  // A pid left by a killed server may have been reused by another program.
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('node');
  } catch {
    return true;
  }
}

async function dumpKind(file: string): Promise<'pg_dump' | 'pglite' | 'unknown'> {
  const handle = await open(file, 'r').catch(() => {
    throw new BackupError(`Berkas ${file} tidak ada / File ${file} not found`);
  });
  try {
    const { buffer } = await handle.read(Buffer.alloc(5), 0, 5, 0);
    if (buffer.toString('latin1') === 'PGDMP') return 'pg_dump';
    if (buffer[0] === 0x1f && buffer[1] === 0x8b) return 'pglite';
    return 'unknown';
  } finally {
    await handle.close();
  }
}

async function countTables(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const result = await client.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`,
    );
    return result.rows[0]?.n ?? 0;
  } finally {
    await client.end();
  }
}

/**
 * pg_dump/pg_restore: PG_BIN_DIR if set, else the newest /usr/lib/postgresql/<version>/bin
 * (Debian/Ubuntu keep one per version there; a newer pg_dump reads older servers), else PATH.
 */
export function findPgTool(tool: 'pg_dump' | 'pg_restore'): string {
  const fromEnv = process.env.PG_BIN_DIR;
  if (fromEnv) return path.join(fromEnv, tool);
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((entry) => /^\d+$/.test(entry) && existsSync(path.join(root, entry, 'bin', tool)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions[0]) return path.join(root, versions[0], 'bin', tool);
  }
  return tool;
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.once('error', (error) =>
      reject(
        new BackupError(
          `${command} tidak dapat dijalankan (${error.message}); pasang klien PostgreSQL atau set PG_BIN_DIR / cannot run ${command}: install the PostgreSQL client or set PG_BIN_DIR`,
        ),
      ),
    );
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new BackupError(`${path.basename(command)} gagal / failed (${code}): ${stderr.trim()}`)),
    );
  });
}
