import type { MemberState } from '../shared';
import type { PrivacyEvent } from './privacy.events';

export type Erasure = { readonly status: 'None' } | { readonly status: 'Erased'; readonly memberState: MemberState };

export const initialErasureState: Erasure = { status: 'None' };

export const evolveErasure = (state: Erasure, event: PrivacyEvent): Erasure =>
  event.type === 'PersonalDataErased' ? { status: 'Erased', memberState: event.data.memberState } : state;
