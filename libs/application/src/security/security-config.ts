import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { ConfigurationError } from '../config/registry-config';

/**
 * How bearer tokens are verified. `embedded`: the registry signs its own tokens with a key generated into the
 * data directory (`registry token`). `oidc`: tokens of an OpenID Connect issuer, keys from its JWKS.
 */
export type AuthConfig =
  | { readonly kind: 'embedded' }
  | { readonly kind: 'oidc'; readonly issuer: string; readonly audience: string; readonly jwksUrl: string | null };

export interface SecurityConfig {
  /** Where generated secrets live (`<dir>/secrets`): the master key (unless REGISTRY_MASTER_KEY) and the token key. */
  readonly dataDir: string;
  /** REGISTRY_MASTER_KEY (base64, at least 32 bytes): pseudonym and key-wrapping keys derive from it. */
  readonly masterKey: Buffer | null;
  readonly auth: AuthConfig;
  /** Requests per client address, route and minute before 429. */
  readonly rateLimitPerMinute: number;
  /** Origins allowed to call the API from a browser; empty: CORS off. */
  readonly corsOrigins: readonly string[];
  /**
   * TRUST_PROXY: the proxies in front whose X-Forwarded-For names the client, so that the rate limit counts
   * clients rather than the proxy: a number of hops, or addresses and CIDR ranges (`loopback`, `10.0.0.0/8`).
   * Absent: none (the connection's address is the client).
   */
  readonly trustProxy?: TrustProxy;
  /** NOTARY_KEY_FILE: the notary's Ed25519 signing key (PEM); unset: `<dataDir>/notary-ed25519.pem`. */
  readonly notaryKeyFile?: string;
}

/** Hops to trust, or the proxies' addresses in proxy-addr's forms (as Express and Fastify take them). */
export type TrustProxy = number | readonly string[];

type Env = Record<string, string | undefined>;

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 1200;

/** The security settings of the environment; each bad value names its variable. */
export const loadSecurityConfig = (env: Env): SecurityConfig => ({
  dataDir: resolve(env.REGISTRY_DATA_DIR?.trim() || './data'),
  masterKey: masterKeyFrom(env.REGISTRY_MASTER_KEY),
  auth: authFrom(env),
  rateLimitPerMinute: rateLimitFrom(env.RATE_LIMIT_PER_MINUTE),
  corsOrigins: corsOriginsFrom(env.CORS_ORIGINS),
  ...trustProxyFrom(env.TRUST_PROXY),
  ...(env.NOTARY_KEY_FILE?.trim() && { notaryKeyFile: resolve(env.NOTARY_KEY_FILE.trim()) }),
});

const masterKeyFrom = (value: string | undefined): Buffer | null => {
  if (value === undefined || value.trim() === '') return null;
  const key = Buffer.from(value.trim(), 'base64');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value.trim()) || key.length < 32) {
    throw new ConfigurationError(
      'REGISTRY_MASTER_KEY',
      'must be at least 32 random bytes in base64 (e.g. `openssl rand -base64 32`)',
    );
  }
  return key;
};

const authFrom = (env: Env): AuthConfig => {
  const issuer = env.AUTH_ISSUER?.trim();
  const audience = env.AUTH_AUDIENCE?.trim();
  const jwksUrl = env.AUTH_JWKS_URL?.trim() || null;
  if (!issuer) {
    if (jwksUrl)
      throw new ConfigurationError('AUTH_JWKS_URL', 'needs AUTH_ISSUER (tokens are verified against that issuer)');
    // Set alone, it would look like a check that is not made: embedded tokens carry the registry's own audience.
    if (audience) throw new ConfigurationError('AUTH_AUDIENCE', 'needs AUTH_ISSUER (the issuer whose tokens carry it)');
    return { kind: 'embedded' };
  }
  requireHttpsUrl('AUTH_ISSUER', issuer);
  if (jwksUrl) requireHttpsUrl('AUTH_JWKS_URL', jwksUrl);
  if (!audience)
    throw new ConfigurationError('AUTH_AUDIENCE', 'is required with AUTH_ISSUER (the audience tokens are issued for)');
  return { kind: 'oidc', issuer, audience, jwksUrl };
};

/** Keys and tokens travel over TLS; plain http only to this machine (a local test issuer). */
const requireHttpsUrl = (variable: string, value: string): void => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(variable, `"${value}" is not a URL`);
  }
  const isLocal = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLocal)) {
    throw new ConfigurationError(variable, 'must be an https:// URL (http:// only for localhost)');
  }
};

const rateLimitFrom = (value: string | undefined): number => {
  if (value === undefined || value.trim() === '') return DEFAULT_RATE_LIMIT_PER_MINUTE;
  const limit = Number(value);
  if (!Number.isInteger(limit) || limit < 1 || limit > 10_000_000) {
    throw new ConfigurationError('RATE_LIMIT_PER_MINUTE', `"${value}" is not a whole number from 1 to 10000000`);
  }
  return limit;
};

const corsOriginsFrom = (value: string | undefined): readonly string[] => {
  if (value === undefined || value.trim() === '') return [];
  const origins = value
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || url.origin !== origin) {
      throw new ConfigurationError(
        'CORS_ORIGINS',
        `"${origin}" is not an origin like https://stats.example.eu (no path, no wildcard)`,
      );
    }
  }
  return origins;
};

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Hops (1–10), or comma-separated addresses, CIDR ranges and proxy-addr's names for ranges. Not `true`: trusting
 * every proxy lets any client choose the address it is counted under.
 */
const trustProxyFrom = (value: string | undefined): { trustProxy?: TrustProxy } => {
  const text = value?.trim() ?? '';
  if (text === '' || text === 'false') return {};
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops < 1 || hops > 10) throw new ConfigurationError('TRUST_PROXY', `"${text}" hops: trust 1 to 10 proxies, or name them`);
    return { trustProxy: hops };
  }
  const proxies = text
    .split(',')
    .map((proxy) => proxy.trim())
    .filter((proxy) => proxy !== '');
  for (const proxy of proxies) {
    const [address = '', prefix, ...rest] = proxy.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.has(proxy) && (family === 0 || !prefixOk || rest.length > 0)) {
      throw new ConfigurationError(
        'TRUST_PROXY',
        `"${proxy}" is neither a number of hops nor an address, CIDR range, loopback, linklocal or uniquelocal`,
      );
    }
  }
  return { trustProxy: proxies };
};
