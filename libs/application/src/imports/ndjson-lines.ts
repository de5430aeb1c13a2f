import { StringDecoder } from 'node:string_decoder';
import { MAX_LINE_LENGTH } from './import-line';

/**
 * The lines of an NDJSON stream (LF or CRLF), read as they arrive: memory holds one chunk and one line, never the
 * whole body. A line longer than MAX_LINE_LENGTH is cut just past it (parseLine then rejects it as too long) and
 * the rest of it is skipped unread, so a body without newlines cannot fill memory either. A byte-order mark at
 * the start (as Windows editors save UTF-8) is dropped.
 */
export async function* ndjsonLines(chunks: AsyncIterable<Buffer | string>): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let line = '';
  let skipping = false;
  let atStart = true;
  const take = (decoded: string): string[] => {
    let text = decoded;
    if (atStart && text.length > 0) {
      atStart = false;
      if (text.startsWith(BYTE_ORDER_MARK)) text = text.slice(1);
    }
    const complete: string[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const piece = text.slice(start, newline);
      start = newline + 1;
      if (skipping) skipping = false;
      else complete.push(stripCarriageReturn(line + piece));
      line = '';
    }
    if (!skipping) {
      line += text.slice(start);
      if (line.length > MAX_LINE_LENGTH) {
        complete.push(line.slice(0, MAX_LINE_LENGTH + 1)); // too long: rejected with its number, as in a file
        line = '';
        skipping = true;
      }
    }
    return complete;
  };
  for await (const chunk of chunks) yield* take(typeof chunk === 'string' ? chunk : decoder.write(chunk));
  yield* take(decoder.end());
  if (!skipping && line !== '') yield stripCarriageReturn(line);
}

const BYTE_ORDER_MARK = '\uFEFF';

const stripCarriageReturn = (line: string): string => (line.endsWith('\r') ? line.slice(0, -1) : line);
