import type { WriteBatch } from '@registry/event-store';

/** When a batch's reads went out: what had been written by then. */
export interface ReadTicket {
  /** Every batch up to this one (1 for the file's first) had been written. */
  readonly settledThrough: number;
  readonly epoch: number;
}

/** How many decided batches are kept for reads ahead to follow: a read goes out at most two batches early. */
const KEPT = 3;

/**
 * The bookkeeping that lets an import read a batch's streams ahead (as soon as its lines are parsed, while the
 * batches before it are still decided and written) and still decide it exactly as one line at a time would.
 *
 * Reads ahead may miss what the batches before were about to write. A batch read ahead therefore follows
 * every batch that was not written when its reads went out (WriteBatch.follow): their appends count as
 * stored. A batch that the store refused was applied again line by line, with other outcomes than its
 * appends say; reads that went out before that ended are stale, and the batch is read again instead.
 */
export class ReadsAhead {
  private settledThrough = 0;
  private epoch = 0;
  private readonly recent: { readonly seq: number; readonly writeBatch: WriteBatch }[] = [];

  /** Taken just before a batch's reads go out. */
  ticket(): ReadTicket {
    return { settledThrough: this.settledThrough, epoch: this.epoch };
  }

  /** Batch `seq` was decided (and is about to be written); decided again, it replaces what it was. */
  decided(seq: number, writeBatch: WriteBatch): void {
    const again = this.recent.findIndex((decided) => decided.seq === seq);
    if (again >= 0) {
      this.recent[again] = { seq, writeBatch };
      return;
    }
    this.recent.push({ seq, writeBatch });
    if (this.recent.length > KEPT) this.recent.shift();
  }

  /** Batch `seq` was written: every batch up to it is. */
  written(seq: number): void {
    this.settledThrough = seq;
  }

  /** A refused batch is now applied line by line: reads going out until that ends are stale. */
  reapplying(): void {
    this.epoch++;
  }

  /** The refused batch `seq` has been applied line by line. */
  reapplied(seq: number): void {
    this.settledThrough = seq;
    this.epoch++;
  }

  /**
   * The batches (oldest first) that batch `seq`, read with `ticket`, must follow; undefined when its reads are
   * stale or a batch it would have to follow is no longer known, and it must be read again.
   */
  toFollow(ticket: ReadTicket, seq: number): WriteBatch[] | undefined {
    if (ticket.epoch !== this.epoch) return undefined;
    const missed = this.recent.filter((decided) => decided.seq > ticket.settledThrough && decided.seq < seq);
    if (missed.length !== seq - 1 - ticket.settledThrough) return undefined;
    return missed.map((decided) => decided.writeBatch);
  }
}
