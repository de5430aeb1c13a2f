/** SQL for the events table. Kept to what PostgreSQL 15 (CI) and PGlite's 18 both accept. */

export const quoteIdent = (identifier: string): string => `"${identifier.replace(/"/g, '""')}"`;

/** Constraint names matter: the adapter tells a revision conflict from a reused event id by them. */
export const STREAM_REVISION_CONSTRAINT = 'events_stream_revision_key';
export const EVENT_ID_CONSTRAINT = 'events_event_id_key';

export const migrationSql = (schema: string): string[] => {
  const s = quoteIdent(schema);
  return [
    `CREATE SCHEMA IF NOT EXISTS ${s}`,
    `CREATE TABLE IF NOT EXISTS ${s}.events (
      global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      -- Gap-safe reads order by (transaction_id, global_position) and stop below the oldest running transaction.
      transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      stream_name text NOT NULL,
      stream_revision integer NOT NULL,
      -- Same rule as categoryOf(): everything before the first dash (split_part returns the whole name without one).
      category text GENERATED ALWAYS AS (split_part(stream_name, '-', 1)) STORED,
      event_id uuid NOT NULL,
      type text NOT NULL,
      data jsonb NOT NULL,
      metadata jsonb NOT NULL,
      recorded_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ${EVENT_ID_CONSTRAINT} UNIQUE (event_id),
      CONSTRAINT ${STREAM_REVISION_CONSTRAINT} UNIQUE (stream_name, stream_revision)
    )`,
    `CREATE INDEX IF NOT EXISTS events_log_order ON ${s}.events (transaction_id, global_position)`,
    `CREATE INDEX IF NOT EXISTS events_category_order ON ${s}.events (category, transaction_id, global_position)`,
    // Every reader of the registry filters by category or reads streams; an index by type cost an eighth of
    // COPY's time and served none of them (ADR 0014). Type-only reads follow the log order and filter.
    `DROP INDEX IF EXISTS ${s}.events_type_order`,
  ];
};

/** `txid`, not `transaction_id`: an output alias would shadow the xid8 column in ORDER BY and sort as text. */
const EVENT_COLUMNS =
  'global_position, transaction_id::text AS txid, stream_name, stream_revision, type, data, metadata';

export const selectStreamSql = (schema: string): string =>
  `SELECT ${EVENT_COLUMNS} FROM ${quoteIdent(schema)}.events
   WHERE stream_name = $1 AND stream_revision >= $2 ORDER BY stream_revision`;

/**
 * Several whole streams in one statement, each oldest first: one index lookup per name. Not `stream_name =
 * ANY($1)`: given a batch's 5 600 names, PostgreSQL 15 planned that as a parallel bitmap heap scan that took
 * 210 ms (three processes busy) where the lookups take 90 ms on one. LATERAL keeps the plan a loop of
 * lookups whatever the statistics say.
 */
export const selectStreamsSql = (schema: string): string =>
  `SELECT e.* FROM unnest($1::text[]) AS wanted(stream_name)
   CROSS JOIN LATERAL (
     SELECT ${EVENT_COLUMNS} FROM ${quoteIdent(schema)}.events
     WHERE stream_name = wanted.stream_name ORDER BY stream_revision
   ) e`;

export const currentRevisionSql = (schema: string): string =>
  `SELECT coalesce(max(stream_revision), -1) AS revision FROM ${quoteIdent(schema)}.events WHERE stream_name = $1`;

/** A row of `eventRowsJson`'s array ($n::jsonb, unpacked as e(event, ordinality)) as the events table's columns. */
const EVENT_COLUMNS_OF_ROW = `(e.event->>'event_id')::uuid, e.event->>'type', e.event->'data', e.event->'metadata'`;

/**
 * Inserts a batch ($3, `eventRowsJson`) at revisions $2, $2+1, … The unique (stream_name, stream_revision)
 * index does the optimistic check; the EXISTS guard catches the one case it cannot: an expected revision
 * beyond the stream's end. Rows whose event id exists are skipped, and the caller decides whether that was an
 * idempotent repeat, without aborting a multi-stream transaction.
 */
export const insertEventsSql = (schema: string): string =>
  `INSERT INTO ${quoteIdent(schema)}.events (stream_name, stream_revision, event_id, type, data, metadata)
   SELECT $1, $2 + e.ordinality - 1, ${EVENT_COLUMNS_OF_ROW}
   FROM jsonb_array_elements($3::jsonb) WITH ORDINALITY AS e(event, ordinality)
   WHERE $2 = 0 OR EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.events WHERE stream_name = $1 AND stream_revision = $2 - 1)
   ORDER BY e.ordinality
   ON CONFLICT (event_id) DO NOTHING
   RETURNING global_position, transaction_id::text AS txid, stream_revision`;

const BULK_COLUMNS = 'stream_name, stream_revision, event_id, type, data, metadata';

/**
 * Appends to many streams in one statement (so in one transaction of its own), at the revisions the caller
 * computed ($1, `eventRowsJson` with each row's stream and revision). The unique indexes do the optimistic
 * check; the guard ($2, $3: the revision each `exact` stream must already have) catches an expected revision
 * beyond a stream's end. Either failure writes nothing: a unique violation aborts the statement, a failed
 * guard selects no row.
 */
export const insertAtRevisionsSql = (schema: string): string =>
  `INSERT INTO ${quoteIdent(schema)}.events (${BULK_COLUMNS})
   SELECT e.event->>'stream_name', (e.event->>'stream_revision')::int, ${EVENT_COLUMNS_OF_ROW}
   FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS e(event, ordinality)
   WHERE NOT EXISTS (${missingRevisionsSql(schema, '$2', '$3')})
   ORDER BY e.ordinality
   RETURNING global_position, transaction_id::text AS txid`;

const missingRevisionsSql = (schema: string, streams: string, revisions: string): string =>
  `SELECT 1 FROM unnest(${streams}::text[], ${revisions}::int[]) AS g(stream_name, stream_revision)
   WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.events x
                     WHERE x.stream_name = g.stream_name AND x.stream_revision = g.stream_revision)`;

/** True when a stream lacks the revision an `exact` expectation names (the COPY path checks before COMMIT). */
export const anyRevisionMissingSql = (schema: string): string =>
  `SELECT EXISTS (${missingRevisionsSql(schema, '$1', '$2')}) AS missing`;

/**
 * Which of a refused group's callers could have refused it, each read by its index: those whose rows take a
 * revision or an event id already stored ($1–$3: caller, stream, revision of each row; $4, $5: caller and id of
 * each event), or whose `exact` stream lacks the revision it expects ($6–$8).
 */
export const callersInConflictSql = (schema: string): string =>
  `SELECT r.caller FROM unnest($1::int[], $2::text[], $3::int[]) AS r(caller, stream_name, stream_revision)
   WHERE EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.events x
                 WHERE x.stream_name = r.stream_name AND x.stream_revision = r.stream_revision)
   UNION
   SELECT i.caller FROM unnest($4::int[], $5::uuid[]) AS i(caller, event_id)
   WHERE EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.events x WHERE x.event_id = i.event_id)
   UNION
   SELECT g.caller FROM unnest($6::int[], $7::text[], $8::int[]) AS g(caller, stream_name, stream_revision)
   WHERE NOT EXISTS (SELECT 1 FROM ${quoteIdent(schema)}.events x
                     WHERE x.stream_name = g.stream_name AND x.stream_revision = g.stream_revision)`;

export const copyEventsSql = (schema: string): string =>
  `COPY ${quoteIdent(schema)}.events (${BULK_COLUMNS}) FROM STDIN`;

/** The positions this transaction wrote, in the order it wrote them. */
export const positionsOfThisTransactionSql = (schema: string): string =>
  `SELECT global_position, transaction_id::text AS txid FROM ${quoteIdent(schema)}.events
   WHERE transaction_id = pg_current_xact_id() ORDER BY global_position`;

/** The stored copies of a batch's event ids, to tell an idempotent repeat from a reused id. */
export const selectByEventIdsSql = (schema: string): string =>
  `SELECT e.event_id::text AS event_id, e.stream_name, e.stream_revision, e.global_position,
          e.transaction_id::text AS txid, e.type, e.data = b.event->'data' AS same_data
   FROM jsonb_array_elements($1::jsonb) AS b(event)
   JOIN ${quoteIdent(schema)}.events e ON e.event_id = (b.event->>'event_id')::uuid`;

export interface ReadAllQuery {
  readonly text: string;
  readonly values: unknown[];
}

/**
 * One statement, so the page and the log's readable end come from the same snapshot: `next` may then move
 * past filtered-out events without ever moving past one that committed between two statements.
 *
 * A filtered page is the merge of one ordered index scan per category: `category = ANY(…)` cannot
 * use the (category, transaction, position) index for its order on PostgreSQL 15, and once the planner took the
 * rest of the log for small it read every later event of the category and sorted them, for each page (a rebuild
 * of a million reports slowed from 7 ms to 340 ms a page). Each branch reads at most a page. The horizon is a
 * scalar subquery, not a join: a nested loop over it would hide the index's order from the planner.
 */
export const readAllQuery = (
  schema: string,
  after: { transactionId: bigint; globalPosition: bigint },
  limit: number,
  filter: { eventTypes?: readonly string[]; streamCategories?: readonly string[] },
): ReadAllQuery => {
  const s = quoteIdent(schema);
  const values: unknown[] = [after.transactionId.toString(), after.globalPosition.toString(), limit];
  const parameter = (value: unknown): string => {
    values.push(value);
    return `$${values.length}`;
  };
  const categories = filter.streamCategories?.length ? [...new Set(filter.streamCategories)] : undefined;
  const types = filter.eventTypes?.length ? [...new Set(filter.eventTypes)] : undefined;
  // One branch per category (types, if any, filter within it), else the whole log in its order (types, if any,
  // filter it: no index leads with the type, ADR 0014).
  const typeCondition = types ? [`type = ANY(${parameter(types)}::text[])`] : [];
  const branches = categories
    ? categories.map((category) => [`category = ${parameter(category)}`, ...typeCondition])
    : [typeCondition];
  const branchSql = (conditions: readonly string[]) => `(
      SELECT ${EVENT_COLUMNS}, transaction_id AS log_transaction_id FROM ${s}.events
      WHERE transaction_id < (SELECT xmin FROM horizon) AND (transaction_id, global_position) > ($1::xid8, $2::bigint)${conditions.map((condition) => ` AND ${condition}`).join('')}
      ORDER BY transaction_id, global_position LIMIT $3)`;
  const text = `
    WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin),
    page AS (
      SELECT * FROM (${branches.map(branchSql).join(' UNION ALL ')}) merged
      ORDER BY log_transaction_id, global_position LIMIT $3
    ),
    tail AS (
      SELECT transaction_id::text AS tail_transaction_id, global_position AS tail_global_position
      FROM ${s}.events WHERE transaction_id < (SELECT xmin FROM horizon)
      ORDER BY transaction_id DESC, global_position DESC LIMIT 1
    )
    SELECT tail.*, page.* FROM tail LEFT JOIN page ON true
    ORDER BY page.log_transaction_id, page.global_position`;
  return { text, values };
};

/**
 * What the log's readable end leaves out (ADR 0001, addendum): the committed events at or beyond the oldest running
 * transaction, counted up to $1 (ordered, so that the log-order index is read from the horizon on: at most $1 entries,
 * where a plan for an unknown horizon would scan the table), the last readable
 * event, and how long the transaction at the horizon has been open. pg_stat_activity shows another role's sessions
 * without their xid unless this role may read all statistics: the age is null then, as for a prepared transaction.
 */
export const heldBackEventsSql = (schema: string): string => {
  const s = quoteIdent(schema);
  return `
    WITH horizon AS MATERIALIZED (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
    SELECT
      (SELECT count(*)::int FROM (
         SELECT 1 FROM ${s}.events WHERE transaction_id >= (SELECT xmin FROM horizon)
         ORDER BY transaction_id LIMIT $1) beyond) AS held_back,
      (SELECT global_position FROM ${s}.events WHERE transaction_id < (SELECT xmin FROM horizon)
       ORDER BY transaction_id DESC, global_position DESC LIMIT 1) AS readable_end,
      (SELECT floor(extract(epoch FROM max(now() - xact_start)))::int FROM pg_stat_activity
       WHERE backend_xid = (SELECT xmin FROM horizon)::xid) AS holder_open_seconds`;
};

export const logPositionOfSql = (schema: string): string =>
  `SELECT transaction_id::text AS txid FROM ${quoteIdent(schema)}.events WHERE global_position = $1`;
