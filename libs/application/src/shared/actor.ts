import type { MemberState } from '@registry/domain';

export const ROLES = ['recorder', 'statistician', 'statistician-exact', 'auditor', 'admin', 'system'] as const;
export type Role = (typeof ROLES)[number];

/** Who issues a command or query, and for which member states they may act. */
export interface Actor {
  readonly userId: string;
  readonly role: Role;
  /** The member states whose records the actor may see and change; 'all' for admins and the system. */
  readonly memberStates: readonly MemberState[] | 'all';
}

/** The registry itself, e.g. for automatic duplicate marking at intake. */
export const SYSTEM_ACTOR: Actor = { userId: 'system', role: 'system', memberStates: 'all' };

/** Per-request facts that every event's metadata carries. */
export interface RequestContext {
  readonly actor: Actor;
  readonly correlationId: string;
  /** Idempotency-Key or import line identity: replays of the same command append nothing. */
  readonly commandId?: string;
  /** HTTP If-Match: the stream revision the client expects. */
  readonly expectedRevision?: number;
  /** Who imported the command, when its import line names another actor (the one who recorded it originally). */
  readonly importedBy?: Actor;
}
