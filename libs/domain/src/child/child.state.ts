import type { MemberState } from '../shared';
import type { InvestigationId } from '../investigation/investigation.events';
import type { ChildEvent, ChildFacts, ChildId } from './child.events';

export type Child =
  | { readonly status: 'None' }
  | {
      /** Merged: a duplicate record, counted as the child it was merged into. */
      readonly status: 'Identified' | 'Merged';
      readonly childId: ChildId;
      readonly memberState: MemberState;
      readonly investigationId: InvestigationId;
      /** As first recorded: a repeat of IdentifyChild is compared with these, not with corrected facts. */
      readonly recordedFacts: ChildFacts;
      readonly facts: ChildFacts;
      readonly mergedInto: ChildId | null;
    };

export type ExistingChild = Exclude<Child, { status: 'None' }>;

export const initialChildState: Child = { status: 'None' };

export const evolveChild = (state: Child, event: ChildEvent): Child => {
  if (event.type === 'ChildIdentified') {
    const { childId, memberState, investigationId, ...facts } = event.data;
    return {
      status: 'Identified',
      childId,
      memberState,
      investigationId,
      recordedFacts: facts,
      facts,
      mergedInto: null,
    };
  }
  if (state.status === 'None') return state;
  switch (event.type) {
    case 'ChildRecordCorrected':
      return {
        ...state,
        facts: event.data.changes.reduce<ChildFacts>(
          (facts, change) => ({ ...facts, [change.field]: change.newValue }),
          state.facts,
        ),
      };
    case 'ChildRecordsMerged':
      return { ...state, status: 'Merged', mergedInto: event.data.childId };
    default:
      return state;
  }
};
