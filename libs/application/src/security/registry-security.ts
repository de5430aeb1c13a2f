import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotaryKey } from '@registry/projections';
import { ConfigurationError } from '../config/registry-config';
import { EmbeddedTokenKeys } from './embedded-token-keys';
import { RegistrySecrets } from './registry-secrets';
import { readOrCreateSecretFile } from './secret-file';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, type AuthConfig, type SecurityConfig, type TrustProxy } from './security-config';
import { oidcTokenVerifier, type TokenVerifier } from './token-verifier';

/**
 * The secrets and security settings of one registry process. Opened from the environment and the data
 * directory; without a configuration (tests) everything is random and lives as long as the process.
 */
export class RegistrySecurity {
  private tokenKeys?: Promise<EmbeddedTokenKeys>;
  private notary?: Promise<NotaryKey>;

  private constructor(
    readonly secrets: RegistrySecrets,
    private readonly config: SecurityConfig | undefined,
  ) {}

  static async open(config: SecurityConfig | undefined): Promise<RegistrySecurity> {
    return new RegistrySecurity(config ? await RegistrySecrets.open(config) : RegistrySecrets.ephemeral(), config);
  }

  get auth(): AuthConfig {
    return this.config?.auth ?? { kind: 'embedded' };
  }

  get rateLimitPerMinute(): number {
    return this.config?.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE;
  }

  get corsOrigins(): readonly string[] {
    return this.config?.corsOrigins ?? [];
  }

  /** The proxies whose X-Forwarded-For is believed; undefined: none. */
  get trustProxy(): TrustProxy | undefined {
    return this.config?.trustProxy;
  }

  /** The embedded signing key (generated into the data directory on first use). Not with AUTH_ISSUER. */
  embeddedTokenKeys(): Promise<EmbeddedTokenKeys> {
    if (this.auth.kind !== 'embedded')
      return Promise.reject(new Error('tokens come from AUTH_ISSUER; this registry signs none'));
    this.tokenKeys ??= this.config
      ? EmbeddedTokenKeys.loadOrCreate(this.config.dataDir)
      : EmbeddedTokenKeys.ephemeral();
    return this.tokenKeys;
  }

  /**
   * The notary's Ed25519 signing key: NOTARY_KEY_FILE, or `<data dir>/notary-ed25519.pem` (generated on first
   * use). Never in the database, so whoever can rewrite the log cannot also re-sign the chain.
   */
  notaryKey(): Promise<NotaryKey> {
    this.notary ??= this.config ? loadNotaryKey(this.config) : Promise.resolve(NotaryKey.ephemeral());
    return this.notary;
  }

  async tokenVerifier(): Promise<TokenVerifier> {
    const { auth } = this;
    return auth.kind === 'oidc' ? oidcTokenVerifier(auth) : (await this.embeddedTokenKeys()).verifier();
  }
}

const notaryKeyFileOf = (config: SecurityConfig): string =>
  config.notaryKeyFile ?? join(config.dataDir, 'notary-ed25519.pem');
const notaryKeyVariableOf = (config: SecurityConfig): string =>
  config.notaryKeyFile ? 'NOTARY_KEY_FILE' : 'REGISTRY_DATA_DIR';

const notaryKeyFromPem = (config: SecurityConfig, pem: string): NotaryKey => {
  try {
    return NotaryKey.fromPem(pem);
  } catch (error) {
    const file = notaryKeyFileOf(config);
    const problem = `${file} does not hold an Ed25519 private key in PEM (${(error as Error).message})`;
    throw new ConfigurationError(notaryKeyVariableOf(config), problem);
  }
};

const loadNotaryKey = async (config: SecurityConfig): Promise<NotaryKey> =>
  notaryKeyFromPem(config, await readOrCreateSecretFile(notaryKeyFileOf(config), () => NotaryKey.generatePem()));

/**
 * The public key of the notary's existing key file, which this never creates (nor anything else): a key made here
 * would have signed nothing, and a third party given it would take every seal for forged.
 */
export const readNotaryPublicKey = async (config: SecurityConfig | undefined): Promise<string> => {
  // Without a configuration (tests) the notary's key is a new one for each process: there is no file to read.
  if (!config) throw new ConfigurationError('NOTARY_KEY_FILE', 'no key file: this process has no configuration');
  const file = notaryKeyFileOf(config);
  const pem = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
    const problem = `no notary key at ${file}: the first server or projector creates it (is that the right file?)`;
    throw new ConfigurationError(notaryKeyVariableOf(config), problem);
  });
  return notaryKeyFromPem(config, pem).publicKeyPem();
};
