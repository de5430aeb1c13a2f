/** What every write answers: the record's id, the stream revision (for ETag/If-Match) and whether it was new. */
export interface WriteResult {
  readonly id: string;
  readonly revision: number;
  /** False when nothing was appended: an idempotent repeat of an earlier command. */
  readonly created: boolean;
  /**
   * A replay of a command recorded before under the same command id (Idempotency-Key, import line): nothing was
   * appended now, and the rest of the answer is the first one's, `created` included.
   */
  readonly replayed?: boolean;
  /** The log position of the write, so a client can wait for read models to catch up. */
  readonly position?: string;
}
