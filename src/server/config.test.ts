import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('without variables it runs the demo on the embedded database at 127.0.0.1:3000', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 3000, host: '127.0.0.1', demo: true, databaseUrl: undefined });
    expect(config.dataDir).toBe(path.resolve('./data'));
  });

  it('with DATABASE_URL demo mode is off unless asked for', () => {
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@127.0.0.1/db' }).demo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgresql://u@127.0.0.1/db', BLANGKON_DEMO: 'true' }).demo).toBe(
      true,
    );
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['BLANGKON_DEMO', 'maybe'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['LOG_LEVEL', 'loud'],
    ['SESSION_TTL_HOURS', '0'],
  ])('an invalid %s=%s is refused with a message naming the variable', (variable, value) => {
    let caught: unknown;
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).variables).toEqual([variable]);
    expect((caught as ConfigError).message).toContain(variable);
  });

  it('the server refuses to start on a bad value and names the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: 'not-a-port', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('PORT');
  });
});
