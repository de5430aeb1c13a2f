import { DomainError, isMemberState, type MemberState } from '@registry/domain';
import type { Actor } from './actor';

export const mayActFor = (actor: Actor, memberState: MemberState): boolean =>
  actor.memberStates === 'all' || actor.memberStates.includes(memberState);

/**
 * Whether the actor sees events of a member state in the log (log pages, histories). Registry-wide events (the
 * notary's, member state `*`) are of no one member state: readers of every member state see them, and those are
 * the readers that check the chain (ADR 0029).
 */
export const maySeeEventsOf = (actor: Actor, memberState: unknown): boolean =>
  isMemberState(memberState) ? mayActFor(actor, memberState) : actor.memberStates === 'all';

/** Creating a record for a member state the actor does not serve. */
export class OutsideMemberStateScope extends DomainError {
  readonly code = 'AUTH.OUTSIDE_MEMBER_STATE';
  readonly kind = 'Forbidden' as const;
  constructor(readonly memberState: MemberState) {
    super(`You may not record data for member state ${memberState}`, { memberState });
  }
}

export const assertMayActFor = (actor: Actor, memberState: MemberState): void => {
  if (!mayActFor(actor, memberState)) throw new OutsideMemberStateScope(memberState);
};
