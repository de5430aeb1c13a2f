import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ConfigurationError } from '../config/registry-config';

/** How long a lock file may stay empty while its creator writes its process id into it. */
const WRITING_GRACE_MS = 200;

/**
 * PGlite allows one process per data directory; a second one would corrupt it. The lock file turns that
 * into a clear message naming the process that holds the directory.
 *
 * The file is created only if it does not exist (`wx`), so that of two processes starting at once exactly one
 * gets it; reading it first and then writing it let both through. One left by a process that ended without
 * removing it (killed) is taken over. `pid` is the process the lock is taken for (this one; tests name others).
 */
export const lockDataDir = async (
  dataDir: string,
  { pid = process.pid }: { pid?: number } = {},
): Promise<() => Promise<void>> => {
  await mkdir(dataDir, { recursive: true });
  const lockFile = join(dataDir, 'registry.pid');
  const release = async () => {
    // Another process's lock is not ours to remove (ours was taken over: we were thought dead).
    if ((await readFile(lockFile, 'utf8').catch(() => undefined)) === String(pid)) await rm(lockFile, { force: true });
  };
  for (;;) {
    if (await createLockFile(lockFile, pid)) return release;
    const held = await heldBy(lockFile);
    if (held === undefined) continue; // removed meanwhile: try again
    const holder = Number(held);
    // Left by an earlier process that had this one's id (a container restarted, say): it is ours now.
    if (holder === pid) return release;
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new ConfigurationError(
        'REGISTRY_DATA_DIR',
        `${dataDir} is in use by process ${holder} (a running registry?); stop it, or send the work to its HTTP ` +
          `API. If process ${holder} is no registry (the registry was killed and its id reused), remove ${lockFile}`,
      );
    }
    await takeOverStaleLock(lockFile, held, pid);
  }
};

/** Creates the lock file with this process's id, unless it exists; false if it does. */
const createLockFile = async (lockFile: string, pid: number): Promise<boolean> => {
  try {
    await writeFile(lockFile, String(pid), { flag: 'wx' });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
};

/**
 * The lock file's content, undefined if it is gone. An empty one may be another process's that is being written
 * (created, its id not written yet): read again after a moment; still empty, its creator was killed in between.
 */
const heldBy = async (lockFile: string): Promise<string | undefined> => {
  const read = () => readFile(lockFile, 'utf8').catch(() => undefined);
  const held = await read();
  if (held !== '') return held;
  await sleep(WRITING_GRACE_MS);
  return read();
};

/**
 * Removes a stale lock file if it is still the one found stale. It is moved aside under a name of this process's
 * own and read again there: of two processes that found it stale at once, the second may have moved the lock the
 * first has made since, and then puts it back.
 */
const takeOverStaleLock = async (lockFile: string, stale: string, pid: number): Promise<void> => {
  const aside = `${lockFile}.stale-${pid}`;
  const moved = await rename(lockFile, aside).then(
    () => true,
    () => false, // gone meanwhile: another process took it over
  );
  if (!moved) return;
  if ((await readFile(aside, 'utf8')) !== stale) await rename(aside, lockFile);
  else await rm(aside, { force: true });
};

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};
