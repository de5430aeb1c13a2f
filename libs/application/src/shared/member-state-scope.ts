import { DomainError, type MemberState } from '@registry/domain';
import type { Actor } from './actor';

export const mayActFor = (actor: Actor, memberState: MemberState): boolean =>
  actor.memberStates === 'all' || actor.memberStates.includes(memberState);

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
