import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * The access token as the idempotency record keeps it: AES-256-GCM under a key
 * derived from GUICHET_SECRET (HKDF-SHA256), so a replay can answer the same
 * token while a copy of the database alone opens no ticket. Sealed values are
 * `v1.<base64url of iv, tag, ciphertext>`.
 */
const version = 'v1';
const ivBytes = 12;
const tagBytes = 16;

export interface TokenSeal {
  seal(token: string): string;
  /** The token, or undefined when `sealed` was not sealed with this secret (it was rotated) or was altered. */
  open(sealed: string): string | undefined;
}

export function createTokenSeal(secret: string, purpose = 'idempotency access token'): TokenSeal {
  const key = Buffer.from(hkdfSync('sha256', secret, 'guichet', purpose, 32));
  return {
    seal(token) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const sealed = Buffer.concat([cipher.update(token, 'utf8'), cipher.final()]);
      return `${version}.${Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url')}`;
    },
    open(sealed) {
      const [tag, body] = sealed.split('.');
      if (tag !== version || !body) return undefined;
      const bytes = Buffer.from(body, 'base64url');
      if (bytes.length <= ivBytes + tagBytes) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, ivBytes));
        decipher.setAuthTag(bytes.subarray(ivBytes, ivBytes + tagBytes));
        return Buffer.concat([decipher.update(bytes.subarray(ivBytes + tagBytes)), decipher.final()]).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
}
