import type { Connection, Submittable } from 'pg';

/**
 * `COPY … FROM STDIN` on a pg client, as a query object the client runs in its queue. COPY inserts rows in
 * batches (heap_multi_insert), about twice the rate of the fastest INSERT on this machine (stack-notes), so
 * bulk appends use it. The client's protocol hooks are the ones pg-copy-streams relies on; this is the
 * whole of what we need from that package: send every chunk, then wait for the server's answer.
 */
export class CopyIn implements Submittable {
  readonly done: Promise<number>;
  private resolve!: (rows: number) => void;
  private reject!: (error: Error) => void;
  private rowCount = 0;

  constructor(
    private readonly text: string,
    private readonly chunks: readonly Buffer[],
  ) {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  submit(connection: Connection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: Connection): void {
    const copy = connection as Connection & { sendCopyFromChunk(chunk: Buffer): void; endCopyFrom(): void };
    for (const chunk of this.chunks) copy.sendCopyFromChunk(chunk);
    copy.endCopyFrom();
  }

  handleCommandComplete(message: { text?: string }): void {
    const match = /^COPY (\d+)/.exec(message.text ?? '');
    this.rowCount = match?.[1] ? Number(match[1]) : 0;
  }

  /** The client forgets the query on an error, so the later ReadyForQuery never reaches it. */
  handleError(error: Error): void {
    this.reject(error);
  }

  handleReadyForQuery(): void {
    this.resolve(this.rowCount);
  }

  // Messages COPY FROM never gets; the client may still call these hooks.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
  handleCopyData(): void {}
}

/** A text-format COPY field: backslash, tab, newline and carriage return must be escaped. */
export const copyField = (value: string): string =>
  /[\\\t\n\r]/.test(value)
    ? value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'))
    : value;

/** Characters of COPY text gathered before they become a buffer of their own. */
const CHUNK_CHARS = 1 << 16;

/**
 * COPY text as buffers of about 64 KiB, in the order it was added: one string of every row converted at the end
 * cost V8 the flattening of a rope of a megabyte or more, 1.2–1.5 µs for a 700-byte row against 0.3 µs this way.
 */
export class CopyChunks {
  private readonly chunks: Buffer[] = [];
  private pending = '';

  add(text: string): void {
    this.pending += text;
    if (this.pending.length >= CHUNK_CHARS) this.cut();
  }

  /** Every chunk, the last one included. */
  finish(): Buffer[] {
    this.cut();
    return this.chunks;
  }

  private cut(): void {
    if (this.pending.length > 0) this.chunks.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }
}
