import { hostname } from 'node:os';
import { Logger } from '@nestjs/common';
import { Client, type ClientConfig } from 'pg';

/**
 * How a process uses the read models of its schema, for as long as it runs:
 * - 'serving': it answers from them, and follows the log into them unless a projector beside it does (`serve`);
 * - 'projecting': it follows the log into them (`project`);
 * - 'rebuilding': it empties them and reads the whole log again (`rebuild`).
 * The first two share the read models; a rebuild needs them to itself. The use names the process to the others.
 */
export type ReadModelUse = 'serving' | 'projecting' | 'rebuilding';

/** A rebuild was asked for while other processes serve the read models (or rebuild them). */
export class ReadModelsInUse extends Error {
  constructor(
    readonly schema: string,
    readonly holders: readonly string[],
  ) {
    super(
      `the read models of schema ${schema} are in use by ${holders.length > 0 ? holders.join(', ') : 'another process'}: ` +
        'stop them first (a rebuild empties the tables they answer from), or check a rebuild with --verify, which ' +
        'leaves them alone',
    );
    this.name = 'ReadModelsInUse';
  }
}

/** How long a process waits before it announces itself again on a new session, after losing one. */
export const ANNOUNCE_AGAIN_AFTER_MS = 2_000;

/**
 * Announces this process's use of the read models to the other processes on the schema (ADR 0019): a session
 * advisory lock on a connection of its own, held until the returned function ends that session. Serving and
 * projecting hold it shared, rebuilding exclusively. A rebuild beside a server is correct (its batches and the
 * rebuild's take turns under the projection's lock), but meanwhile the server answers from half-rebuilt tables,
 * counting from zero: so a rebuild is refused while anything serves or projects, naming what does, and a server or
 * projector that starts during a rebuild waits for it. The session's application name says who holds the lock and
 * how, for that message and for `pg_stat_activity`.
 *
 * A lost session (the server restarted, the connection broke) has released the lock with it: the process warns and
 * announces itself again on a new one, every two seconds until it can. A serving or projecting process waits if a
 * rebuild has started meanwhile; a rebuild, which cannot be refused halfway, names the servers that started meanwhile and goes
 * on. Neither stops. Only for a database server: embedded PGlite admits one process per data directory anyway.
 */
export const announceReadModelUse = async (
  connection: ClientConfig,
  schema: string,
  use: ReadModelUse,
): Promise<() => Promise<void>> => {
  const logger = new Logger('ReadModels');
  let ended = false;
  // The newest session: the one holding the lock, or the one still asking for it (which ending must stop too).
  let session: Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const onLost = (): void => {
    if (ended) return;
    logger.warn(`lost the session that announces this process's use of the read models of schema ${schema}`);
    retry = setTimeout(announceAgain, ANNOUNCE_AGAIN_AFTER_MS).unref();
  };
  const announce = (): Promise<void> => {
    session = new Client({ ...connection, application_name: holderName(use) });
    return lock(session, schema, use, logger, onLost);
  };
  // Said once, not at every attempt: who got in while a rebuild's lock was lost.
  let toldWhoServes = false;
  const announceAgain = (): void => {
    announce().then(
      () => ended || logger.log(`announced again: ${use} the read models of schema ${schema}`),
      (error: unknown) => {
        if (ended) return;
        if (error instanceof ReadModelsInUse && !toldWhoServes) {
          toldWhoServes = true;
          for (const warning of startedWhileLockLost(error.holders, schema)) logger.warn(warning);
        }
        retry = setTimeout(announceAgain, ANNOUNCE_AGAIN_AFTER_MS).unref();
      },
    );
  };
  await announce();
  return async () => {
    ended = true;
    clearTimeout(retry);
    // Ending the session releases its locks.
    await session?.end().catch(() => undefined);
  };
};

/** Connects `session` and takes the lock `use` asks for; `onLost` is called once if the session breaks afterwards. */
const lock = async (session: Client, schema: string, use: ReadModelUse, logger: Logger, onLost: () => void) => {
  const key = `registry.read-models:${schema}`;
  let held = false;
  session.on('error', () => undefined);
  session.once('end', () => held && onLost());
  try {
    await session.connect();
    const lockFunction = use === 'rebuilding' ? 'pg_try_advisory_lock' : 'pg_try_advisory_lock_shared';
    const { rows } = await session.query<{ locked: boolean }>(`SELECT ${lockFunction}(hashtext($1)) AS locked`, [key]);
    if (!rows[0]!.locked) {
      const holders = await holdersOf(session, key);
      if (use === 'rebuilding') throw new ReadModelsInUse(schema, holders);
      logger.warn(
        `waiting for ${holders.join(', ') || 'a rebuild'} to finish before ${use} the read models of schema ${schema}`,
      );
      await session.query('SELECT pg_advisory_lock_shared(hashtext($1))', [key]);
    }
  } catch (error) {
    await session.end().catch(() => undefined);
    throw error;
  }
  held = true;
};

/** PostgreSQL keeps at most 63 bytes of an application name. */
const holderName = (use: ReadModelUse): string =>
  `${holderPrefix(use)}pid ${process.pid} on ${hostname()})`.slice(0, 63);

const holderPrefix = (use: ReadModelUse): string => `registry ${use} (`;

/**
 * What a rebuild that lost its lock tells about those who took the read models meanwhile. Servers answer from the
 * half-rebuilt tables; another rebuild emptied them again, and the two fill them together (each batch applies only
 * what the checkpoint does not cover, and this one reads again from where the other reset it).
 */
const startedWhileLockLost = (holders: readonly string[], schema: string): string[] => {
  const meanwhile = `started on the read models of schema ${schema} while this rebuild had lost its lock`;
  const rebuilds = holders.filter((holder) => holder.startsWith(holderPrefix('rebuilding')));
  const others = holders.filter((holder) => !rebuilds.includes(holder));
  const warnings: string[] = [];
  if (others.length > 0 || rebuilds.length === 0) {
    warnings.push(
      `${others.join(', ') || 'another process'} ${meanwhile}: they answer from half-rebuilt tables until it ends`,
    );
  }
  if (rebuilds.length > 0) {
    warnings.push(
      `${rebuilds.join(', ')} ${meanwhile}, and emptied them again: both now fill them, whole once both have ended`,
    );
  }
  return warnings;
};

/** The application names of the sessions holding `key`: a one-number advisory lock is (high half, low half, 1). */
const holdersOf = async (session: Client, key: string): Promise<string[]> => {
  const { rows } = await session.query<{ name: string }>(
    `SELECT DISTINCT activity.application_name AS name
       FROM pg_locks lock JOIN pg_stat_activity activity ON activity.pid = lock.pid
      WHERE lock.locktype = 'advisory' AND lock.granted AND lock.objsubid = 1
        AND lock.classid = ((hashtext($1)::bigint >> 32) & 4294967295)::oid
        AND lock.objid = (hashtext($1)::bigint & 4294967295)::oid
        AND lock.database = (SELECT oid FROM pg_database WHERE datname = current_database())
      ORDER BY 1`,
    [key],
  );
  return rows.map((row) => row.name || 'a process without a name');
};
