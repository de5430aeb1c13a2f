import type { Pool, PoolClient, QueryConfig, QueryResult } from 'pg';
import type { AppendResult, StreamAppend } from '../event-store';
import { CopyChunks, CopyIn, copyField } from './copy-in';
import { encodeLogPosition } from './log-position';
import { eventRowsJson } from './row-mapping';
import { anyRevisionMissingSql, copyEventsSql, insertAtRevisionsSql, positionsOfThisTransactionSql } from './sql';
import type { ServerTraits } from './server-traits';
import { isUniqueViolation } from './sql-state';
import { inTransaction, queryKeepingConnection } from './transaction';

/**
 * Appends whose expectations fix every revision in advance (`noStream`, `exact`), as one list of rows. Such
 * an append needs no read inside the transaction: the unique (stream, revision) index is the whole
 * optimistic check, plus a guard for `exact` revisions beyond a stream's end.
 */
export interface BulkPlan {
  readonly streamNames: string[];
  readonly revisions: number[];
  readonly appends: readonly StreamAppend[];
  /** Index (into the rows) of each append's last event. */
  readonly lastRowOf: number[];
  /** Streams that must already hold this revision. */
  readonly guardStreams: string[];
  readonly guardRevisions: number[];
}

/** Undefined when some append needs the general path: `any`/`streamExists`, an empty append, or a broken chain. */
export const planBulkAppend = (appends: readonly StreamAppend[]): BulkPlan | undefined => {
  const next = new Map<string, number>();
  const plan: BulkPlan = {
    streamNames: [],
    revisions: [],
    appends,
    lastRowOf: [],
    guardStreams: [],
    guardRevisions: [],
  };
  for (const { streamName, events, expectedRevision } of appends) {
    if (events.length === 0) return undefined;
    if (expectedRevision.kind !== 'noStream' && expectedRevision.kind !== 'exact') return undefined;
    const expected = expectedRevision.kind === 'noStream' ? -1 : expectedRevision.revision;
    const known = next.get(streamName);
    if (known === undefined) {
      if (expected >= 0) {
        plan.guardStreams.push(streamName);
        plan.guardRevisions.push(expected);
      }
    } else if (known !== expected + 1) {
      return undefined; // Appends to one stream that do not follow each other: let the general path say why.
    }
    for (let index = 0; index < events.length; index++) {
      plan.streamNames.push(streamName);
      plan.revisions.push(Math.max(expected, -1) + 1 + index);
    }
    plan.lastRowOf.push(plan.streamNames.length - 1);
    next.set(streamName, Math.max(expected, -1) + 1 + events.length);
  }
  return plan;
};

interface PositionRow {
  readonly global_position: string;
  readonly txid: string;
}

/**
 * How the plan goes in: one INSERT statement (its own transaction), the same INSERT inside BEGIN/COMMIT
 * (PGlite's socket interleaves the messages of concurrent autocommit statements, but not of transactions),
 * or COPY in a transaction.
 */
export type BulkWrite = 'statement' | 'transaction' | 'copy';

/** How a COPY of an AppendChain waits for the append before it (see PostgresAppender.chain). */
export interface ChainedCopy {
  /** Called once the transaction has its id: later transactions come after it in the log. */
  readonly tookTransactionId: () => void;
  /** Resolves when the append before it committed; rejects (and the COPY rolls back) when it failed. */
  readonly precedingCommitted: () => Promise<void>;
}

/**
 * Writes the plan. Answers undefined when a unique index or the guard refused it (a concurrent writer, a
 * repeat, a reused id): nothing was written, and the caller's general path then finds out which, exactly as
 * for a single append.
 */
export const appendPlanned = async (
  pool: Pool,
  traits: ServerTraits,
  schema: string,
  plan: BulkPlan,
  write: BulkWrite,
  chained?: ChainedCopy,
): Promise<AppendResult[] | undefined> => {
  try {
    const rows =
      write === 'statement'
        ? await insertPlanned((query) => queryKeepingConnection(pool, query), traits, schema, plan)
        : await inTransaction(
            pool,
            (client) =>
              write === 'copy'
                ? copyInTransaction(client, traits, schema, plan, chained)
                : insertPlanned((query) => client.query(query), traits, schema, plan),
            // Commits only a complete write: a guard that failed leaves nothing to keep.
            (written) => written.length === plan.streamNames.length,
          );
    if (rows.length !== plan.streamNames.length) return undefined;
    // Identity values grow in insertion order, and rows were inserted in plan order.
    const positions = rows.map((row) => BigInt(row.global_position)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const transactionId = BigInt(rows[0]?.txid ?? 0);
    return plan.lastRowOf.map((row) => {
      const globalPosition = positions[row]!;
      return {
        nextExpectedRevision: plan.revisions[row]!,
        globalPosition,
        position: encodeLogPosition({ transactionId, globalPosition }),
      };
    });
  } catch (error) {
    if (isUniqueViolation(error)) return undefined;
    throw error;
  }
};

const insertPlanned = async (
  run: (query: QueryConfig) => Promise<QueryResult<PositionRow>>,
  traits: ServerTraits,
  schema: string,
  plan: BulkPlan,
): Promise<PositionRow[]> => {
  const events = plan.appends.flatMap((append) => append.events);
  const { rows } = await run(
    await traits.statement(insertAtRevisionsSql(schema), [
      eventRowsJson(events, plan),
      plan.guardStreams,
      plan.guardRevisions,
    ]),
  );
  return rows;
};

const copyInTransaction = async (
  client: PoolClient,
  traits: ServerTraits,
  schema: string,
  plan: BulkPlan,
  chained?: ChainedCopy,
): Promise<PositionRow[]> => {
  if (chained) {
    // The transaction id fixes the place in the log: take it before anything else, and let the next COPY start.
    await client.query('SELECT pg_current_xact_id()');
    chained.tookTransactionId();
  }
  await client.query(new CopyIn(copyEventsSql(schema), copyChunks(plan))).done;
  // The guard looks after the append before has committed: a revision it expects may be one of that append's.
  await chained?.precedingCommitted();
  if (plan.guardStreams.length > 0) {
    const { rows } = await client.query<{ missing: boolean }>(
      await traits.statement(anyRevisionMissingSql(schema), [plan.guardStreams, plan.guardRevisions]),
    );
    if (rows[0]?.missing) return [];
  }
  const { rows } = await client.query<PositionRow>(await traits.statement(positionsOfThisTransactionSql(schema)));
  return rows;
};

/** The rows as COPY text. */
const copyChunks = (plan: BulkPlan): Buffer[] => {
  const text = new CopyChunks();
  let row = 0;
  for (const { events } of plan.appends) {
    for (const event of events) {
      const data = copyField(JSON.stringify(event.data ?? null));
      const metadata = copyField(JSON.stringify(event.metadata));
      const streamAndRevision = `${copyField(plan.streamNames[row]!)}\t${plan.revisions[row]}`;
      text.add(`${streamAndRevision}\t${event.metadata.eventId}\t${copyField(event.type)}\t${data}\t${metadata}\n`);
      row++;
    }
  }
  return text.finish();
};
