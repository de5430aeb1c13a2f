import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LatestSealFile, LatestSealNotRecorded, LatestSealUnreadable, type SealRecord } from './latest-seal-record';

const aSeal: SealRecord = {
  sequence: '20',
  globalPosition: '20',
  chainHead: 'a'.repeat(64),
  sealedAt: '2026-12-07T10:00:00.000Z',
  signature: 'c2lnbmF0dXJl',
};

/** What the operator reads: the location, the reason, the setting to change, and that the seal is safe. */
const unwritableLine = (location: string, reason: string) =>
  `the notary could not record its latest seal in ${location} (${reason}): it needs a writable data directory ` +
  '(REGISTRY_DATA_DIR or --data-dir); the seal is committed in the database, so nothing is lost: the record lags ' +
  'behind it until a write succeeds (ADR 0029)';

const failureOf = async (work: Promise<unknown>) => {
  const error = await work.then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(LatestSealNotRecorded);
  return error as LatestSealNotRecorded & { readonly cause: NodeJS.ErrnoException };
};

describe('LatestSealFile where the data directory cannot take the record (ADR 0029)', () => {
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'notary-seal-record-'));
  });
  afterEach(async () => {
    await chmod(scratch, 0o700);
    await rm(scratch, { recursive: true, force: true });
  });

  // Root writes to a read-only directory all the same; the cases after this one fail for root as well.
  const asOtherThanRoot = process.getuid?.() === 0 ? it.skip : it;

  asOtherThanRoot('says in one line that the notary needs a writable data directory (read-only)', async () => {
    const location = join(scratch, 'notary-seal-test.json');
    await chmod(scratch, 0o500);

    const error = await failureOf(new LatestSealFile(location).write(aSeal));

    expect(error.cause.code).toBe('EACCES');
    expect(error.message).toBe(unwritableLine(location, `EACCES: permission denied, open '${location}.*.tmp'`));
  });

  it('says so where a regular file stands in the data directory’s path (ENOTDIR)', async () => {
    await writeFile(join(scratch, 'not-a-directory'), '');
    const location = join(scratch, 'not-a-directory', 'data', 'notary-seal-test.json');

    const error = await failureOf(new LatestSealFile(location).write(aSeal));

    // One line: the projector logs it as `projection notary stopped: …`, and the CLI prints it as it is.
    expect(error.cause.code).toBe('ENOTDIR');
    expect(error.message).toBe(unwritableLine(location, error.cause.message));
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.location).toBe(location);
  });

  it('says so where the data directory is a regular file (EEXIST)', async () => {
    await writeFile(join(scratch, 'data'), '');
    const location = join(scratch, 'data', 'notary-seal-test.json');

    const error = await failureOf(new LatestSealFile(location).write(aSeal));

    expect(error.cause.code).toBe('EEXIST');
    expect(error.message).toBe(unwritableLine(location, error.cause.message));
  });

  it('says so where the record cannot be removed, without claiming a seal', async () => {
    await writeFile(join(scratch, 'data'), '');
    const location = join(scratch, 'data', 'notary-seal-test.json');

    const error = await failureOf(new LatestSealFile(location).write(undefined));

    expect(error.cause.code).toBe('ENOTDIR');
    expect(error.message).toBe(
      `the notary could not remove its record of the latest seal, ${location} (${error.cause.message}): it needs a ` +
        'writable data directory (REGISTRY_DATA_DIR or --data-dir) (ADR 0029)',
    );
  });
});

describe('LatestSealNotRecorded', () => {
  /** A write's error as Node words it where the data directory takes no new file: it names the temporary file. */
  const refusedOpen = (temporary: string): NodeJS.ErrnoException =>
    Object.assign(new Error(`EACCES: permission denied, open '${temporary}'`), {
      code: 'EACCES',
      syscall: 'open',
      path: temporary,
    });

  it('says the same at every try, though each write names a temporary file of its own', () => {
    const location = '/srv/registry/data/notary-seal-public.json';
    const tries = ['4711-0b7e', '4711-9c1d'].map(
      (name) => new LatestSealNotRecorded(location, aSeal, refusedOpen(`${location}.${name}.tmp`)),
    );

    // The projector logs a refusal once per message: a held notary is tried again every 30 s.
    expect(tries[0]!.message).toBe(tries[1]!.message);
    expect(tries[0]!.message).toBe(
      unwritableLine(location, `EACCES: permission denied, open '/srv/registry/data/notary-seal-public.json.*.tmp'`),
    );
    expect(tries[0]!.writeError).toBe(`EACCES: permission denied, open '${location}.*.tmp'`);
  });
});

describe('LatestSealFile where the record cannot be read (ADR 0029)', () => {
  let scratch: string;

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'notary-seal-record-'));
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  // A refusal, which the projector holds and tries again: a restart would read the same file.
  it('refuses a file that holds no seal', async () => {
    const location = join(scratch, 'notary-seal-test.json');
    await writeFile(location, '{"sequence": ');

    const reading = new LatestSealFile(location).read();

    await expect(reading).rejects.toBeInstanceOf(LatestSealUnreadable);
    await expect(reading).rejects.toThrow(
      `${location} does not hold a notary seal: move it aside to start it again (ADR 0029)`,
    );
  });

  it('refuses a record it may not read, or a directory in its place, naming the file and the error', async () => {
    const location = join(scratch, 'notary-seal-test.json');
    await mkdir(location);

    const error = await new LatestSealFile(location).read().then(
      () => undefined,
      (rejection: unknown) => rejection,
    );

    expect(error).toBeInstanceOf(LatestSealUnreadable);
    expect((error as Error).message).toBe(
      `the notary cannot read its record of the latest seal, ${location} (EISDIR: illegal operation on a ` +
        'directory, read): it must be a file the registry’s user can read (ADR 0029)',
    );
  });
});
