import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigurationError } from '../config/registry-config';

/**
 * PGlite allows one process per data directory; a second one would corrupt it. The lock file turns that
 * into a clear message naming the process that holds the directory.
 */
export const lockDataDir = async (dataDir: string): Promise<() => Promise<void>> => {
  await mkdir(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'registry.pid');
  const holder = Number(await readFile(lockFile, 'utf8').catch(() => ''));
  if (holder && holder !== process.pid && isAlive(holder)) {
    throw new ConfigurationError(
      'REGISTRY_DATA_DIR',
      `${dataDir} is in use by process ${holder} (a running registry?); stop it, or send the work to its HTTP API`,
    );
  }
  await writeFile(lockFile, String(process.pid));
  return () => rm(lockFile, { force: true });
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
