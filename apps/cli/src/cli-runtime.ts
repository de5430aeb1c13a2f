import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { loadRegistryConfig, RegistryModule, RegistryRuntime, type Actor, type RegistryConfig, type RuntimeOptions } from '@registry/application';

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
