/** What every write answers: the record's id, the stream revision (for ETag/If-Match) and whether it was new. */
export interface WriteResult {
  readonly id: string;
  readonly revision: number;
  /** False when nothing was appended: an idempotent repeat of an earlier command. */
  readonly created: boolean;
  /** The log position of the write, so a client can wait for read models to catch up. */
  readonly position?: string;
}
