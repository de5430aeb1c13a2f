import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import {
  describeReadModelStorage,
  loadRegistryConfig,
  RegistryModule,
  RegistryRuntime,
  type Actor,
  type RegistryConfig,
  type RuntimeOptions,
} from '@registry/application';

export interface StorageFlags {
  readonly dataDir?: string;
}

/** Environment plus flags: `--data-dir` wins over REGISTRY_DATA_DIR. */
export const configFrom = (flags: StorageFlags & { port?: string }): RegistryConfig =>
  loadRegistryConfig({
    ...process.env,
    ...(flags.dataDir !== undefined && { REGISTRY_DATA_DIR: flags.dataDir }),
    ...(flags.port !== undefined && { PORT: flags.port }),
  });

/**
 * With DATABASE_URL set, the data directory holds only the keys (master key, notary key, token key), while the log
 * and the read models are on the server. A run that names `--data-dir` reads as if it used the database there: a
 * review ran `verify-log --data-dir` so and audited the server's public schema instead. This line, printed by every
 * command before its work, says where they are; it leaves out the URL's user, password and options.
 */
export const dataDirNote = (flags: StorageFlags): string | undefined => {
  if (flags.dataDir === undefined || !process.env.DATABASE_URL?.trim()) return undefined;
  let config: RegistryConfig;
  try {
    config = configFrom(flags);
  } catch {
    // A setting that cannot work is the command's to report, after its own usage checks (exit 2 before exit 1).
    return undefined;
  }
  if (config.storage.kind !== 'postgres') return undefined;
  const server = describeReadModelStorage(config.storage);
  const where = config.eventStoreUrl
    ? `the log is in EventStoreDB (EVENTSTORE_URL) and the read models in ${server}`
    : `the log and read models are in ${server}`;
  return `registry: note: DATABASE_URL is set: ${where}; --data-dir ${flags.dataDir} holds only the keys`;
};

/** Whoever runs the CLI on the registry's own machine operates it (tokens arrive with issue 6). */
export const cliActor = (): Actor => ({ userId: `cli:${safeUserName()}`, role: 'admin', memberStates: 'all' });

const safeUserName = (): string => {
  try {
    return userInfo().username.replace(/[^\w.-]/g, '_') || 'unknown';
  } catch {
    return 'unknown';
  }
};

/** Opens storage and the application layer for one CLI command, and always closes both. */
export const withRegistry = async <T>(
  flags: StorageFlags,
  options: RuntimeOptions,
  work: (app: INestApplicationContext, runtime: RegistryRuntime) => Promise<T>,
): Promise<T> => {
  const runtime = await RegistryRuntime.open(configFrom(flags), options);
  let app: INestApplicationContext | undefined;
  try {
    app = await NestFactory.createApplicationContext(RegistryModule.forRuntime(runtime), { logger: ['error', 'warn'] });
    return await work(app, runtime);
  } finally {
    await app?.close();
    await runtime.close();
  }
};
