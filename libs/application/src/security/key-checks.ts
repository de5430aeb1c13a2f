import type { Pool } from 'pg';
import { ConfigurationError } from '../config/registry-config';

/** The row of each secret in the `key_check` table. */
export type CheckedSecretName = 'master-key' | 'notary-key';

/** A secret kept outside the database (a file, or the environment), as KeyChecks checks it. */
export interface CheckedSecret<Key> {
  readonly name: CheckedSecretName;
  /** 'master key', 'notary key': what the messages call it. */
  readonly title: string;
  /** The variable an operator sets to give this process the key (or the directory holding its file). */
  readonly variable: string;
  /** Where this process looks for the key: `at <file>`, `in REGISTRY_MASTER_KEY`. */
  readonly location: string;
  /** The key, or undefined where its file does not exist. */
  read(): Promise<Key | undefined>;
  /** Creates the key file (a process on a database that holds nothing under the secret yet). */
  create(): Promise<Key>;
  /** A value that tells keys apart and reveals nothing of them. */
  checkValueOf(key: Key): string;
  /**
   * A test of a key against something the database holds under the secret (a wrapped subject key, a seal), for a
   * database written before check values were kept; undefined while it holds nothing under it.
   */
  writtenSample(): Promise<((key: Key) => boolean) | undefined>;
}

/**
 * The check value of each secret, kept in the database by the first process that used it (table `key_check`).
 * Processes on other hosts or in other directories share the database but not the files: one holding another key
 * would write pseudonyms, sealed fields or seals that nothing else can read or trust. It is refused instead, and
 * so is one that would generate a key for a database already written with another (docs/adr/0005, addendum).
 */
export class KeyChecks {
  private readonly table: string;

  constructor(
    private readonly pool: Pool,
    schema: string,
  ) {
    this.table = `"${schema}".key_check`;
  }

  static async migrate(pool: Pool, schema: string): Promise<void> {
    await pool.query(`CREATE TABLE IF NOT EXISTS "${schema}".key_check (
      secret text PRIMARY KEY,
      check_value text NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now()
    )`);
  }

  /**
   * The secret's key, once its check value is the one the database keeps; the first process records its own.
   * Throws a ConfigurationError for another key, and for a missing key file where the database was written with
   * a key (rather than generating a new one).
   */
  async open<Key>(secret: CheckedSecret<Key>): Promise<Key> {
    let recorded = await this.recorded(secret.name);
    const sample = recorded === undefined ? await secret.writtenSample() : undefined;
    let key = await secret.read();
    if (key === undefined) {
      if (recorded !== undefined || sample) {
        const problem = `no ${secret.title} ${secret.location}, though the database was written with one`;
        throw new ConfigurationError(secret.variable, `${problem}: restore it from a backup`);
      }
      key = await secret.create();
    }
    const checkValue = secret.checkValueOf(key);
    const isAnother = () =>
      new ConfigurationError(
        secret.variable,
        `the database was written with another ${secret.title} than the one ${secret.location}`,
      );
    if (recorded === undefined) {
      // Written before check values were kept: the key must open what the database holds, then it is recorded.
      if (sample && !sample(key)) throw isAnother();
      recorded = await this.record(secret.name, checkValue);
    }
    if (recorded !== checkValue) throw isAnother();
    return key;
  }

  private async recorded(name: CheckedSecretName): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ check_value: string }>(
      `SELECT check_value FROM ${this.table} WHERE secret = $1`,
      [name],
    );
    return rows[0]?.check_value;
  }

  /** Processes that start together each try; the value recorded first is the one every process compares with. */
  private async record(name: CheckedSecretName, checkValue: string): Promise<string | undefined> {
    await this.pool.query(
      `INSERT INTO ${this.table} (secret, check_value) VALUES ($1, $2) ON CONFLICT (secret) DO NOTHING`,
      [name, checkValue],
    );
    return this.recorded(name);
  }
}
