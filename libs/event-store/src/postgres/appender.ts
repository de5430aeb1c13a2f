import type { Pool } from 'pg';
import { Coalescer, GROUPS_IN_FLIGHT } from '../coalescer';
import { PrecedingAppendFailed, WrongExpectedRevision } from '../errors';
import type { AppendChain, AppendResult, StreamAppend } from '../event-store';
import { RevisionConflict, appendInTransaction, describeExpected, isRetryable, readCurrentRevision } from './append';
import { appendPlanned, planBulkAppend } from './bulk-append';
import type { ServerTraits } from './server-traits';
import { callersInConflictSql, quoteIdent } from './sql';
import { inTransaction } from './transaction';

/** `any`/`streamExists` appends that keep losing races give up after this many attempts. */
const MAX_APPEND_ATTEMPTS = 5;

/** An append of a chain, as the append after it waits for it (see PostgresAppender.chain). */
interface ChainLink {
  /** Resolves once the append starts no more transactions: one that starts later comes after it in the log. */
  readonly placed: Promise<void>;
  /** True when it committed in the transaction it was placed with; false when it failed or needed another. */
  readonly committedInPlace: Promise<boolean>;
}

/** Rows written before the first ANALYZE (keepStatisticsFresh); then at twice the rows each time. */
const FIRST_ANALYZE_AT_ROWS = 1_000;

/**
 * The write side of PostgresEventStore. Appends whose revisions are fixed in advance go in at once (one INSERT,
 * or COPY for big ones) and are grouped across concurrent callers; everything else, and a caller whose append was
 * refused, goes stream by stream in one transaction, which tells a conflict from an idempotent repeat.
 */
export class PostgresAppender {
  private writtenRows = 0;
  private analyzeAtRows = FIRST_ANALYZE_AT_ROWS;

  constructor(
    private readonly pool: Pool,
    private readonly traits: ServerTraits,
    private readonly schema: string,
    private readonly copyThreshold: number,
    /** Called after every write with what it appended (wakes the store's subscriptions it concerns). */
    private readonly onWritten: (appends: readonly StreamAppend[]) => void,
  ) {}

  append(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    return this.groups.submit(appends);
  }

  /**
   * A new AppendChain. Its big appends that fix their revisions go in by COPY at once, beside the append before
   * them, which an import decides the next batch on top of while it is written. Such a COPY's transaction takes
   * its id only after the one before took its own (the log is in transaction id order), and commits only after
   * that one committed. Any other append waits for the one before to commit, then goes in as `append` would.
   * A refused COPY is found out as any refused append is, in a transaction that starts after the next append's
   * may have: it may still succeed, but then the next append is refused, to keep the log in the chain's order.
   */
  chain(): AppendChain {
    let last: ChainLink | undefined;
    return {
      append: (appends) => {
        let place!: () => void;
        const placed = new Promise<void>((resolve) => (place = resolve));
        const writing = this.appendAfter(appends, last, place);
        writing.then(place, place);
        last = { placed, committedInPlace: writing.then(({ inPlace }) => inPlace, () => false) };
        return writing.then(({ results }) => results);
      },
    };
  }

  private async appendAfter(
    appends: readonly StreamAppend[],
    previous: ChainLink | undefined,
    place: () => void,
  ): Promise<{ readonly results: AppendResult[]; readonly inPlace: boolean }> {
    const precedingCommitted = async (): Promise<void> => {
      if (previous && !(await previous.committedInPlace)) throw new PrecedingAppendFailed();
    };
    const plan = planBulkAppend(appends);
    if (plan && plan.streamNames.length >= this.copyThreshold && !(await this.traits.isPglite())) {
      await previous?.placed;
      const chained = { tookTransactionId: place, precedingCommitted };
      const results = await appendPlanned(this.pool, this.traits, this.schema, plan, 'copy', chained);
      if (results) {
        this.wrote(appends);
        return { results, inPlace: true };
      }
      await precedingCommitted();
      return { results: await this.appendAlone(appends), inPlace: false };
    }
    await precedingCommitted();
    return { results: await this.append(appends), inPlace: true };
  }

  /** Concurrent callers' appends with fixed revisions, written in one statement per group (a group commit). */
  private readonly groups = new Coalescer<readonly StreamAppend[], AppendResult[]>(
    (callers) => this.appendTogether(callers),
    (appends) => this.appendAlone(appends),
    GROUPS_IN_FLIGHT,
  );

  /**
   * Writes the callers' appends in one statement (one transaction). If that is refused or cannot be planned, the
   * callers that may have caused it are left to be written alone (undefined), and the others are written together
   * once more. A repeat report racing its original (under the API benchmark's load, a few times in 20 s) thus costs
   * its group two statements and a read, where each caller used to be written in a transaction of its own, a WAL
   * flush each. Refused again (another writer got in between), all go alone.
   */
  private async appendTogether(callers: readonly (readonly StreamAppend[])[]): Promise<(AppendResult[] | undefined)[]> {
    const alone = callers.map((): AppendResult[] | undefined => undefined);
    if (await this.traits.isPglite()) return alone;
    const written = await this.writeTogether(callers);
    if (written) return written;
    const suspects = await this.suspectsAmong(callers);
    const others = callers.flatMap((_, index) => (suspects.has(index) ? [] : [index]));
    if (suspects.size === 0 || others.length < 2) return alone;
    const writtenAgain = await this.writeTogether(others.map((index) => callers[index]!));
    others.forEach((index, position) => (alone[index] = writtenAgain?.[position]));
    return alone;
  }

  /** One statement (COPY for many rows) for all the callers' appends; undefined if unplannable or refused. */
  private async writeTogether(callers: readonly (readonly StreamAppend[])[]): Promise<AppendResult[][] | undefined> {
    const appends = callers.flat();
    const plan = planBulkAppend(appends);
    if (!plan) return undefined;
    const write = plan.streamNames.length >= this.copyThreshold ? 'copy' : 'statement';
    const results = await appendPlanned(this.pool, this.traits, this.schema, plan, write);
    if (!results) return undefined;
    this.wrote(appends);
    let start = 0;
    return callers.map((own) => results.slice(start, (start += own.length)));
  }

  /**
   * The callers whose appends may have refused their group's: one that cannot be planned by itself, one that
   * appends to a stream a caller before it in the group appends to, and one that meets what is stored (a revision
   * or event id taken, an expected revision missing), read in one statement.
   */
  private async suspectsAmong(callers: readonly (readonly StreamAppend[])[]): Promise<Set<number>> {
    const suspects = new Set<number>();
    const streamsBefore = new Set<string>();
    const rows = { callers: [] as number[], streams: [] as string[], revisions: [] as number[] };
    const ids = { callers: [] as number[], ids: [] as string[] };
    const guards = { callers: [] as number[], streams: [] as string[], revisions: [] as number[] };
    callers.forEach((appends, caller) => {
      const plan = planBulkAppend(appends);
      const sharesAStream = appends.some(({ streamName }) => streamsBefore.has(streamName));
      for (const { streamName } of appends) streamsBefore.add(streamName);
      if (!plan || sharesAStream) {
        suspects.add(caller);
        return;
      }
      plan.streamNames.forEach((streamName, row) => {
        rows.callers.push(caller);
        rows.streams.push(streamName);
        rows.revisions.push(plan.revisions[row]!);
      });
      for (const { events } of appends) {
        for (const event of events) {
          ids.callers.push(caller);
          ids.ids.push(event.metadata.eventId);
        }
      }
      plan.guardStreams.forEach((streamName, guard) => {
        guards.callers.push(caller);
        guards.streams.push(streamName);
        guards.revisions.push(plan.guardRevisions[guard]!);
      });
    });
    const { rows: conflicts } = await this.pool.query<{ caller: number }>(
      await this.traits.statement(callersInConflictSql(this.schema), [
        rows.callers,
        rows.streams,
        rows.revisions,
        ids.callers,
        ids.ids,
        guards.callers,
        guards.streams,
        guards.revisions,
      ]),
    );
    for (const { caller } of conflicts) suspects.add(caller);
    return suspects;
  }

  private async appendAlone(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    // Most appends fix their revisions in advance: one statement (or one COPY) then writes them all. When
    // that is refused, the general path below repeats the append and tells a repeat from a conflict.
    const plan = planBulkAppend(appends);
    if (plan) {
      const write = (await this.traits.isPglite()) ? 'transaction' : plan.streamNames.length >= this.copyThreshold ? 'copy' : 'statement';
      const results = await appendPlanned(this.pool, this.traits, this.schema, plan, write);
      if (results) {
        this.wrote(appends);
        return results;
      }
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await inTransaction(this.pool, async (client) => {
          const done: AppendResult[] = [];
          for (const append of appends) done.push(await appendInTransaction(client, this.schema, append));
          return done;
        });
        this.wrote(appends);
        return results;
      } catch (error) {
        if (!(error instanceof RevisionConflict)) throw error;
        if (isRetryable(error.expected) && attempt < MAX_APPEND_ATTEMPTS) continue;
        const actual = await readCurrentRevision(this.pool, this.schema, error.streamName);
        throw new WrongExpectedRevision(error.streamName, describeExpected(error.expected), actual);
      }
    }
  }

  private wrote(appends: readonly StreamAppend[]): void {
    this.onWritten(appends);
    this.keepStatisticsFresh(appends.reduce((rows, { events }) => rows + events.length, 0));
  }

  /**
   * The planner needs statistics of the events table, and does not always get them in time: bulk loads outrun
   * autovacuum's ANALYZE, embedded PGlite has no autovacuum, and a server may run with it off. With the statistics
   * of a much smaller table the planner read a category's page by sorting every later event of it, and a rebuild
   * turned quadratic; with none at all it read each stream by a bitmap scan and a sort sized for thousands of rows,
   * and a read of a hundred streams took 70–150 ms instead of a few. So every time the rows this store wrote since it
   * opened have doubled (from FIRST_ANALYZE_AT_ROWS), the table is analysed in the background: a few times in a
   * process's life, each a sample of the table.
   */
  private keepStatisticsFresh(written: number): void {
    this.writtenRows += written;
    if (this.writtenRows < this.analyzeAtRows) return;
    this.analyzeAtRows = this.writtenRows * 2;
    this.pool.query(`ANALYZE ${quoteIdent(this.schema)}.events`).catch(() => undefined);
  }
}
