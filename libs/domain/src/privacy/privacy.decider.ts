import type { Decider } from '../shared';
import type { PrivacyCommand } from './privacy.commands';
import type { PrivacyEvent } from './privacy.events';
import { evolveErasure, initialErasureState, type Erasure } from './privacy.state';

/** Erasing twice changes nothing: the key is already gone and the first erasure is the record. */
const decide = (command: PrivacyCommand, state: Erasure): PrivacyEvent[] =>
  state.status === 'Erased' ? [] : [{ type: 'PersonalDataErased', data: command.data }];

export const privacyDecider: Decider<PrivacyCommand, PrivacyEvent, Erasure> = {
  decide,
  evolve: evolveErasure,
  initialState: initialErasureState,
};
