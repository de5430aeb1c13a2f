import { DeciderSpecification } from '@registry/testing';
import { fold } from '../shared';
import { childDecider } from './child.decider';
import { childInvestigationOf, mergeTargetOf } from './child.commands';
import { investigationDecider } from '../investigation/investigation.decider';
import { opened } from '../investigation/investigation.fixtures';
import { ChildMergeTargetInvalid, ChildNotFound, ChildRecordIsMerged } from './child.errors';
import {
  aChildId,
  anotherChildId,
  aThirdChildId,
  childIdentified,
  childRecordCorrected,
  childRecordsMerged,
  mergeChildRecords,
  mergeTarget,
  someChildFacts,
} from './child.fixtures';

const given = DeciderSpecification.for(childDecider);

describe('merging a duplicate child record', () => {
  it('records on the duplicate that it is the same child as the target', () =>
    given([childIdentified()]).when(mergeChildRecords()).then([childRecordsMerged()]));

  it('refuses a target that does not exist', () =>
    given([childIdentified()])
      .when(mergeChildRecords(null))
      .thenThrows(ChildMergeTargetInvalid, 'CHILD.MERGE_TARGET_INVALID'));

  it('refuses a target of another member state as if it did not exist', () =>
    given([childIdentified()])
      .when(mergeChildRecords(mergeTarget({ memberState: 'BE' })))
      .thenThrows(ChildMergeTargetInvalid));

  it('refuses a target that was itself merged', () =>
    given([childIdentified()])
      .when(mergeChildRecords(mergeTarget({ mergedInto: aThirdChildId })))
      .thenThrows(ChildMergeTargetInvalid));

  it('refuses to merge a record into itself', () =>
    given([childIdentified()]).when(mergeChildRecords(mergeTarget(), aChildId)).thenThrows(ChildMergeTargetInvalid));

  it('records nothing when merged again into the same child', () =>
    given([childIdentified(), childRecordsMerged()]).when(mergeChildRecords()).thenNothingHappens());

  it('refuses a further merge into another child', () =>
    given([childIdentified(), childRecordsMerged()])
      .when(mergeChildRecords(mergeTarget(), aThirdChildId))
      .thenThrows(ChildRecordIsMerged, 'CHILD.MERGED'));

  it('cannot merge a record that does not exist', () => given([]).when(mergeChildRecords()).thenThrows(ChildNotFound));
});

describe('the child state', () => {
  const unknown = { type: 'SomethingElseHappened', data: {} } as never;

  it('changes nothing for an unknown event', () => {
    const child = fold(childDecider, [childIdentified()]);
    expect(childDecider.evolve(child, unknown)).toBe(child);
    expect(childDecider.evolve(childDecider.initialState, unknown)).toBe(childDecider.initialState);
  });

  it('ignores facts that arrive before the identification, without throwing', () =>
    expect(
      fold(childDecider, [
        childRecordCorrected([{ field: 'sex', oldValue: 'FEMALE', newValue: 'MALE' }]),
        childRecordsMerged(),
      ]),
    ).toEqual({
      status: 'None',
    }));

  it('holds the corrected facts and the record it was merged into', () => {
    const child = fold(childDecider, [
      childIdentified(),
      childRecordCorrected([{ field: 'sex', oldValue: 'FEMALE', newValue: 'NOT_STATED' }]),
      childRecordsMerged(),
    ]);
    expect(child).toMatchObject({
      status: 'Merged',
      mergedInto: anotherChildId,
      facts: someChildFacts({ sex: 'NOT_STATED' }),
    });
    expect(mergeTargetOf(child)).toEqual({ memberState: 'NL', mergedInto: anotherChildId });
  });

  it('is no merge target when the stream has no events', () =>
    expect(mergeTargetOf(childDecider.initialState)).toBeNull());
});

describe('the investigation as the handler passes it', () => {
  it('is null when the investigation stream has no events', () =>
    expect(childInvestigationOf(investigationDecider.initialState)).toBeNull());

  it('carries the member state', () =>
    expect(childInvestigationOf(fold(investigationDecider, [opened({ memberState: 'BE' })]))).toEqual({
      memberState: 'BE',
    }));
});
