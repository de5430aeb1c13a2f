/** Nest injection token of the EventStore port (an interface, so it needs a token). */
export const EVENT_STORE = Symbol('EventStore');

/** Nest injection token of where the notary keeps its latest seal outside the database (ADR 0029). */
export const LATEST_NOTARY_SEAL = Symbol('LatestNotarySeal');
