import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@registry/domain';
import { BatchingEventStore, type EventStore, type WriteBatch } from '@registry/event-store';
import { RecordReportHandler } from '../reports/record-report';
import { RecordReportInput } from '../reports/report.inputs';
import type { Actor } from '../shared/actor';
import { EVENT_STORE } from '../shared/tokens';
import type { FieldError } from '../shared/validate-input';
import { asRejection, commandOf, idCreatedBy, type ImportRun, type LineRejected } from './import-line';
import { inlineLineParser, LineParserThread, type LineParse, type LineParser } from './line-parser';
import { ReadsAhead, type ReadTicket } from './reads-ahead';

export interface ImportSummary {
  imported: number;
  alreadyRecorded: number;
  rejected: number;
}

export interface RejectedLine {
  readonly line: number;
  readonly input: string;
  readonly code: string;
  readonly error: string;
  readonly errors?: readonly FieldError[];
}

/**
 * An import that stopped before its end (storage failed, the body or file could not be read on): how far it got.
 * Every line up to `throughLine` was decided and written; a re-run records the rest, since every line is idempotent.
 */
export class ImportStopped extends Error {
  constructor(
    readonly summary: Readonly<ImportSummary>,
    readonly throughLine: number,
    cause: unknown,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'ImportStopped';
  }
}

export interface ImportObserver {
  onRejected?(rejected: RejectedLine): void | Promise<void>;
  onProgress?(summary: Readonly<ImportSummary>, line: number): void;
}

export interface ImportOptions {
  /** Lines per batch (default 1000): one read of their streams and one transaction (a few thousand events). */
  readonly batchLines?: number;
  /**
   * Whether an import of more than one batch parses and validates its lines on a worker thread (default
   * true), a batch ahead of the one being decided. The outcome is the same either way.
   */
  readonly parseOnThread?: boolean;
}

interface SourceLine {
  readonly raw: string;
  readonly line: number;
}

/** Lines read, with their parse (on its way when it runs on the parser thread) and what it reads ahead. */
interface ReadBatch {
  /** 1 for the file's first batch, 2 for the next, … */
  readonly seq: number;
  readonly lines: readonly SourceLine[];
  readonly parsing: Promise<LineParse[]>;
  readonly readingAhead?: Promise<ReadAhead | undefined>;
}

/**
 * A batch's streams and subject keys, read as soon as its lines were parsed: while the batches before it are
 * still decided and written, so that deciding it need not wait for the database.
 */
interface ReadAhead {
  readonly writeBatch: WriteBatch;
  readonly ticket: ReadTicket;
}

type LineOutcome = SourceLine & ({ readonly created: boolean } | { readonly rejection: LineRejected });

type RejectedAt = (id: string) => number | undefined;

/** A batch whose lines were decided, with what they appended (not yet written). */
interface DecidedBatch {
  readonly seq: number;
  readonly lines: readonly SourceLine[];
  readonly parsed: readonly LineParse[];
  readonly writeBatch: WriteBatch;
  readonly outcomes: readonly LineOutcome[];
  /** Ids whose lines this batch rejected: later lines that refer to them are rejected too. */
  readonly rejectedHere: ReadonlyMap<string, number>;
}

/** A decided batch on its way to the store: `written` is false when the store refused it (a conflict). */
type WritingBatch = DecidedBatch & { readonly written: Promise<boolean> };

/**
 * Applies NDJSON command lines in file order through the same command handlers as HTTP. Good lines are
 * recorded even when others are bad; each bad line is reported with its number and reason. Every line has
 * a command id derived from its content, so re-running a file records nothing new.
 *
 * Lines run in batches (ADR 0007): the handlers of a batch read from and append to one WriteBatch, which is
 * written in one transaction while the next batch is decided (on top of it). Each line is decided exactly as
 * it would be alone, after the lines before it. If a batch's transaction fails because someone else wrote
 * one of its streams meanwhile, nothing of it was written: its lines are applied again one at a time, and
 * the next batch is decided again.
 *
 * Parsing and validating a line needs nothing but the line, so a large import does it on a worker thread
 * (LineParserThread), one batch ahead: validation is a good part of the work per line, and the main
 * thread is what limits an import.
 */
@Injectable()
export class NdjsonImport {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reports: RecordReportHandler,
  ) {}

  async run(
    lines: AsyncIterable<string>,
    actor: Actor,
    observer: ImportObserver = {},
    { batchLines = 1000, parseOnThread = true }: ImportOptions = {},
  ): Promise<ImportSummary> {
    // Every event of this import is correlated to it: the lines' own ids say which line, this which run.
    const importRun: ImportRun = { importer: actor, id: randomBytes(6).toString('hex') };
    const summary: ImportSummary = { imported: 0, alreadyRecorded: 0, rejected: 0 };
    let throughLine = 0;
    const rejectedIds = new Map<string, number>();
    const report = async (outcome: LineOutcome): Promise<void> => {
      if ('created' in outcome) {
        if (outcome.created) summary.imported++;
        else summary.alreadyRecorded++;
      } else {
        summary.rejected++;
        const created = idCreatedBy(outcome.raw);
        if (created !== undefined && !rejectedIds.has(created)) rejectedIds.set(created, outcome.line);
        await observer.onRejected?.(rejectedLine(outcome, outcome.rejection));
      }
      throughLine = outcome.line;
      observer.onProgress?.(summary, outcome.line);
    };
    const oneByOne = async (batch: readonly SourceLine[], parsed: readonly LineParse[]) => {
      for (const [index, line] of batch.entries()) await report(await this.decide(line, parsed[index]!, importRun, (id) => rejectedIds.get(id)));
    };
    const batching = this.store instanceof BatchingEventStore && this.store.canBatch ? this.store : undefined;
    /** The batches' writes, each committing after the one before (so a batch is written beside the one before). */
    let chain = batching?.appendChain();
    let writing: WritingBatch | undefined;
    const readsAhead = new ReadsAhead();

    const write = (decided: DecidedBatch): WritingBatch => {
      // A conflict (DomainError) is answered in settle(); a storage error stops the import there.
      const written = decided.writeBatch.flush(chain).then(
        () => true,
        (error: unknown) => {
          if (error instanceof DomainError) return false;
          throw error;
        },
      );
      written.catch(() => undefined);
      return { ...decided, written };
    };
    /**
     * Waits for a batch's write; false when it conflicted and was applied again line by line. The batch being
     * written after it (`next`) is then refused too (AppendChain), and is waited for first.
     */
    const settle = async (batch: WritingBatch, next?: WritingBatch): Promise<boolean> => {
      if (!(await batch.written)) {
        await next?.written;
        chain = batching?.appendChain(); // the old one is spent
        readsAhead.reapplying();
        await oneByOne(batch.lines, batch.parsed);
        readsAhead.reapplied(batch.seq);
        return false;
      }
      readsAhead.written(batch.seq);
      for (const outcome of batch.outcomes) await report(outcome);
      return true;
    };
    /** Waits for the batch being written, if any, before lines that are applied one at a time. */
    const settleWriting = async (): Promise<void> => {
      const batch = writing;
      writing = undefined;
      if (batch) await settle(batch);
    };
    const readAhead = async (store: BatchingEventStore, parsed: readonly LineParse[]): Promise<ReadAhead | undefined> => {
      const read = { writeBatch: store.createBatch(), ticket: readsAhead.ticket() };
      try {
        await store.inBatch(read.writeBatch, () => this.reports.prepare(recordReportInputs(parsed)));
        return read;
      } catch {
        return undefined; // deciding the batch reads again, and meets the error where it stops the import
      }
    };
    /** The batch to decide in: the one read ahead, unless its reads are stale. */
    const batchToDecide = async (store: BatchingEventStore, { seq, readingAhead }: ReadBatch): Promise<WriteBatch> => {
      const read = await readingAhead;
      const earlier = read && readsAhead.toFollow(read.ticket, seq);
      if (read && earlier) {
        read.writeBatch.follow(earlier);
        return read.writeBatch;
      }
      read?.writeBatch.discard();
      return store.createBatch(writing?.writeBatch);
    };
    const apply = async (readBatch: ReadBatch): Promise<void> => {
      const { seq, lines: batch, parsing } = readBatch;
      const parsed = await parsing;
      if (!batching || batch.length < 2) return settleWriting().then(() => oneByOne(batch, parsed));
      const before = writing;
      const rejectedBefore: RejectedAt = (id) => rejectedIds.get(id) ?? before?.rejectedHere.get(id);
      const toDecide = await batchToDecide(batching, readBatch);
      const decided = await this.decideBatch(batching, seq, batch, parsed, importRun, rejectedBefore, toDecide);
      readsAhead.decided(seq, decided.writeBatch);
      // Written at once, beside the batch before: its COPY need not wait for that one's to end.
      writing = write(decided);
      if (before && !(await settle(before, writing))) {
        // Decided on top of a batch that was not written as such: decide again on what is stored now.
        decided.writeBatch.discard();
        const rejectedNow: RejectedAt = (id) => rejectedIds.get(id);
        const again = await this.decideBatch(batching, seq, batch, parsed, importRun, rejectedNow, batching.createBatch());
        readsAhead.decided(seq, again.writeBatch);
        writing = write(again);
      }
    };

    // Each batch is parsed as soon as it is read, its streams read as soon as it is parsed, and it is applied
    // once the next one is read: on the parser thread, a batch is parsed while the one before it is decided.
    let parser: LineParser = inlineLineParser;
    let ready: ReadBatch | undefined;
    let seq = 0;
    const read = async (batch: readonly SourceLine[]): Promise<void> => {
      const parsing = parser.parse(batch.map(({ raw }) => raw));
      parsing.catch(() => undefined); // awaited in apply(); until then a failed thread is not unhandled
      const readingAhead = batching && batch.length >= 2 ? parsing.then((parsed) => readAhead(batching, parsed), () => undefined) : undefined;
      if (ready) await apply(ready);
      ready = { seq: ++seq, lines: batch, parsing, ...(readingAhead && { readingAhead }) };
    };
    try {
      let batch: SourceLine[] = [];
      let line = 0;
      for await (const raw of lines) {
        line++;
        if (raw.trim() === '') continue;
        batch.push({ raw, line });
        if (batch.length >= batchLines) {
          await read(batch);
          batch = [];
          // More than one batch is worth a thread; the first was parsed here meanwhile.
          if (parseOnThread && parser === inlineLineParser) parser = new LineParserThread();
        }
      }
      if (batch.length > 0) await read(batch);
      if (ready) await apply(ready);
      await settleWriting();
      return summary;
    } catch (error) {
      throw new ImportStopped({ ...summary }, throughLine, error);
    } finally {
      // An import stopped by an error leaves nothing running: a write in flight commits or rolls back first.
      await writing?.written.catch(() => undefined);
      await parser.close();
    }
  }

  private async decideBatch(
    store: BatchingEventStore,
    seq: number,
    lines: readonly SourceLine[],
    parsed: readonly LineParse[],
    importRun: ImportRun,
    rejectedBefore: RejectedAt,
    writeBatch: WriteBatch,
  ): Promise<DecidedBatch> {
    // Rejections of this batch count for its later lines, as they would one line at a time.
    const rejectedHere = new Map<string, number>();
    const rejectedAt = (id: string) => rejectedBefore(id) ?? rejectedHere.get(id);
    const outcomes = await store.inBatch(writeBatch, async () => {
      // What the lines will read, read at once (unless read ahead); lines of other types read theirs when they run.
      await this.reports.prepare(recordReportInputs(parsed));
      const decided: LineOutcome[] = [];
      for (const [index, line] of lines.entries()) {
        // Deciding is a long chain of microtasks: let the event loop in now and then, so that the COPY of the
        // batch before goes on streaming and the parse of the next one arrives (and its reads go out).
        if (index % YIELD_EVERY_LINES === YIELD_EVERY_LINES - 1) await new Promise(setImmediate);
        const outcome = await this.decide(line, parsed[index]!, importRun, rejectedAt, writeBatch);
        const created = 'rejection' in outcome ? idCreatedBy(line.raw) : undefined;
        if (created !== undefined && rejectedAt(created) === undefined) rejectedHere.set(created, line.line);
        decided.push(outcome);
      }
      return decided;
    });
    return { seq, lines, parsed, writeBatch, outcomes, rejectedHere };
  }

  private async decide(
    line: SourceLine,
    parsed: LineParse,
    importRun: ImportRun,
    rejectedAt: RejectedAt,
    batch?: WriteBatch,
  ): Promise<LineOutcome> {
    try {
      if ('error' in parsed) throw parsed.error;
      const command = commandOf(parsed, line.line, importRun, rejectedAt);
      const execute = () => this.commandBus.execute(command);
      const result = await (batch ? batch.command(execute) : execute());
      // A line recorded by an earlier run is answered as then (created), and counts as already recorded.
      return { ...line, created: result.created && !result.replayed };
    } catch (error) {
      const rejection = asRejection(error);
      if (!rejection) throw error; // storage failure: stop; a re-run resumes where this one stopped
      return { ...line, rejection };
    }
  }
}

const YIELD_EVERY_LINES = 50;

const recordReportInputs = (parsed: readonly LineParse[]): RecordReportInput[] =>
  parsed.flatMap((line) => ('input' in line && line.input instanceof RecordReportInput ? [line.input] : []));

const rejectedLine = ({ line, raw }: SourceLine, rejection: LineRejected): RejectedLine => ({
  line,
  input: raw.length > 2000 ? `${raw.slice(0, 2000)}…` : raw,
  code: rejection.code,
  error: rejection.message,
  ...(rejection.errors ? { errors: rejection.errors } : {}),
});
