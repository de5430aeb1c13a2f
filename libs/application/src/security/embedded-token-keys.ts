import { createPublicKey, generateKeyPairSync, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { exportSPKI, importPKCS8, importSPKI, SignJWT, type CryptoKey } from 'jose';
import type { MemberState } from '@registry/domain';
import type { TokenRole } from './access-policy';
import { readOrCreateSecretFile } from './secret-file';
import { JoseTokenVerifier, type TokenVerifier } from './token-verifier';

/** Issuer and audience of the tokens an embedded registry signs for itself. */
export const EMBEDDED_ISSUER = 'urn:case-registry:embedded';
export const EMBEDDED_AUDIENCE = 'case-registry';
const ALGORITHM = 'ES256';
const KEY_FILE = join('secrets', 'token-signing-key.pem');

export interface TokenRequest {
  readonly subject: string;
  readonly roles: readonly TokenRole[];
  readonly memberStates: readonly MemberState[] | 'all';
  readonly ttlSeconds: number;
}

/**
 * The signing key of an embedded (development or single-site) registry: ES256, generated into
 * `<data dir>/secrets/token-signing-key.pem` on first use. `registry token` signs with it, the API verifies
 * with its public half. A registry with AUTH_ISSUER set never uses it.
 */
export class EmbeddedTokenKeys {
  private constructor(
    private readonly privateKey: CryptoKey,
    private readonly publicKey: CryptoKey,
  ) {}

  static async loadOrCreate(dataDir: string): Promise<EmbeddedTokenKeys> {
    const pem = await readOrCreateSecretFile(join(dataDir, KEY_FILE), () =>
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
    return EmbeddedTokenKeys.fromPem(pem);
  }

  static ephemeral(): Promise<EmbeddedTokenKeys> {
    const pem = generateKeyPairSync('ec', { namedCurve: 'P-256' })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    return EmbeddedTokenKeys.fromPem(pem);
  }

  private static async fromPem(pem: string): Promise<EmbeddedTokenKeys> {
    const privateKey = await importPKCS8(pem, ALGORITHM, { extractable: true });
    const spki = createPublicKey(pem).export({ type: 'spki', format: 'pem' }).toString();
    return new EmbeddedTokenKeys(privateKey, await importSPKI(spki, ALGORITHM));
  }

  sign({ subject, roles, memberStates, ttlSeconds }: TokenRequest): Promise<string> {
    return new SignJWT({ roles: [...roles], ms: memberStates === 'all' ? ['*'] : [...memberStates] })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(subject)
      .setIssuer(EMBEDDED_ISSUER)
      .setAudience(EMBEDDED_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(Math.floor(Date.now() / 1000) + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.privateKey);
  }

  verifier(): TokenVerifier {
    return new JoseTokenVerifier(() => Promise.resolve(this.publicKey), {
      issuer: EMBEDDED_ISSUER,
      audience: EMBEDDED_AUDIENCE,
      algorithms: [ALGORITHM],
    });
  }

  publicKeyPem(): Promise<string> {
    return exportSPKI(this.publicKey);
  }
}
