import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { IMPORTABLE_COMMANDS } from './import-commands';
import { asRejection, LineRejected, parseLine, type ParsedLine } from './import-line';

/** A line that could not be parsed: the error says why (a LineRejected or InputInvalid rejects the line). */
export interface LineFailed {
  readonly error: unknown;
}

export type LineParse = ParsedLine | LineFailed;

/** Parses and validates lines on their own (parseLine), in order. */
export interface LineParser {
  parse(lines: readonly string[]): Promise<LineParse[]>;
  close(): Promise<void>;
}

/** On the calling thread: for small imports, where starting a thread would cost more than it saves. */
export const inlineLineParser: LineParser = {
  parse: (lines) => Promise.all(lines.map((raw) => parseLine(raw).catch((error: unknown): LineFailed => ({ error })))),
  close: () => Promise.resolve(),
};

/**
 * A parse as it crosses between threads (structured clone): the validated input as plain data, or why the
 * line was rejected, or an error that is not the line's fault (which stops the import, as on one thread).
 */
export type LineParseMessage =
  | { readonly parsed: { readonly type: string; readonly input: object; readonly commandId: string; readonly actor: unknown } }
  | { readonly rejected: { readonly code: string; readonly message: string; readonly errors?: LineRejected['errors'] } }
  | { readonly broken: string };

export const toMessage = (parse: LineParse): LineParseMessage => {
  if (!('error' in parse)) {
    const { type, input, commandId, actor } = parse;
    return { parsed: { type, input, commandId, actor } };
  }
  const rejection = asRejection(parse.error);
  if (rejection) return { rejected: { code: rejection.code, message: rejection.message, ...(rejection.errors ? { errors: rejection.errors } : {}) } };
  return { broken: parse.error instanceof Error ? (parse.error.stack ?? parse.error.message) : String(parse.error) };
};

export const fromMessage = (message: LineParseMessage): LineParse => {
  if ('broken' in message) return { error: new Error(`parsing a line failed: ${message.broken}`) };
  if ('rejected' in message) return { error: new LineRejected(message.rejected.code, message.rejected.message, message.rejected.errors) };
  const { type, input, commandId, actor } = message.parsed;
  const definition = IMPORTABLE_COMMANDS[type]!;
  // Inputs are plain data classes (decorated fields, no methods): the clone only lacks its class, which
  // handlers and the batch look at (`instanceof`). Nested inputs stay plain objects; nothing asks them.
  return { definition, input: Object.setPrototypeOf(input, definition.input.prototype as object) as object, type, commandId, actor };
};

export interface ParseRequest {
  readonly id: number;
  readonly lines: readonly string[];
}

export interface ParseResponse {
  readonly id: number;
  readonly results: readonly LineParseMessage[];
}

/**
 * Parses on a worker thread, so that a large import validates its next batch while the main thread decides
 * and writes this one. The same parseLine runs there; only plain data crosses. If the thread dies, every
 * parse waiting on it fails, and so does the import (a re-run resumes: lines already recorded are repeats).
 */
export class LineParserThread implements LineParser {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve(results: LineParse[]): void; reject(error: Error): void }>();
  private nextId = 0;
  private stopped: Error | undefined;

  constructor() {
    const { file, execArgv } = workerEntry();
    this.worker = new Worker(file, { execArgv });
    this.worker.on('message', ({ id, results }: ParseResponse) => {
      const request = this.waiting.get(id);
      this.waiting.delete(id);
      request?.resolve(results.map(fromMessage));
    });
    this.worker.on('error', (error) => this.stop(new Error(`the line parser thread failed: ${error.message}`)));
    this.worker.on('exit', (code) => this.stop(new Error(`the line parser thread stopped (exit code ${code})`)));
  }

  parse(lines: readonly string[]): Promise<LineParse[]> {
    if (this.stopped) return Promise.reject(this.stopped);
    const id = this.nextId++;
    return new Promise<LineParse[]>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.worker.postMessage({ id, lines } satisfies ParseRequest);
    });
  }

  async close(): Promise<void> {
    this.stop(new Error('the line parser thread was closed'));
    await this.worker.terminate();
  }

  private stop(reason: Error): void {
    this.stopped ??= reason;
    for (const request of this.waiting.values()) request.reject(this.stopped);
    this.waiting.clear();
  }
}

/**
 * V8's heap and GC flags hold for the whole process, and a worker refuses to start with them in its execArgv:
 * `node --max-old-space-size=4096 … import` must still get its parser thread.
 */
const PROCESS_WIDE_FLAGS = /^--(max-semi-space-size|max-old-space-size|single-threaded-gc|trace-gc)/;

/**
 * The compiled worker next to this file (dist/), else the TypeScript source through @swc-node/register
 * (tests, benchmarks): a worker does not inherit the loader of a test runner.
 */
const workerEntry = (): { file: string; execArgv: string[] } => {
  const compiled = join(__dirname, 'line-parser.worker.js');
  const inherited = process.execArgv.filter((flag) => !PROCESS_WIDE_FLAGS.test(flag));
  if (existsSync(compiled)) return { file: compiled, execArgv: inherited };
  return { file: join(__dirname, 'line-parser.worker.ts'), execArgv: [...inherited, '-r', '@swc-node/register'] };
};
