import type { LoggerService, LogLevel } from '@nestjs/common';

export type LogSink = (line: string, level: LogLevel) => void;

const toStdio: LogSink = (line, level) =>
  void (level === 'error' || level === 'fatal' ? process.stderr : process.stdout).write(`${line}\n`);

/** Nest's start-up chatter (every module and route) says nothing an operator needs. */
const QUIET_CONTEXTS = new Set([
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestFactory',
  'NestApplication',
]);

/**
 * NestApplication logs an error only just before it rejects the call that failed (`listen`, `getUrl`), whose
 * caller reports it: `registry serve` words a taken port as one line naming the flag. Logged here too, the same
 * failure would reach stderr twice, once as Nest's raw text.
 */
const REPORTED_BY_CALLER = 'NestApplication';

const REDACTIONS: readonly (readonly [RegExp, string])[] = [
  [/\bBearer\s+[^\s"',]+/gi, 'Bearer [redacted]'],
  [/\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, '[redacted-jwt]'],
  [/\bpd1:[0-9a-f-]{36}:[\w-]+:[\w-]+/g, '[sealed]'],
  [/-----BEGIN [A-Z ]+-----[\s\S]*?-----END [A-Z ]+-----/g, '[redacted-key]'],
];

/** Removes tokens, key material and sealed fields from a log text, whatever put them there. */
export const redact = (text: string): string =>
  REDACTIONS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);

/**
 * Structured logging: one JSON object per line ({time, level, context, msg, …}), every string redacted.
 * Request bodies are never logged (see request-log.ts), so record data stays out of the logs.
 */
export class JsonLogger implements LoggerService {
  constructor(
    private readonly sink: LogSink = toStdio,
    private readonly levels: ReadonlySet<LogLevel> = new Set<LogLevel>(['fatal', 'error', 'warn', 'log']),
  ) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(level: LogLevel, message: unknown, rest: unknown[]): void {
    if (!this.levels.has(level)) return;
    // Nest passes the context last; an error's stack comes before it.
    const context = rest.length > 0 && typeof rest.at(-1) === 'string' ? (rest.at(-1) as string) : undefined;
    if (context && QUIET_CONTEXTS.has(context) && level === 'log') return;
    if (context === REPORTED_BY_CALLER && level === 'error') return;
    const stack = level === 'error' && rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields =
      message !== null && typeof message === 'object' && !(message instanceof Error)
        ? (message as Record<string, unknown>)
        : { msg: textOf(message) };
    const entry = {
      time: new Date().toISOString(),
      level,
      ...(context ? { context } : {}),
      ...fields,
      ...(stack ? { stack } : {}),
    };
    this.sink(redact(JSON.stringify(entry)), level);
  }
}

const textOf = (message: unknown): string =>
  message instanceof Error ? `${message.name}: ${message.message}` : String(message);
