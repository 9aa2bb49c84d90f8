import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from './config';

/**
 * The key that encrypts partner secrets: BLANGKON_SECRET_KEY when set (production), else a
 * key generated once into DATA_DIR/secret.key (a laptop or demo start), readable only by us.
 */
export async function resolveSecretKey(config: Config): Promise<{ keyHex: string; source: 'env' | 'file' }> {
  if (config.secretKeyHex) return { keyHex: config.secretKeyHex, source: 'env' };
  const file = path.join(config.dataDir, 'secret.key');
  if (existsSync(file)) {
    const keyHex = (await readFile(file, 'utf8')).trim();
    if (!/^[0-9a-fA-F]{64}$/.test(keyHex)) throw new Error(`${file} does not hold a 64-digit hex key`);
    return { keyHex, source: 'file' };
  }
  await mkdir(config.dataDir, { recursive: true });
  const keyHex = randomBytes(32).toString('hex');
  await writeFile(file, `${keyHex}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(file, 0o600);
  return { keyHex, source: 'file' };
}
