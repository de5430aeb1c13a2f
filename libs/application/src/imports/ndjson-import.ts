import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@registry/domain';
import { BatchingEventStore, type EventStore, type WriteBatch } from '@registry/event-store';
import { RecordReportHandler } from '../reports/record-report';
import { RecordReportInput } from '../reports/report.inputs';
import type { Actor } from '../shared/actor';
import { EVENT_STORE } from '../shared/tokens';
import type { FieldError } from '../shared/validate-input';
import { asRejection, commandOf, idCreatedBy, parseLine, type LineRejected, type ParsedLine } from './import-line';

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

export interface ImportObserver {
  onRejected?(rejected: RejectedLine): void | Promise<void>;
  onProgress?(summary: Readonly<ImportSummary>, line: number): void;
}

export interface ImportOptions {
  /** Lines per batch (default 1000): one read of their streams and one transaction (a few thousand events). */
  readonly batchLines?: number;
}

interface SourceLine {
  readonly raw: string;
  readonly line: number;
}

type LineOutcome = SourceLine & ({ readonly created: boolean } | { readonly rejection: LineRejected });

/**
 * Applies NDJSON command lines in file order through the same command handlers as HTTP. Good lines are
 * recorded even when others are bad; each bad line is reported with its number and reason. Every line has
 * a command id derived from its content, so re-running a file records nothing new.
 *
 * Lines run in batches (ADR 0003): the handlers of a batch read from and append to one WriteBatch, which
 * is written in one transaction. Each line is decided exactly as it would be alone, after the lines before
 * it. If the transaction fails because someone else wrote one of its streams meanwhile, nothing of the
 * batch was written, and its lines are applied again one at a time.
 */
@Injectable()
export class NdjsonImport {
  constructor(
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reports: RecordReportHandler,
  ) {}

  async run(lines: AsyncIterable<string>, actor: Actor, observer: ImportObserver = {}, { batchLines = 1000 }: ImportOptions = {}): Promise<ImportSummary> {
    const summary: ImportSummary = { imported: 0, alreadyRecorded: 0, rejected: 0 };
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
      observer.onProgress?.(summary, outcome.line);
    };
    const apply = async (batch: readonly SourceLine[]): Promise<void> => {
      const outcomes = batch.length > 1 ? await this.applyAsBatch(batch, actor, rejectedIds) : undefined;
      if (outcomes) for (const outcome of outcomes) await report(outcome);
      else for (const line of batch) await report(await this.applyLine(line, actor, (id) => rejectedIds.get(id)));
    };

    let batch: SourceLine[] = [];
    let line = 0;
    for await (const raw of lines) {
      line++;
      if (raw.trim() === '') continue;
      batch.push({ raw, line });
      if (batch.length >= batchLines) {
        await apply(batch);
        batch = [];
      }
    }
    await apply(batch);
    return summary;
  }

  /** Undefined when the lines must be applied one at a time instead (no batching store, or a conflict). */
  private async applyAsBatch(lines: readonly SourceLine[], importer: Actor, rejectedIds: ReadonlyMap<string, number>): Promise<LineOutcome[] | undefined> {
    const store = this.store;
    if (!(store instanceof BatchingEventStore) || !store.canBatch) return undefined;
    return store.inBatch(async (batch) => {
      const parsed = await Promise.all(lines.map((line) => parseLine(line.raw).catch((error: unknown) => failed(error))));
      await batch.prefetch(parsed.flatMap((line) => ('definition' in line ? this.streamsReadBy(line) : [])));
      // Rejections of this batch count for its later lines, as they would one line at a time.
      const rejectedHere = new Map<string, number>();
      const rejectedAt = (id: string) => rejectedIds.get(id) ?? rejectedHere.get(id);
      const outcomes: LineOutcome[] = [];
      for (const [index, line] of lines.entries()) {
        const outcome = await this.decide(line, parsed[index]!, importer, rejectedAt, batch);
        const created = 'rejection' in outcome ? idCreatedBy(line.raw) : undefined;
        if (created !== undefined && rejectedAt(created) === undefined) rejectedHere.set(created, line.line);
        outcomes.push(outcome);
      }
      try {
        await batch.flush();
      } catch (error) {
        if (error instanceof DomainError) return undefined; // a concurrent writer: nothing was written
        throw error;
      }
      return outcomes;
    });
  }

  private async applyLine(line: SourceLine, importer: Actor, rejectedAt: (id: string) => number | undefined): Promise<LineOutcome> {
    const parsed = await parseLine(line.raw).catch((error: unknown) => failed(error));
    return this.decide(line, parsed, importer, rejectedAt);
  }

  private async decide(
    line: SourceLine,
    parsed: ParsedLine | Failed,
    importer: Actor,
    rejectedAt: (id: string) => number | undefined,
    batch?: WriteBatch,
  ): Promise<LineOutcome> {
    try {
      if ('error' in parsed) throw parsed.error;
      const command = commandOf(parsed, line.line, importer, rejectedAt);
      const execute = () => this.commandBus.execute(command);
      const result = await (batch ? batch.command(execute) : execute());
      return { ...line, created: result.created };
    } catch (error) {
      const rejection = asRejection(error);
      if (!rejection) throw error; // storage failure: stop; a re-run resumes where this one stopped
      return { ...line, rejection };
    }
  }

  /** Streams a line will read, so the batch reads them all at once; others are read when needed. */
  private streamsReadBy({ input }: ParsedLine): string[] {
    if (!(input instanceof RecordReportInput)) return [];
    try {
      return this.reports.streamsRead({ input });
    } catch {
      return []; // the handler will reject the line with the same error
    }
  }
}

interface Failed {
  readonly error: unknown;
}

const failed = (error: unknown): Failed => ({ error });

const rejectedLine = ({ line, raw }: SourceLine, rejection: LineRejected): RejectedLine => ({
  line,
  input: raw.length > 2000 ? `${raw.slice(0, 2000)}…` : raw,
  code: rejection.code,
  error: rejection.message,
  ...(rejection.errors ? { errors: rejection.errors } : {}),
});
