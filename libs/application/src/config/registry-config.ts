import { resolve } from 'node:path';
import { loadSecurityConfig, type SecurityConfig } from '../security/security-config';

/** A setting that cannot work: start-up stops with one line that names the variable. */
export class ConfigurationError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigurationError';
  }
}

export type StorageConfig =
  | {
      readonly kind: 'postgres';
      readonly url: string;
      readonly schema: string;
      /** The server is PGlite behind its socket (one backend session): use a single connection. */
      readonly isSingleSession?: boolean;
    }
  | { readonly kind: 'embedded'; readonly dataDir: string; readonly schema: string };

export interface RegistryConfig {
  readonly storage: StorageConfig;
  readonly port: number;
  readonly eventStoreUrl: string | null;
  /** PROJECTOR_BATCH_SIZE: events per projector transaction; unset means the projector's default. */
  readonly projectorBatchSize?: number;
  /** PROJECTOR_NICE: the CPU priority `registry project` lowers itself to (0: unchanged); unset: its default. */
  readonly projectorNice?: number;
  /** Secrets, authentication, rate limit and CORS; absent (tests): random secrets for the process's lifetime. */
  readonly security?: SecurityConfig;
}

type Env = Record<string, string | undefined>;

/** Reads the environment once; CLI flags override by passing a modified env. */
export const loadRegistryConfig = (env: Env = process.env): RegistryConfig => {
  const schema = env.DATABASE_SCHEMA?.trim() || 'public';
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new ConfigurationError('DATABASE_SCHEMA', `"${schema}" is not a plain lower-case PostgreSQL identifier`);
  }
  return {
    storage: storageFrom(env, schema),
    port: portFrom(env.PORT),
    eventStoreUrl: eventStoreUrlFrom(env.EVENTSTORE_URL),
    projectorBatchSize: batchSizeFrom(env.PROJECTOR_BATCH_SIZE),
    projectorNice: niceFrom(env.PROJECTOR_NICE),
    security: loadSecurityConfig(env),
  };
};

const storageFrom = (env: Env, schema: string): StorageConfig => {
  const url = env.DATABASE_URL?.trim();
  if (url) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new ConfigurationError('DATABASE_URL', 'is not a URL (expected postgres://user@host:port/database)');
    }
    if (!['postgres:', 'postgresql:'].includes(parsed.protocol)) {
      throw new ConfigurationError('DATABASE_URL', `must start with postgres:// (got ${parsed.protocol}//)`);
    }
    return { kind: 'postgres', url, schema };
  }
  const dataDir = env.REGISTRY_DATA_DIR?.trim() || './data';
  if (schema !== 'public') {
    // PGlite's socket shares one session between connections and ignores connection options (search_path).
    throw new ConfigurationError('DATABASE_SCHEMA', 'applies to a DATABASE_URL server only; the embedded database uses public');
  }
  return { kind: 'embedded', dataDir: resolve(dataDir), schema };
};

/** Where a DATABASE_URL points, without its user, password or options: `host:port/database`. */
export const databaseLocation = (url: string): string => {
  const { hostname, port, pathname } = new URL(url);
  return `${hostname}:${port || '5432'}${pathname}`;
};

/**
 * Where the read models are, for a process's start line: the embedded database's directory, or the server's
 * `host:port/database` and schema (never its user or password).
 */
export const describeReadModelStorage = (storage: StorageConfig): string =>
  storage.kind === 'embedded'
    ? `embedded PostgreSQL (PGlite) in ${storage.dataDir}`
    : `PostgreSQL at ${databaseLocation(storage.url)}, schema ${storage.schema}`;

const portFrom = (value: string | undefined): number => {
  if (value === undefined || value.trim() === '') return 3000;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigurationError('PORT', `"${value}" is not a port number (0-65535)`);
  }
  return port;
};

const eventStoreUrlFrom = (value: string | undefined): string | null => {
  if (value === undefined || value.trim() === '') return null;
  if (!/^(esdb|kurrentdb)(\+discover)?:\/\//.test(value)) {
    throw new ConfigurationError('EVENTSTORE_URL', 'must start with esdb:// or esdb+discover://');
  }
  return value;
};

const batchSizeFrom = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const size = Number(value);
  // Above a few thousand one batch holds a long transaction; on PGlite that stalls every other query.
  if (!Number.isInteger(size) || size < 1 || size > 10_000) {
    throw new ConfigurationError('PROJECTOR_BATCH_SIZE', `"${value}" is not a whole number from 1 to 10000`);
  }
  return size;
};

const niceFrom = (value: string | undefined): number | undefined => {
  if (value === undefined || value.trim() === '') return undefined;
  const nice = Number(value);
  // Negative values would raise the projector above the API, and need privileges.
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) {
    throw new ConfigurationError('PROJECTOR_NICE', `"${value}" is not a whole number from 0 (unchanged) to 19`);
  }
  return nice;
};
