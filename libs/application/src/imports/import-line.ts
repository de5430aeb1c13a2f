import { hash } from 'node:crypto';
import type { Command } from '@nestjs/cqrs';
import { DomainError } from '@registry/domain';
import type { Actor, RequestContext } from '../shared/actor';
import { canonicalJson } from '../shared/canonical-json';
import { InputInvalid, validateInput, type FieldError } from '../shared/validate-input';
import type { WriteResult } from '../shared/write-result';
import { IMPORTABLE_COMMANDS, type ImportableCommand } from './import-commands';

/** Lines longer than this are refused before parsing: no report needs a megabyte. */
export const MAX_LINE_LENGTH = 64 * 1024;

export class LineRejected extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
  }
}

/** A line whose shape is valid: what it asks for, not yet checked against the lines before it. */
export interface ParsedLine {
  readonly definition: ImportableCommand;
  readonly input: object;
  readonly type: string;
  /** A hash of the line's content (type and data, keys sorted): a re-run of the line is the same command. */
  readonly commandId: string;
  readonly actor: unknown;
}

/** Parses and validates one line on its own; throws LineRejected or InputInvalid. */
export const parseLine = async (raw: string): Promise<ParsedLine> => {
  if (raw.length > MAX_LINE_LENGTH) throw new LineRejected('IMPORT.LINE_TOO_LONG', `line is longer than ${MAX_LINE_LENGTH} characters`);
  // The lines were decoded as UTF-8, which turns every byte that is not UTF-8 (a Latin-1 file) into U+FFFD:
  // recorded, the log would keep the replacement characters for good instead of the text that was meant. A UTF-16
  // file's ASCII comes with NUL bytes, which JSON never holds unescaped: say why rather than "not valid JSON".
  if (raw.includes('\uFFFD') || raw.includes('\u0000')) {
    throw new LineRejected('IMPORT.NOT_UTF8', 'line is not UTF-8 text: save the file as UTF-8 (not Latin-1 or UTF-16)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new LineRejected('IMPORT.MALFORMED_JSON', 'line is not valid JSON');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LineRejected('IMPORT.MALFORMED_LINE', 'line must be an object {"type": …, "data": {…}}');
  }
  // recordedAt may come with a line exported from another system, and is ignored: the server's time is recorded.
  const { type, data, actor, recordedAt: _recordedAt, ...rest } = parsed as Record<string, unknown>;
  const unknownKeys = Object.keys(rest);
  if (unknownKeys.length > 0) {
    const allowed = 'a line has type, data and optionally actor (recordedAt is ignored: the server records its own)';
    throw new LineRejected('IMPORT.MALFORMED_LINE', `unknown key(s) ${unknownKeys.join(', ')}; ${allowed}`);
  }
  const definition = typeof type === 'string' && Object.hasOwn(IMPORTABLE_COMMANDS, type) ? IMPORTABLE_COMMANDS[type] : undefined;
  if (!definition) {
    throw new LineRejected('IMPORT.UNKNOWN_COMMAND', `type must be one of ${Object.keys(IMPORTABLE_COMMANDS).join(', ')}`);
  }
  const input = await validateInput(definition.input, data);
  const commandId = hash('sha256', canonicalJson({ type, data }), 'hex');
  return { definition, input, type: type as string, commandId, actor };
};

/** One run of an import: who runs it, and an id of its own that correlates its events (`import-<id>-line-<n>`). */
export interface ImportRun {
  readonly importer: Actor;
  readonly id: string;
}

/**
 * The command of a parsed line, in the context of the lines before it: a line that refers to the record of
 * a rejected line is rejected too. `rejectedAt` answers the line number that rejected an id.
 */
export const commandOf = (
  { definition, input, commandId, actor }: ParsedLine,
  lineNumber: number,
  { importer, id: importId }: ImportRun,
  rejectedAt: (id: string) => number | undefined,
): Command<WriteResult> => {
  for (const id of definition.refersTo(input).map((ref) => ref.toLowerCase())) {
    const line = rejectedAt(id);
    if (line !== undefined) throw new LineRejected('IMPORT.DEPENDS_ON_REJECTED_LINE', `refers to ${id}, whose line ${line} was rejected`);
  }
  const lineAuthor = lineActor(actor, importer);
  const context: RequestContext = {
    actor: lineAuthor,
    correlationId: `import-${importId}-line-${lineNumber}`,
    commandId,
    // A line that names who recorded it originally still says who imported it.
    ...(lineAuthor !== importer && { importedBy: importer }),
  };
  return definition.toCommand(input, context);
};

/** A line may name who recorded it originally; the importer's role and scope still apply. */
const lineActor = (actor: unknown, importer: Actor): Actor => {
  if (actor === undefined) return importer;
  const userId = typeof actor === 'string' ? actor : actor !== null && typeof actor === 'object' ? (actor as Record<string, unknown>).userId : undefined;
  if (typeof userId !== 'string' || !/^[\w.@:-]{1,100}$/.test(userId)) {
    throw new LineRejected('IMPORT.MALFORMED_LINE', 'actor must be a user id (letters, digits, . _ @ : -) or {"userId": …}');
  }
  return { ...importer, userId };
};

/** Why a line was rejected, or undefined when the error is not the line's fault (storage): then stop. */
export const asRejection = (error: unknown): LineRejected | undefined => {
  if (error instanceof LineRejected) return error;
  if (error instanceof InputInvalid) return new LineRejected(error.code, error.message, error.errors);
  if (error instanceof DomainError) return new LineRejected(error.code, error.message);
  return undefined;
};

/** The id a rejected line would have created, if it can be read from the line at all. */
export const idCreatedBy = (raw: string): string | undefined => {
  try {
    const { type, data } = JSON.parse(raw) as { type?: unknown; data?: Record<string, unknown> };
    const field = typeof type === 'string' && Object.hasOwn(IMPORTABLE_COMMANDS, type) ? IMPORTABLE_COMMANDS[type]?.creates : undefined;
    const id = field ? data?.[field] : undefined;
    return typeof id === 'string' ? id.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
};
