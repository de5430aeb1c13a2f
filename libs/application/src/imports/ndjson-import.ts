import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DomainError } from '@registry/domain';
import type { Actor, RequestContext } from '../shared/actor';
import { InputInvalid, validateInput, type FieldError } from '../shared/validate-input';
import { IMPORTABLE_COMMANDS } from './import-commands';

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

/** Lines longer than this are refused before parsing: no report needs a megabyte. */
const MAX_LINE_LENGTH = 64 * 1024;

class LineRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }
}

/**
 * Applies NDJSON command lines in file order through the same command handlers as HTTP. Good lines are
 * recorded even when others are bad; each bad line is reported with its number and reason. Every line has
 * a command id derived from its content, so re-running a file records nothing new.
 */
@Injectable()
export class NdjsonImport {
  constructor(private readonly commandBus: CommandBus) {}

  async run(lines: AsyncIterable<string>, actor: Actor, observer: ImportObserver = {}): Promise<ImportSummary> {
    const summary: ImportSummary = { imported: 0, alreadyRecorded: 0, rejected: 0 };
    const rejectedIds = new Map<string, number>();
    let lineNumber = 0;
    for await (const raw of lines) {
      lineNumber++;
      if (raw.trim() === '') continue;
      try {
        const created = await this.applyLine(raw, lineNumber, actor, rejectedIds);
        if (created) summary.imported++;
        else summary.alreadyRecorded++;
      } catch (error) {
        const rejection = asRejection(error);
        if (!rejection) throw error; // storage failure: stop; a re-run resumes where this one stopped
        summary.rejected++;
        const created = idCreatedBy(raw);
        if (created !== undefined && !rejectedIds.has(created)) rejectedIds.set(created, lineNumber);
        await observer.onRejected?.({
          line: lineNumber,
          input: raw.length > 2000 ? `${raw.slice(0, 2000)}…` : raw,
          code: rejection.code,
          error: rejection.message,
          ...(rejection.errors ? { errors: rejection.errors } : {}),
        });
      }
      observer.onProgress?.(summary, lineNumber);
    }
    return summary;
  }

  private async applyLine(raw: string, lineNumber: number, importer: Actor, rejectedIds: Map<string, number>): Promise<boolean> {
    if (raw.length > MAX_LINE_LENGTH) throw new LineRejected('IMPORT.LINE_TOO_LONG', `line is longer than ${MAX_LINE_LENGTH} characters`);
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new LineRejected('IMPORT.MALFORMED_JSON', 'line is not valid JSON');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new LineRejected('IMPORT.MALFORMED_LINE', 'line must be an object {"type": …, "data": {…}}');
    }
    const { type, data, actor, ...rest } = parsed as Record<string, unknown>;
    const unknownKeys = Object.keys(rest);
    if (unknownKeys.length > 0) throw new LineRejected('IMPORT.MALFORMED_LINE', `unknown key(s) ${unknownKeys.join(', ')}; a line has type, data and optionally actor`);
    const definition = typeof type === 'string' && Object.hasOwn(IMPORTABLE_COMMANDS, type) ? IMPORTABLE_COMMANDS[type] : undefined;
    if (!definition) {
      throw new LineRejected('IMPORT.UNKNOWN_COMMAND', `type must be one of ${Object.keys(IMPORTABLE_COMMANDS).join(', ')}`);
    }
    const input = await validateInput(definition.input, data);
    for (const id of definition.refersTo(input).map((ref) => ref.toLowerCase())) {
      const rejectedAt = rejectedIds.get(id);
      if (rejectedAt !== undefined) throw new LineRejected('IMPORT.DEPENDS_ON_REJECTED_LINE', `refers to ${id}, whose line ${rejectedAt} was rejected`);
    }
    const context: RequestContext = {
      actor: lineActor(actor, importer),
      correlationId: `import-line-${lineNumber}`,
      commandId: createHash('sha256').update(canonicalJson({ type, data })).digest('hex'),
    };
    const result = await this.commandBus.execute(definition.toCommand(input, context));
    return result.created;
  }
}

/** A line may name who recorded it originally; the importer's role and scope still apply. */
const lineActor = (actor: unknown, importer: Actor): Actor => {
  if (actor === undefined) return importer;
  const userId = typeof actor === 'string' ? actor : actor !== null && typeof actor === 'object' ? (actor as Record<string, unknown>).userId : undefined;
  if (typeof userId !== 'string' || !/^[\w.@:-]{1,100}$/.test(userId)) {
    throw new LineRejected('IMPORT.MALFORMED_LINE', 'actor must be a user id (letters, digits, . _ @ : -) or {"userId": …}');
  }
  return { ...importer, userId };
};

const asRejection = (error: unknown): LineRejected | undefined => {
  if (error instanceof LineRejected) return error;
  if (error instanceof InputInvalid) return new LineRejected(error.code, error.message, error.errors);
  if (error instanceof DomainError) return new LineRejected(error.code, error.message);
  return undefined;
};

/** The id a rejected line would have created, if it can be read from the line at all. */
const idCreatedBy = (raw: string): string | undefined => {
  try {
    const { type, data } = JSON.parse(raw) as { type?: unknown; data?: Record<string, unknown> };
    const field = typeof type === 'string' && Object.hasOwn(IMPORTABLE_COMMANDS, type) ? IMPORTABLE_COMMANDS[type]?.creates : undefined;
    const id = field ? data?.[field] : undefined;
    return typeof id === 'string' ? id.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
};

const canonicalJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
