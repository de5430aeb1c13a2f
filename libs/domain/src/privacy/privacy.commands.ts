import type { Command } from '../shared';
import type { PersonalDataErased } from './privacy.events';

export type ErasePersonalData = Command<'ErasePersonalData', PersonalDataErased['data']>;

export type PrivacyCommand = ErasePersonalData;
