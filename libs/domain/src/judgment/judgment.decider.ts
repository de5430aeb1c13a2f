import { assertNever, InvalidCommand, type Decider } from '../shared';
import type { OffenceId } from '../investigation/investigation.events';
import { distinct } from '../report/report-lookup';
import { sameIds, sameValue } from '../shared/same-value';
import type {
  JudgedInvestigation,
  JudgmentCommand,
  LodgeAppeal,
  RecordAppealOutcome,
  RecordFinality,
  RecordJudgment,
} from './judgment.commands';
import {
  AppealPending,
  ConvictedOffenceNotInInvestigation,
  JudgedPersonNotASuspect,
  JudgmentIdAlreadyUsed,
  JudgmentInvestigationNotFound,
  JudgmentIsFinal,
  JudgmentNotFound,
  NoAppealPending,
} from './judgment.errors';
import type { JudgmentEvent, JudgmentRecorded } from './judgment.events';
import { evolveJudgment, initialJudgmentState, type ExistingJudgment, type Judgment } from './judgment.state';
import type { JudgmentOutcome } from './judgment.vocabulary';

const decide = (command: JudgmentCommand, state: Judgment): JudgmentEvent[] => {
  switch (command.type) {
    case 'RecordJudgment':
      return record(command, state);
    case 'LodgeAppeal':
      return lodgeAppeal(command, state);
    case 'RecordAppealOutcome':
      return recordAppealOutcome(command, state);
    case 'RecordFinality':
      return recordFinality(command, state);
    default:
      return assertNever(command);
  }
};

const record = ({ data }: RecordJudgment, state: Judgment): JudgmentEvent[] => {
  const { investigation, ...rest } = data;
  const recorded: JudgmentRecorded['data'] = {
    ...rest,
    convictedOffenceIds: distinct(rest.convictedOffenceIds),
    numberOfCounts: rest.numberOfCounts ?? null,
  };
  if (state.status !== 'None') {
    // A retried RecordJudgment changes nothing; the same id with other facts is an error.
    const { convictedOffenceIds, ...known } = state.recorded;
    const { convictedOffenceIds: asked, ...facts } = recorded;
    if (sameValue(known, facts) && sameIds(convictedOffenceIds, asked)) return [];
    throw new JudgmentIdAlreadyUsed(data.judgmentId);
  }
  if (recorded.court.trim() === '') throw new InvalidCommand('court', 'a judgment names its court');
  const counts = recorded.numberOfCounts;
  if (counts !== null && (!Number.isInteger(counts) || counts < 1)) {
    throw new InvalidCommand('numberOfCounts', 'the number of counts is a whole number of at least 1');
  }
  requireConsistent(recorded.outcome, recorded.convictedOffenceIds);
  const judged = requireInvestigation(investigation, recorded);
  if (!judged.suspectPersonIds.includes(recorded.personId))
    throw new JudgedPersonNotASuspect(recorded.investigationId, recorded.personId);
  requireOffences(recorded.convictedOffenceIds, judged, recorded.investigationId);
  return [{ type: 'JudgmentRecorded', data: recorded }];
};

const lodgeAppeal = ({ data }: LodgeAppeal, state: Judgment): JudgmentEvent[] => {
  const judgment = requireExisting(state, data.judgmentId);
  if (judgment.isFinal) throw new JudgmentIsFinal(data.judgmentId);
  if (judgment.pendingAppeal) throw new AppealPending(data.judgmentId);
  if (isBefore(data.lodgedAt, judgment.lastDecidedAt))
    throw new InvalidCommand('lodgedAt', 'an appeal cannot precede the decision');
  return [{ type: 'AppealLodged', data }];
};

const recordAppealOutcome = ({ data }: RecordAppealOutcome, state: Judgment): JudgmentEvent[] => {
  const judgment = requireExisting(state, data.judgmentId);
  if (!judgment.pendingAppeal) throw new NoAppealPending(data.judgmentId);
  if (isBefore(data.decidedAt, judgment.pendingAppeal.lodgedAt)) {
    throw new InvalidCommand('decidedAt', 'an appeal cannot be decided before it was lodged');
  }
  const { standing, recorded } = judgment;
  const keptOffences =
    standing.outcome === 'CONVICTED' && data.newOutcome === 'CONVICTED' ? standing.convictedOffenceIds : [];
  const convictedOffenceIds = data.convictedOffenceIds ? distinct(data.convictedOffenceIds) : keptOffences;
  requireConsistent(data.newOutcome, convictedOffenceIds);
  // Offences this judgment convicted of before were checked then; only new ones need the investigation.
  const known = [...recorded.convictedOffenceIds, ...standing.convictedOffenceIds];
  const added = convictedOffenceIds.filter((offenceId) => !known.includes(offenceId));
  if (added.length > 0)
    requireOffences(added, requireInvestigation(data.investigation ?? null, recorded), recorded.investigationId);
  return [
    {
      type: 'JudgmentModifiedOnAppeal',
      data: {
        judgmentId: data.judgmentId,
        newOutcome: data.newOutcome,
        decidedAt: data.decidedAt,
        convictedOffenceIds,
      },
    },
  ];
};

const recordFinality = ({ data }: RecordFinality, state: Judgment): JudgmentEvent[] => {
  const judgment = requireExisting(state, data.judgmentId);
  if (judgment.isFinal) throw new JudgmentIsFinal(data.judgmentId);
  if (judgment.pendingAppeal) throw new AppealPending(data.judgmentId);
  if (isBefore(data.finalAt, judgment.lastDecidedAt))
    throw new InvalidCommand('finalAt', 'a judgment cannot become final before it was decided');
  return [{ type: 'JudgmentBecameFinal', data }];
};

const requireExisting = (state: Judgment, judgmentId: string): ExistingJudgment => {
  if (state.status === 'None') throw new JudgmentNotFound(judgmentId);
  return state;
};

/** A conviction names the offences; an acquittal or other outcome names none. */
const requireConsistent = (outcome: JudgmentOutcome, convictedOffenceIds: readonly OffenceId[]): void => {
  if (outcome === 'CONVICTED' && convictedOffenceIds.length === 0) {
    throw new InvalidCommand('convictedOffenceIds', 'a conviction names at least one offence');
  }
  if (outcome !== 'CONVICTED' && convictedOffenceIds.length > 0) {
    throw new InvalidCommand('convictedOffenceIds', `a judgment with outcome ${outcome} convicts of no offence`);
  }
};

const requireInvestigation = (
  investigation: JudgedInvestigation | null,
  judgment: Pick<JudgmentRecorded['data'], 'memberState' | 'investigationId'>,
): JudgedInvestigation => {
  // An investigation of another member state is reported exactly like a missing one.
  if (!investigation || investigation.memberState !== judgment.memberState)
    throw new JudgmentInvestigationNotFound(judgment.investigationId);
  return investigation;
};

const requireOffences = (
  offenceIds: readonly OffenceId[],
  investigation: JudgedInvestigation,
  investigationId: string,
): void => {
  const unknown = offenceIds.find((offenceId) => !investigation.offenceIds.includes(offenceId));
  if (unknown) throw new ConvictedOffenceNotInInvestigation(investigationId, unknown);
};

const isBefore = (instant: string, reference: string): boolean => Date.parse(instant) < Date.parse(reference);

export const judgmentDecider: Decider<JudgmentCommand, JudgmentEvent, Judgment> = {
  decide,
  evolve: evolveJudgment,
  initialState: initialJudgmentState,
};
