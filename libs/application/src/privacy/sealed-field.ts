import { createCipheriv, createDecipheriv, createHmac } from 'node:crypto';

/**
 * A personal field encrypted for one data subject: `pd1:<subject uuid>:<nonce>:<ciphertext and tag>`
 * (AES-256-GCM, base64url). It is a string, so it travels through events, read models and projections in
 * the place of the plain value without changing their types. The nonce is derived from the plaintext with
 * the subject's key (as in SIV): sealing the same value twice gives the same string, so retried commands stay
 * idempotent; equal values of one subject are recognisable as equal, nothing more.
 */
export const SEALED_PREFIX = 'pd1:';

/** What a reader sees in place of a personal field whose subject was erased. */
export const ERASED = '[erased]';

const SEALED =
  /^pd1:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):([A-Za-z0-9_-]{16}):([A-Za-z0-9_-]{22,})$/;

export interface SealedField {
  readonly subjectId: string;
  readonly nonce: Buffer;
  readonly body: Buffer;
}

export const parseSealed = (value: string): SealedField | null => {
  if (!value.startsWith(SEALED_PREFIX)) return null;
  const match = SEALED.exec(value);
  if (!match) return null;
  return {
    subjectId: match[1]!,
    nonce: Buffer.from(match[2]!, 'base64url'),
    body: Buffer.from(match[3]!, 'base64url'),
  };
};

export const sealWith = (key: Buffer, subjectId: string, plaintext: string): string => {
  const nonce = createHmac('sha256', key).update(`nonce\u0000${plaintext}`, 'utf8').digest().subarray(0, 12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`${SEALED_PREFIX}${subjectId}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${SEALED_PREFIX}${subjectId}:${nonce.toString('base64url')}:${body.toString('base64url')}`;
};

/** The plaintext, or null when the key does not open it (another key, or a tampered value). */
export const openWith = (key: Buffer, { subjectId, nonce, body }: SealedField): string | null => {
  if (body.length < 16) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(`${SEALED_PREFIX}${subjectId}`, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - 16));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
};
