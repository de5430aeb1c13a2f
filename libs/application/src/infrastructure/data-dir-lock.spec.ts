import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDir } from './data-dir-lock';

/** Two processes that are both alive while the test runs: this one and its parent. */
const first = process.pid;
const second = process.ppid;
/** The id of a process that has ended: what a killed registry leaves in its lock file. */
const endedProcess = (): number => spawnSync(process.execPath, ['-e', '']).pid;

describe('the data directory lock (registry.pid)', () => {
  let dataDir: string;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'registry-lock-'));
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const lockFile = () => join(dataDir, 'registry.pid');
  const outcomes = (results: PromiseSettledResult<unknown>[]) => results.map((result) => result.status).sort();

  it('refuses a second process while the first holds the directory, naming the file to remove if stale', async () => {
    const release = await lockDataDir(dataDir, { pid: first });
    await expect(lockDataDir(dataDir, { pid: second })).rejects.toThrow(
      `is in use by process ${first} (a running registry?); stop it, or send the work to its HTTP API. ` +
        `If process ${first} is no registry (the registry was killed and its id reused), remove ${lockFile()}`,
    );
    await release();
    await lockDataDir(dataDir, { pid: second });
    expect(await readFile(lockFile(), 'utf8')).toBe(String(second));
  });

  it('lets exactly one of two processes that start at once take the directory', async () => {
    for (let round = 0; round < 20; round++) {
      const results = await Promise.allSettled([first, second].map((pid) => lockDataDir(dataDir, { pid })));
      expect(outcomes(results)).toEqual(['fulfilled', 'rejected']);
      await rm(lockFile());
    }
  });

  it('takes over the lock of a process that was killed', async () => {
    await writeFile(lockFile(), String(endedProcess()));
    await lockDataDir(dataDir, { pid: first });
    expect(await readFile(lockFile(), 'utf8')).toBe(String(first));
    expect(await readdir(dataDir)).toEqual(['registry.pid']);
  });

  it('takes over a lock that a process killed while creating it left empty', async () => {
    await writeFile(lockFile(), '');
    await lockDataDir(dataDir, { pid: first });
    expect(await readFile(lockFile(), 'utf8')).toBe(String(first));
  });

  it('lets exactly one of two processes that start at once take over the lock of a killed one', async () => {
    const killed = String(endedProcess());
    for (let round = 0; round < 20; round++) {
      await writeFile(lockFile(), killed);
      const results = await Promise.allSettled([first, second].map((pid) => lockDataDir(dataDir, { pid })));
      expect(outcomes(results)).toEqual(['fulfilled', 'rejected']);
      expect([String(first), String(second)]).toContain(await readFile(lockFile(), 'utf8'));
      expect(await readdir(dataDir)).toEqual(['registry.pid']);
    }
  });

  it('removes only its own lock when released', async () => {
    const release = await lockDataDir(dataDir, { pid: first });
    await writeFile(lockFile(), String(second)); // taken over meanwhile by a process that thought this one dead
    await release();
    expect(await readFile(lockFile(), 'utf8')).toBe(String(second));
  });
});
