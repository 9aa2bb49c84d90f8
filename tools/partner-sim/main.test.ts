import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakePlatform, startFakePlatform } from './fake-platform';

// The CLI as the demo and the integration tests use it: a child process.
const MAIN = path.join(import.meta.dirname, 'main.ts');
const CODE = 'tisera';
const SECRET = 'test-secret-tisera';
let platform: FakePlatform | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  await platform?.close();
  platform = undefined;
});

function run(
  args: string[],
  config: unknown,
): { process: ChildProcess; stdout: () => string; stderr: () => string } {
  let stdout = '';
  let stderr = '';
  child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    env: { ...process.env, PARTNER_SIM_CONFIG: JSON.stringify(config) },
  });
  child.stdout?.on('data', (chunk) => {
    stdout += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  return { process: child, stdout: () => stdout, stderr: () => stderr };
}

async function config() {
  platform = await startFakePlatform({ secrets: { [CODE]: SECRET } });
  return { platformUrl: platform.url, partners: [{ code: CODE, secret: SECRET }] };
}

describe('partner-sim CLI', () => {
  it('prints one ready line with its URL and exits 0 on SIGTERM', async () => {
    const started = run([], await config());
    const deadline = Date.now() + 20_000;
    while (!started.stdout().includes('\n') && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    expect(started.stdout()).toMatch(/^partner-sim listening on http:\/\/127\.0\.0\.1:\d+\n$/);
    const url = started.stdout().trim().split(' ').at(-1);
    expect((await fetch(`${url}/_control/state`)).status).toBe(200);
    started.process.kill('SIGTERM');
    const [code] = await once(started.process, 'exit');
    expect(code).toBe(0);
  });

  it('seed pushes a generated catalogue and prints what was accepted', async () => {
    const seeded = run(
      ['seed', '--partner', CODE, '--sellers', '5', '--products', '20', '--seed', '7'],
      await config(),
    );
    const [code] = await once(seeded.process, 'exit');
    expect(code).toBe(0);
    expect(seeded.stdout()).toBe(
      'seeded tisera: sellers 5 accepted, 0 rejected; products 20 accepted, 0 rejected\n',
    );
  });

  it('refuses an invalid configuration with exit code 1 and names the field', async () => {
    const failed = run([], { platformUrl: 'not a url', partners: [] });
    const [code] = await once(failed.process, 'exit');
    expect(code).toBe(1);
    expect(failed.stderr()).toContain('platformUrl');
  });
});
