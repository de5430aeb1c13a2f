import { fold } from '../shared';
import { investigationDecider } from '../investigation/investigation.decider';
import { aCaseWithSuspect, anOffenceId, aPersonId } from '../investigation/investigation.fixtures';
import { judgedInvestigationOf } from './judgment.commands';
import { judgmentDecider } from './judgment.decider';
import { hasStandingConviction } from './judgment.state';
import {
  acquittalRecorded,
  appealDecidedAt,
  appealLodged,
  becameFinal,
  decidedAt,
  judgmentRecorded,
  modifiedOnAppeal,
} from './judgment.fixtures';

describe('the judgment state', () => {
  const unknown = { type: 'SomethingElseHappened', data: {} } as never;

  it('changes nothing for an unknown event', () => {
    const judgment = fold(judgmentDecider, [judgmentRecorded()]);
    expect(judgmentDecider.evolve(judgment, unknown)).toBe(judgment);
    expect(judgmentDecider.evolve(judgmentDecider.initialState, unknown)).toBe(judgmentDecider.initialState);
  });

  it('ignores facts that arrive before the judgment, without throwing', () =>
    expect(fold(judgmentDecider, [appealLodged(), modifiedOnAppeal('ACQUITTED'), becameFinal()])).toEqual({
      status: 'None',
    }));

  it('shows a pending appeal and a judgment that is not final', () =>
    expect(fold(judgmentDecider, [judgmentRecorded(), appealLodged()])).toMatchObject({
      status: 'Recorded',
      isFinal: false,
      pendingAppeal: { by: 'DEFENCE' },
    }));

  it('loses the conviction when acquitted on appeal', () => {
    const judgment = fold(judgmentDecider, [
      judgmentRecorded(),
      appealLodged(),
      modifiedOnAppeal('ACQUITTED'),
      becameFinal(),
    ]);
    expect(judgment).toMatchObject({
      status: 'Final',
      isFinal: true,
      pendingAppeal: null,
      standing: { outcome: 'ACQUITTED' },
    });
    expect(hasStandingConviction(judgment)).toBe(false);
  });

  it('keeps the first-instance date of a conviction upheld on appeal', () =>
    expect(
      fold(judgmentDecider, [judgmentRecorded(), appealLodged(), modifiedOnAppeal('CONVICTED', [anOffenceId])]),
    ).toMatchObject({
      standing: { outcome: 'CONVICTED', decidedAt },
      lastDecidedAt: appealDecidedAt,
    }));

  it('dates a conviction on appeal of an acquittal by the appeal decision', () => {
    const judgment = fold(judgmentDecider, [
      acquittalRecorded(),
      appealLodged('PROSECUTION'),
      modifiedOnAppeal('CONVICTED', [anOffenceId]),
    ]);
    expect(judgment).toMatchObject({
      standing: { outcome: 'CONVICTED', convictedOffenceIds: [anOffenceId], decidedAt: appealDecidedAt },
    });
    expect(hasStandingConviction(judgment)).toBe(true);
  });
});

describe('the investigation as the handler passes it', () => {
  it('is null when the investigation stream has no events', () =>
    expect(judgedInvestigationOf(investigationDecider.initialState)).toBeNull());

  it('carries the member state, suspects and offences', () =>
    expect(judgedInvestigationOf(fold(investigationDecider, aCaseWithSuspect()))).toEqual({
      memberState: 'NL',
      suspectPersonIds: [aPersonId],
      offenceIds: [anOffenceId],
    }));
});
