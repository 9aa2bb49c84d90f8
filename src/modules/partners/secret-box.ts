import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Encrypts partner secrets at rest with AES-256-GCM. The platform must hold the secret itself
 * (it verifies HMACs and signs its own calls with it), so it is encrypted, not hashed.
 * Format: `v1:<iv b64url>:<tag b64url>:<ciphertext b64url>`.
 */
export class SecretBox {
  readonly #key: Buffer;

  constructor(keyHex: string) {
    const key = Buffer.from(keyHex, 'hex');
    if (key.length !== 32) throw new Error('secret key must be 32 bytes (64 hex digits)');
    this.#key = key;
  }

  seal(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      'v1',
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      ciphertext.toString('base64url'),
    ].join(':');
  }

  open(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== 'v1' || !iv || !tag || !ciphertext) throw new Error('unknown secret format');
    const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/** A new partner secret: 32 random bytes, shown to the partner once. */
export function generatePartnerSecret(): string {
  return `bks_${randomBytes(32).toString('base64url')}`;
}
