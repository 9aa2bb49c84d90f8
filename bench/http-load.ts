import { fork } from 'node:child_process';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

/**
 * The benches' HTTP load generator: `clients` concurrent clients, each sending the next path
 * as soon as its previous answer is parsed (a closed loop). `runHttpInChild` runs it in a
 * process of its own, so the clients' work (requests, JSON parsing) does not share the
 * server's event loop — as real clients do not.
 */

export interface LoadResult {
  /** Per path, in the order given: request until the JSON body is parsed, ms. */
  latencies: number[];
  /** Per path: the answer's `total`. */
  totals: number[];
  elapsed: number;
}

interface LoadRequest {
  base: string;
  paths: string[];
  clients: number;
  progressLabel?: string | undefined;
}

/** node:http rather than fetch: fetch gives up on a response after 300 s. */
export async function runHttp({ base, paths, clients, progressLabel }: LoadRequest): Promise<LoadResult> {
  const latencies = new Array<number>(paths.length);
  const totals = new Array<number>(paths.length);
  let next = 0;
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let index = next++; index < paths.length; index = next++) {
        const path = paths[index]!;
        const start = performance.now();
        const { status, body } = (await getJson(`${base}${path}`)) as {
          status: number;
          body: { total: number };
        };
        latencies[index] = performance.now() - start;
        if (status !== 200) throw new Error(`${path}: ${status} ${JSON.stringify(body)}`);
        totals[index] = body.total;
        done++;
        if (progressLabel && done % Math.max(1, Math.round(paths.length / 10)) === 0 && done < paths.length) {
          const sorted = latencies.filter((latency) => latency !== undefined).sort((a, b) => a - b);
          console.log(
            `  … ${progressLabel}: ${done} / ${paths.length} queries (${((performance.now() - started) / 1000).toFixed(1)} s, p50 so far ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms)`,
          );
        }
      }
    }),
  );
  return { latencies, totals, elapsed: performance.now() - started };
}

/** `runHttp` in a child process (see above). */
export function runHttpInChild(
  base: string,
  paths: string[],
  clients: number,
  progressLabel?: string,
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), ['--load-generator'], {
      execArgv: ['--import', 'tsx'],
    });
    let answered = false;
    child.once('message', (message: { result?: LoadResult; error?: string }) => {
      answered = true;
      if (message.result) resolve(message.result);
      else reject(new Error(`load generator: ${message.error}`));
    });
    child.once('error', reject);
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`load generator exited with code ${code} before answering`));
    });
    child.send({ base, paths, clients, progressLabel } satisfies LoadRequest);
  });
}

const agent = new http.Agent({ keepAlive: true });

export function getJson(url: string, keepAlive = true): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: keepAlive ? agent : false }, (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          try {
            resolve({
              status: response.statusCode ?? 0,
              body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            });
          } catch (error) {
            reject(error);
          }
        });
        response.on('error', reject);
      })
      .on('error', reject);
  });
}

if (process.argv.includes('--load-generator') && process.send) {
  process.once('message', (request: LoadRequest) => {
    runHttp(request).then(
      (result) => process.send!({ result }, () => process.exit(0)),
      (error: unknown) => process.send!({ error: String(error) }, () => process.exit(1)),
    );
  });
}
