import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Reads a secret file, or creates it (mode 0600, in a 0700 directory) with `create()` on first use. Two
 * processes starting at once both end up with the file that was written first.
 */
export const readOrCreateSecretFile = async (file: string, create: () => string): Promise<string> => {
  const existing = await readSecretFileIfExists(file);
  if (existing !== undefined) return existing;
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  try {
    await writeFile(file, create(), { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return readFile(file, 'utf8');
};

/** The secret file's text; undefined where there is no such file. */
export const readSecretFileIfExists = (file: string): Promise<string | undefined> =>
  readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
