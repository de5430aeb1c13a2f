import { memberStatesReadIn, type AccessSubject } from '@registry/application';
import { isMemberState, type AccessedData, type StatisticsExport } from '@registry/domain';
import type { HttpRequest } from './http-platform';
import type { AccessDescriber } from './access-log.interceptor';

const memberStateOf = (value: unknown): AccessSubject['memberState'] | undefined => {
  const code = typeof value === 'string' ? value.trim().toUpperCase() : undefined;
  return isMemberState(code) ? code : undefined;
};

const queryOf = (request: HttpRequest): Record<string, string> =>
  Object.fromEntries(
    Object.entries(request.query).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );

/**
 * `GET /reports/{id}` and the like: the record's id and member state. The id in lower case, as UuidParam read
 * it: the path may spell it in upper case, and the access log is searched by the id the record has.
 */
export const readOfRecord =
  (data: AccessedData): AccessDescriber =>
  (request, body) => {
    const memberState = memberStateOf((body as { memberState?: unknown }).memberState);
    const subject = String(request.params.id).toLowerCase();
    return memberState ? [{ kind: 'record', data, subject, memberState }] : [];
  };

/**
 * A stream's history: the stream read, as its events name it rather than as the path spelled it, under its
 * first event's member state, or under every member state for a registry-wide stream (`notary-restores`).
 */
export const readOfHistory: AccessDescriber = (request, body) => {
  const [first] = body as { stream?: unknown; metadata?: { memberState?: unknown } }[];
  if (!first) return [];
  const subject = typeof first.stream === 'string' ? first.stream : String(request.params.stream);
  return memberStatesReadIn(first.metadata?.memberState).map((memberState) => ({
    kind: 'record',
    data: 'STREAM_HISTORY',
    subject,
    memberState,
  }));
};

/**
 * Entries of several member states (a log page, an access-log page): one record per member state shown, every
 * member state when a registry-wide event is shown.
 */
export const readAcrossMemberStates =
  (data: AccessedData, entriesOf: (body: unknown) => readonly { memberState?: unknown }[]): AccessDescriber =>
  (request, body) => {
    const memberStates = new Set(entriesOf(body).flatMap(({ memberState }) => memberStatesReadIn(memberState)));
    const query = new URLSearchParams(queryOf(request)).toString();
    return [...memberStates].map((memberState) => ({ kind: 'record', data, subject: query || null, memberState }));
  };

/** A statistics export: the member state asked for and the other parameters of the request. */
export const exportOf =
  (kind: StatisticsExport): AccessDescriber =>
  (request) => {
    const { ms, ...parameters } = queryOf(request);
    const memberState = memberStateOf(ms);
    return memberState ? [{ kind: 'export', export: kind, memberState, parameters }] : [];
  };

/** A figure's trace lists the records behind the figure: a record-level read of the member state. */
export const readOfTrace: AccessDescriber = (request) => {
  const { ms, ...parameters } = queryOf(request);
  const memberState = memberStateOf(ms);
  const subject = [parameters.year, parameters.metric, parameters.breakdown].filter(Boolean).join('/');
  return memberState ? [{ kind: 'record', data: 'FIGURE_TRACE', subject, memberState }] : [];
};
