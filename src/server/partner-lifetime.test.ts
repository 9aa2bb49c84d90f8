import { readFileSync } from 'node:fs';
import { afterAll, expect, it } from 'vitest';
import {
  freePort,
  portAnswers,
  prepareServerData,
  processAlive,
  type ServerProcess,
  startServerProcess,
  waitFor,
} from '../testing/server-process';

let data: Awaited<ReturnType<typeof prepareServerData>> | undefined;
let server: ServerProcess | undefined;
let orphans: number[] = [];

afterAll(async () => {
  await server?.kill9();
  // Never leave a process of this test behind, whatever the outcome.
  for (const pid of orphans) if (processAlive(pid)) process.kill(pid, 'SIGKILL');
  await data?.cleanup();
});

it('the reference partner ends with the server however it dies (kill -9 included) and frees its port', async () => {
  data = await prepareServerData();
  // The 2021–2024 history is not this test's subject: mark it loaded so the start skips it.
  await data.query(
    `INSERT INTO system_facts (key, value) VALUES ('demo.history', 'skipped by the test') ON CONFLICT DO NOTHING`,
  );
  const partnerPort = await freePort();
  server = await startServerProcess({
    ...data.databaseEnv,
    BLANGKON_DEMO: 'true',
    PARTNER_SIM: 'true',
    PARTNER_SIM_PORT: String(partnerPort),
  });
  expect(await waitFor(() => portAnswers(partnerPort), 30_000)).toBe(true);
  orphans = server.childPids();
  expect(orphans.length).toBeGreaterThan(0);

  await server.kill9();

  // Every process the server started (the partner, a catalogue push in progress) is gone.
  await waitFor(() => orphans.every((pid) => !processAlive(pid)), 5_000);
  const survivors = orphans.filter(processAlive).map((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
    } catch {
      return String(pid);
    }
  });
  expect(survivors).toEqual([]);
  expect(await portAnswers(partnerPort)).toBe(false);
}, 120_000);
