import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { NotAuthenticated } from './auth-errors';
import type { AuthConfig } from './security-config';
import { identityFromClaims, type Identity } from './token-claims';

export interface TokenVerifier {
  /** The identity a bearer token names; NotAuthenticated when it does not verify. */
  verify(token: string): Promise<Identity>;
}

const ASYMMETRIC = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
];

/** A verified token is taken at its word again for at most this long (and never past its expiry). */
const VERIFIED_FOR_MS = 60_000;
/** Tokens remembered at most; the least recently verified go first. */
const VERIFIED_TOKENS = 10_000;

/**
 * Signature, issuer, audience, expiry (30 s leeway), then the registry's claims. A token that verified is
 * remembered for a minute, up to its expiry: a client sends the same token with every request, and checking
 * its ECDSA signature again took a tenth of the API's CPU under load. A key withdrawn from the issuer's key set
 * therefore stops its tokens within a minute, as jose's own key-set cache already lets it.
 */
export class JoseTokenVerifier implements TokenVerifier {
  private readonly verified = new Map<string, { readonly identity: Identity; readonly until: number }>();

  constructor(
    private readonly keys: JWTVerifyGetKey,
    private readonly options: {
      readonly issuer: string;
      readonly audience: string;
      readonly algorithms: readonly string[];
    },
  ) {}

  async verify(token: string): Promise<Identity> {
    const known = this.verified.get(token);
    if (known && known.until > Date.now()) return known.identity;
    this.verified.delete(token);
    const { identity, expiresAt } = await this.verifyNow(token);
    this.verified.set(token, { identity, until: Math.min(expiresAt, Date.now() + VERIFIED_FOR_MS) });
    if (this.verified.size > VERIFIED_TOKENS) this.verified.delete(this.verified.keys().next().value!);
    return identity;
  }

  private async verifyNow(token: string): Promise<{ identity: Identity; expiresAt: number }> {
    if (token.length > 8192 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(token)) {
      throw new NotAuthenticated('AUTH.TOKEN_INVALID', 'The bearer token is not a JWT');
    }
    let payload: Record<string, unknown>;
    try {
      ({ payload } = await jwtVerify(token, this.keys, {
        issuer: this.options.issuer,
        audience: this.options.audience,
        algorithms: [...this.options.algorithms],
        clockTolerance: 30,
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      // jose's reasons (expired, wrong audience, bad signature) stay out of the answer and the logs.
      throw new NotAuthenticated('AUTH.TOKEN_INVALID', 'The bearer token is invalid or expired');
    }
    // `exp` is a required claim, so jose checked it is a number.
    return { identity: Object.freeze(identityFromClaims(payload)), expiresAt: (payload.exp as number) * 1000 };
  }
}

/**
 * Tokens of an OpenID Connect issuer: keys from AUTH_JWKS_URL, or from the `jwks_uri` of the issuer's
 * discovery document (fetched on first use, retried after a failure). jose caches and rotates the keys.
 */
export const oidcTokenVerifier = (config: Extract<AuthConfig, { kind: 'oidc' }>): TokenVerifier => {
  let jwks: Promise<JWTVerifyGetKey> | undefined;
  const keys: JWTVerifyGetKey = async (header, token) => {
    jwks ??= discoverJwks(config).catch((error: unknown) => {
      jwks = undefined;
      throw error;
    });
    return (await jwks)(header, token);
  };
  return new JoseTokenVerifier(keys, { issuer: config.issuer, audience: config.audience, algorithms: ASYMMETRIC });
};

const discoverJwks = async ({ issuer, jwksUrl }: Extract<AuthConfig, { kind: 'oidc' }>): Promise<JWTVerifyGetKey> => {
  if (jwksUrl) return createRemoteJWKSet(new URL(jwksUrl));
  const response = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, {
    signal: AbortSignal.timeout(5000),
  });
  if (!response.ok) throw new Error(`OpenID discovery answered ${response.status}`);
  const { jwks_uri: uri } = (await response.json()) as { jwks_uri?: unknown };
  if (typeof uri !== 'string') throw new Error('OpenID discovery document has no jwks_uri');
  return createRemoteJWKSet(new URL(uri));
};
