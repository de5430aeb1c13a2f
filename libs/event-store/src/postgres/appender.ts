import type { Pool } from 'pg';
import { Coalescer, GROUPS_IN_FLIGHT } from '../coalescer';
import { WrongExpectedRevision } from '../errors';
import type { AppendResult, StreamAppend } from '../event-store';
import { RevisionConflict, appendInTransaction, describeExpected, isRetryable, readCurrentRevision } from './append';
import { appendPlanned, planBulkAppend } from './bulk-append';
import type { ServerTraits } from './server-traits';
import { quoteIdent } from './sql';
import { inTransaction } from './transaction';

/** `any`/`streamExists` appends that keep losing races give up after this many attempts. */
const MAX_APPEND_ATTEMPTS = 5;

/**
 * The write side of PostgresEventStore. Appends whose revisions are fixed in advance go in at once (one INSERT,
 * or COPY for big ones) and are grouped across concurrent callers; everything else, and anything refused, goes
 * stream by stream in one transaction, which tells a conflict from an idempotent repeat.
 */
export class PostgresAppender {
  private copiedRows = 0;
  private analyzeAtRows = 100_000;

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
   * Concurrent callers' appends with fixed revisions, written in one statement per group (one transaction: a
   * group commit). If the group is refused, each caller's appends are written alone and meet their own fate.
   */
  private readonly groups = new Coalescer<readonly StreamAppend[], AppendResult[]>(
    async (groups) => {
      const appends = groups.flat();
      const plan = planBulkAppend(appends);
      if (!plan || (await this.traits.isPglite())) return groups.map(() => undefined);
      const write = plan.streamNames.length >= this.copyThreshold ? 'copy' : 'statement';
      const results = await appendPlanned(this.pool, this.traits, this.schema, plan, write);
      if (!results) return groups.map(() => undefined);
      this.onWritten(appends);
      if (write === 'copy') this.keepStatisticsFresh(plan.streamNames.length);
      let start = 0;
      return groups.map((appends) => results.slice(start, (start += appends.length)));
    },
    (appends) => this.appendAlone(appends),
    GROUPS_IN_FLIGHT,
  );

  private async appendAlone(appends: readonly StreamAppend[]): Promise<AppendResult[]> {
    // Most appends fix their revisions in advance: one statement (or one COPY) then writes them all. When
    // that is refused, the general path below repeats the append and tells a repeat from a conflict.
    const plan = planBulkAppend(appends);
    if (plan) {
      const write = (await this.traits.isPglite()) ? 'transaction' : plan.streamNames.length >= this.copyThreshold ? 'copy' : 'statement';
      const results = await appendPlanned(this.pool, this.traits, this.schema, plan, write);
      if (results) {
        this.onWritten(appends);
        if (write === 'copy') this.keepStatisticsFresh(plan.streamNames.length);
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
        this.onWritten(appends);
        return results;
      } catch (error) {
        if (!(error instanceof RevisionConflict)) throw error;
        if (isRetryable(error.expected) && attempt < MAX_APPEND_ATTEMPTS) continue;
        const actual = await readCurrentRevision(this.pool, this.schema, error.streamName);
        throw new WrongExpectedRevision(error.streamName, describeExpected(error.expected), actual);
      }
    }
  }

  /**
   * Bulk loads outrun autovacuum's ANALYZE: with statistics of a much smaller table the planner reads a
   * category's page by sorting every later event of it, and a rebuild turns quadratic. So every time COPY has
   * doubled what it wrote since this store opened (from 100 000 rows), the table is analysed in the background.
   */
  private keepStatisticsFresh(copied: number): void {
    this.copiedRows += copied;
    if (this.copiedRows < this.analyzeAtRows) return;
    this.analyzeAtRows = this.copiedRows * 2;
    this.pool.query(`ANALYZE ${quoteIdent(this.schema)}.events`).catch(() => undefined);
  }
}
