import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The notary's Ed25519 signing key. It lives outside the event store (a file in the data directory or a path
 * from the environment), so whoever can rewrite the database cannot also re-sign the chain.
 */
export class NotaryKey {
  private constructor(
    private readonly privateKey: KeyObject,
    readonly publicKey: KeyObject,
  ) {}

  /** Loads the PEM private key at `file`, creating one (mode 0600) if it does not exist yet. */
  static async loadOrCreate(file: string): Promise<NotaryKey> {
    const pem = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (pem !== undefined) {
      const privateKey = createPrivateKey(pem);
      return new NotaryKey(privateKey, createPublicKey(privateKey));
    }
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    return new NotaryKey(privateKey, publicKey);
  }

  /** An Ed25519 private key in PEM (PKCS#8); throws on anything else. */
  static fromPem(pem: string): NotaryKey {
    const privateKey = createPrivateKey(pem);
    if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error(`the notary key must be Ed25519, not ${privateKey.asymmetricKeyType}`);
    return new NotaryKey(privateKey, createPublicKey(privateKey));
  }

  /** A new private key as PEM (PKCS#8), for a key file. */
  static generatePem(): string {
    return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }

  static ephemeral(): NotaryKey {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    return new NotaryKey(privateKey, publicKey);
  }

  publicKeyPem(): string {
    return this.publicKey.export({ type: 'spki', format: 'pem' }).toString();
  }

  /** SHA-256 of the public key (SPKI, DER) in hex: tells keys apart. */
  fingerprint(): string {
    return createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
  }

  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey).toString('base64');
  }
}

/** The exact bytes a seal's signature covers; documented in docs/audit-verification.md. */
export const sealMessage = (seal: { sequence: string; globalPosition: string; chainHead: string; sealedAt: string }): string =>
  `case-registry-seal-v1|${seal.sequence}|${seal.globalPosition}|${seal.chainHead}|${seal.sealedAt}`;

export const verifySeal = (publicKey: KeyObject, message: string, signature: string): boolean =>
  verify(null, Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
