import type { Event } from '../shared';

/** A notary seal as an event names it: how far into the log it reaches and the chain head it signed. */
export interface SealReference {
  /** The number of events in log order the seal covers. */
  readonly sequence: string;
  readonly globalPosition: string;
  readonly chainHead: string;
}

/**
 * The operator accepted the database's notarised log though it lacks the notary's latest seal as recorded outside
 * the database (a restored backup), after the log passed verification; the notary seals on from the database's
 * latest seal (ADR 0029). Registry-wide: its metadata's member state is `*`.
 */
export type NotaryRestoreAccepted = Event<
  'NotaryRestoreAccepted',
  {
    /** The seal recorded outside the database, which the database lacks or holds otherwise. */
    readonly recordedSeal: SealReference;
    /** The database's latest seal, which the notary records instead; null when the database has none. */
    readonly databaseSeal: SealReference | null;
    /** The operator's reason, one line (`--reason`). */
    readonly reason: string;
  }
>;

export type NotaryEvent = NotaryRestoreAccepted;

/** Where the operator's acceptances go; no projection follows the `notary` category. */
export const NOTARY_RESTORES_STREAM = 'notary-restores';

/** The member state of events that concern the whole registry, as `ms: "*"` in a token means every member state. */
export const EVERY_MEMBER_STATE = '*';
