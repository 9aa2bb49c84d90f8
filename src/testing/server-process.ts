import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { inject } from 'vitest';
import { openTestDatabase } from './test-db';

/**
 * The real server (`src/server/main.ts`) in a child process of its own, for tests that kill it
 * (kill -9) and start it again on the same data: crash recovery, the reference partner's life.
 */
export interface ServerProcess {
  child: ChildProcess;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string | null>;
  /** Pids of the processes this server started (its direct children), read from /proc. */
  childPids(): number[];
  /** SIGKILL: no handler runs, nothing is flushed. */
  kill9(): Promise<void>;
  /** SIGTERM and wait. */
  stop(): Promise<void>;
}

/** A TCP port nothing listens on right now. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Whether something accepts TCP connections on the port. */
export function portAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Whether a process with this pid is still there (not exited; a zombie counts as exited). */
export function processAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[1]) === pid) children.push(Number(entry));
    } catch {
      // The process went away while we looked.
    }
  }
  return children;
}

/** Polls until `check` holds or the time is up; returns whether it held. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 50) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (performance.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, stepMs));
  }
}

/**
 * A data directory and database for server processes: a copy of the test template (migrated,
 * regions, demo accounts), in DATA_DIR (embedded) or a cloned PostgreSQL database.
 * `databaseEnv` is what a server process needs to use it.
 */
export async function prepareServerData(): Promise<{
  dataDir: string;
  databaseEnv: Record<string, string>;
  databaseUrl: string | undefined;
  /** Runs SQL against the database (opens and closes a connection each time on PGlite). */
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
  cleanup(): Promise<void>;
}> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'blangkon-server-'));
  // Partner secrets are encrypted with it: every start on these data needs the same key.
  const secretKey = randomBytes(32).toString('hex');
  if (process.env.DATABASE_URL) {
    const handle = await openTestDatabase();
    const url = handle.url!;
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    return {
      dataDir,
      databaseUrl: url,
      databaseEnv: { DATABASE_URL: url, DATA_DIR: dataDir, BLANGKON_SECRET_KEY: secretKey },
      async query<T>(text: string, params: unknown[] = []) {
        return (await pool.query(text, params)).rows as T[];
      },
      async cleanup() {
        await pool.end();
        await handle.close();
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  }
  const dumpPath = inject('templateDumpPath');
  if (!dumpPath) throw new Error('test template missing');
  const template = await PGlite.create({
    dataDir: path.join(dataDir, 'pglite'),
    loadDataDir: new Blob([await readFile(dumpPath)]),
    extensions: { pg_trgm },
  });
  await template.close();
  return {
    dataDir,
    databaseUrl: undefined,
    databaseEnv: { DATA_DIR: dataDir, BLANGKON_SECRET_KEY: secretKey },
    async query<T>(text: string, params: unknown[] = []) {
      // Only while no server process has the directory open.
      const db = await PGlite.create({ dataDir: path.join(dataDir, 'pglite'), extensions: { pg_trgm } });
      try {
        return (await db.query<T>(text, params)).rows;
      } finally {
        await db.close();
      }
    },
    async cleanup() {
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts `src/server/main.ts` with the environment and waits until it listens. */
export async function startServerProcess(
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<ServerProcess> {
  const port = env.PORT && env.PORT !== '0' ? env.PORT : String(await freePort());
  const child = fork('src/server/main.ts', [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      BLANGKON_SECRET_KEY: randomBytes(32).toString('hex'),
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('server did not listen in time')),
      options.timeoutMs ?? 120_000,
    );
    child.on('message', (message: { ready?: boolean; address?: string }) => {
      if (message.ready) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${port}`);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited (${code}) before listening`));
    });
  });
  return {
    child,
    url,
    exited,
    childPids: () => (child.pid ? childrenOf(child.pid) : []),
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
