import { EmbeddedTokenKeys } from './embedded-token-keys';
import { RegistrySecrets } from './registry-secrets';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, type AuthConfig, type SecurityConfig } from './security-config';
import { oidcTokenVerifier, type TokenVerifier } from './token-verifier';

/**
 * The secrets and security settings of one registry process. Opened from the environment and the data
 * directory; without a configuration (tests) everything is random and lives as long as the process.
 */
export class RegistrySecurity {
  private tokenKeys?: Promise<EmbeddedTokenKeys>;

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

  /** The embedded signing key (generated into the data directory on first use). Not with AUTH_ISSUER. */
  embeddedTokenKeys(): Promise<EmbeddedTokenKeys> {
    if (this.auth.kind !== 'embedded')
      return Promise.reject(new Error('tokens come from AUTH_ISSUER; this registry signs none'));
    this.tokenKeys ??= this.config
      ? EmbeddedTokenKeys.loadOrCreate(this.config.dataDir)
      : EmbeddedTokenKeys.ephemeral();
    return this.tokenKeys;
  }

  async tokenVerifier(): Promise<TokenVerifier> {
    const { auth } = this;
    return auth.kind === 'oidc' ? oidcTokenVerifier(auth) : (await this.embeddedTokenKeys()).verifier();
  }
}
