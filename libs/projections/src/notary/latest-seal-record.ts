import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ProjectionRefusal } from '../projector/projection';

/** A seal as a row of `notary_seal` holds it, in decimal and text: what the notary keeps of its latest one. */
export interface SealRecord {
  readonly sequence: string;
  readonly globalPosition: string;
  readonly chainHead: string;
  /** ISO 8601, UTC, milliseconds: part of the signed message. */
  readonly sealedAt: string;
  readonly signature: string;
  /**
   * The database the seal is in (`databaseIdentity`): a record of another database (a new one, or one restored into
   * a new cluster) is no record of this one. Absent in a record without it: taken as this database's.
   */
  readonly database?: string;
}

/**
 * Where the notary keeps its latest seal, out of reach of whoever can write to the database (ADR 0029). `write`
 * is called only after the seal's transaction has committed, so the record may lag the database, never lead it.
 */
export interface LatestSealRecord {
  /** Named in the notary's errors and warnings: the file, or where else the record lives. */
  readonly location: string;
  read(): Promise<SealRecord | undefined>;
  /** Records `seal`; undefined removes the record (a restored database without seals). */
  write(seal: SealRecord | undefined): Promise<void>;
}

/**
 * The data directory cannot take the record: read-only, not permitted, full, or a regular file where a directory
 * should be. Named in one line with what to do; the write's own error, which names only a temporary file, is `cause`.
 * Where the notary records a seal, the seal has committed: the notary is held (a restart would not make the
 * directory writable) and tried again, and the record only lags the database, which its check accepts (ADR 0029).
 */
export class LatestSealNotRecorded extends ProjectionRefusal {
  /** The write's own error message, starting with its code (`EACCES: permission denied, …`); temporary file: `*`. */
  readonly writeError: string;

  constructor(
    readonly location: string,
    seal: SealRecord | undefined,
    cause: NodeJS.ErrnoException,
  ) {
    const what = seal ? `record its latest seal in ${location}` : `remove its record of the latest seal, ${location}`;
    const committed = seal
      ? '; the seal is committed in the database, so nothing is lost: the record lags behind it until a write succeeds'
      : '';
    const writeError = withTemporaryFileUnnamed(cause, location);
    super(
      `the notary could not ${what} (${writeError}): it needs a writable data directory (REGISTRY_DATA_DIR or ` +
        `--data-dir)${committed} (ADR 0029)`,
      { cause },
    );
    this.name = 'LatestSealNotRecorded';
    this.writeError = writeError;
  }
}

/** Its own name per write: two processes sharing the data directory may both be writing. */
const temporaryFileOf = (location: string): string => `${location}.${process.pid}-${randomUUID()}.tmp`;

/**
 * The write's error message, with the temporary file it names (a new name at every write) given as a pattern: the
 * projector logs a refusal once per message, and a notary held by an unwritable directory is tried every 30 s.
 */
const withTemporaryFileUnnamed = (cause: NodeJS.ErrnoException, location: string): string => {
  const { path } = cause;
  const isTemporaryFile = typeof path === 'string' && path.startsWith(`${location}.`) && path.endsWith('.tmp');
  return isTemporaryFile ? cause.message.replaceAll(path, `${location}.*.tmp`) : cause.message;
};

/**
 * The record cannot be read (not permitted, or no file in its place), or does not hold a seal. A restart would read
 * the same file, so the notary is held, as by a refusal, and tried again until the operator has mended it (ADR 0029).
 */
export class LatestSealUnreadable extends ProjectionRefusal {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LatestSealUnreadable';
  }
}

const UNREADABLE_RECORD_CODES = new Set(['EACCES', 'EPERM', 'EISDIR', 'ENOTDIR']);

const UNWRITABLE_LOCATION_CODES = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENOTDIR', 'EEXIST']);

const isUnwritableLocation = (error: unknown): error is NodeJS.ErrnoException =>
  UNWRITABLE_LOCATION_CODES.has((error as NodeJS.ErrnoException | null)?.code ?? '');

/** `<data dir>/notary-seal-<schema>.json`: one file per schema, since one data directory may serve several. */
export class LatestSealFile implements LatestSealRecord {
  constructor(readonly location: string) {}

  async read(): Promise<SealRecord | undefined> {
    const text = await readFile(this.location, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      if (!UNREADABLE_RECORD_CODES.has(error.code ?? '')) throw error;
      throw new LatestSealUnreadable(
        `the notary cannot read its record of the latest seal, ${this.location} (${error.message}): it must be a ` +
          'file the registry’s user can read (ADR 0029)',
        { cause: error },
      );
    });
    if (text === undefined) return undefined;
    const seal = parseSealRecord(text);
    if (!seal) {
      const message = `${this.location} does not hold a notary seal: move it aside to start it again (ADR 0029)`;
      throw new LatestSealUnreadable(message);
    }
    return seal;
  }

  /** Throws LatestSealNotRecorded where the data directory cannot take the record. */
  async write(seal: SealRecord | undefined): Promise<void> {
    try {
      await this.replace(seal);
    } catch (error) {
      if (isUnwritableLocation(error)) throw new LatestSealNotRecorded(this.location, seal, error);
      throw error;
    }
  }

  /** Atomically: a temporary file beside it, fsync, rename over it, fsync of the directory. */
  private async replace(seal: SealRecord | undefined): Promise<void> {
    const directory = dirname(this.location);
    if (seal === undefined) {
      await rm(this.location, { force: true });
    } else {
      await mkdir(directory, { recursive: true, mode: 0o700 });
      const temporary = temporaryFileOf(this.location);
      const file = await open(temporary, 'w', 0o600);
      try {
        await file.writeFile(`${JSON.stringify(seal)}\n`);
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(temporary, this.location).catch(async (error: unknown) => {
        await rm(temporary, { force: true });
        throw error;
      });
    }
    const folder = await open(directory, 'r');
    try {
      await folder.sync();
    } finally {
      await folder.close();
    }
  }
}

/** For a process without a data directory (tests): the record lives as long as the process. */
export class LatestSealInMemory implements LatestSealRecord {
  readonly location = 'the memory of this process';
  private seal: SealRecord | undefined;

  read(): Promise<SealRecord | undefined> {
    return Promise.resolve(this.seal);
  }

  write(seal: SealRecord | undefined): Promise<void> {
    this.seal = seal;
    return Promise.resolve();
  }
}

const parseSealRecord = (text: string): SealRecord | undefined => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  const texts = ['sequence', 'globalPosition', 'chainHead', 'sealedAt', 'signature'].map((name) => fields[name]);
  if (!texts.every((field) => typeof field === 'string' && field !== '')) return undefined;
  const [sequence, globalPosition, chainHead, sealedAt, signature] = texts as string[];
  const database = typeof fields.database === 'string' ? { database: fields.database } : {};
  return {
    sequence: sequence!,
    globalPosition: globalPosition!,
    chainHead: chainHead!,
    sealedAt: sealedAt!,
    signature: signature!,
    ...database,
  };
};

/** Whether `record` was written for another database than the one `identity` names (its absence: this one). */
export const isRecordOfAnotherDatabase = (record: SealRecord, identity: string): boolean =>
  record.database !== undefined && record.database !== identity;
