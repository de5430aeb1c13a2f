import { isMemberState, yearInMemberState, type ChildEvent, type InvestigationEvent, type JudgmentEvent } from '@registry/domain';
import type { EntityManager } from 'typeorm';
import type { Recorded } from '../projector/projection';
import { currentVersion, openVersion, reviseVersions, type Row } from './versioned-rows';

const yearIn = (instant: string, memberState: string): number =>
  isMemberState(memberState) ? yearInMemberState(instant, memberState) : new Date(instant).getUTCFullYear();

/** Investigation events → stat_investigation, its report links, offences and charges. */
export const applyInvestigationEvent = async (manager: EntityManager, event: Recorded<InvestigationEvent>, seq: bigint): Promise<void> => {
  const { investigationId } = event.data;
  const link = async (reportId: string) => {
    if (!(await currentVersion(manager, 'stat_investigation_report', { investigation_id: investigationId, report_id: reportId }))) {
      await openVersion(manager, 'stat_investigation_report', { investigation_id: investigationId, report_id: reportId }, seq);
    }
  };
  switch (event.type) {
    case 'InvestigationOpened': {
      const { memberState, openedAt, reportIds } = event.data;
      const row = { investigation_id: investigationId, member_state: memberState, year: yearIn(openedAt, memberState), opened_at: openedAt, is_closed: false };
      await openVersion(manager, 'stat_investigation', row, seq);
      for (const reportId of reportIds) await link(reportId);
      return;
    }
    case 'ReportLinkedToInvestigation':
      return link(event.data.reportId);
    case 'OffenceClassified':
      return openVersion(manager, 'stat_offence', { investigation_id: investigationId, offence_id: event.data.offenceId, online_nexus: event.data.onlineNexus }, seq);
    case 'ChargeFiled':
      return openVersion(manager, 'stat_charge', { investigation_id: investigationId, person_id: event.data.personId, filed_at: event.data.filedAt }, seq);
    case 'InvestigationClosed':
      await reviseVersions(manager, 'stat_investigation', { investigation_id: investigationId }, { is_closed: true }, seq);
      return;
    case 'SuspectIdentified':
      return;
  }
};

/** Child events → stat_child and its report links. A merged record is kept but no longer counted. */
export const applyChildEvent = async (manager: EntityManager, event: Recorded<ChildEvent>, seq: bigint): Promise<void> => {
  const linkReports = async (childId: string, reportIds: readonly string[]) => {
    await manager.query(`UPDATE stat_child_report SET valid_to = $2 WHERE child_id = $1 AND valid_to IS NULL`, [childId, seq.toString()]);
    for (const reportId of new Set(reportIds)) await openVersion(manager, 'stat_child_report', { child_id: childId, report_id: reportId }, seq);
  };
  switch (event.type) {
    case 'ChildIdentified': {
      const { data } = event;
      await openVersion(
        manager,
        'stat_child',
        {
          child_id: data.childId,
          member_state: data.memberState,
          investigation_id: data.investigationId,
          year: yearIn(data.identifiedAt, data.memberState),
          identified_at: data.identifiedAt,
          sex: data.sex,
          identification_route: data.identificationRoute,
          is_merged: false,
        },
        seq,
      );
      await linkReports(data.childId, data.linkedReportIds);
      return;
    }
    case 'ChildRecordCorrected': {
      const { childId } = event.data;
      const current = await currentVersion(manager, 'stat_child', { child_id: childId });
      if (!current) return;
      const changes: Row = {};
      for (const { field, newValue } of event.data.changes) {
        if (field === 'identifiedAt') Object.assign(changes, { identified_at: newValue, year: yearIn(newValue as string, String(current.member_state).trim()) });
        if (field === 'sex') changes.sex = newValue;
        if (field === 'identificationRoute') changes.identification_route = newValue;
        if (field === 'linkedReportIds') await linkReports(childId, newValue as string[]);
      }
      if (Object.keys(changes).length > 0) await reviseVersions(manager, 'stat_child', { child_id: childId }, changes, seq);
      return;
    }
    case 'ChildRecordsMerged':
      await reviseVersions(manager, 'stat_child', { child_id: event.data.duplicateChildId }, { is_merged: true }, seq);
      return;
  }
};

/** Judgment events → stat_judgment: the standing outcome, its conviction date, its first decision's year, finality. */
export const applyJudgmentEvent = async (manager: EntityManager, event: Recorded<JudgmentEvent>, seq: bigint): Promise<void> => {
  const { judgmentId } = event.data;
  switch (event.type) {
    case 'JudgmentRecorded': {
      const { data } = event;
      const isConviction = data.outcome === 'CONVICTED';
      await openVersion(
        manager,
        'stat_judgment',
        {
          judgment_id: judgmentId,
          member_state: data.memberState,
          investigation_id: data.investigationId,
          person_id: data.personId,
          standing_outcome: data.outcome,
          conviction_decided_at: isConviction ? data.decidedAt : null,
          conviction_year: isConviction ? yearIn(data.decidedAt, data.memberState) : null,
          decided_year: yearIn(data.decidedAt, data.memberState),
          convicted_offence_ids: data.convictedOffenceIds,
          is_final: false,
        },
        seq,
      );
      return;
    }
    case 'JudgmentModifiedOnAppeal': {
      const current = await currentVersion(manager, 'stat_judgment', { judgment_id: judgmentId });
      if (!current) return;
      const { newOutcome, decidedAt, convictedOffenceIds } = event.data;
      // A conviction upheld on appeal keeps its first-instance date (and year); one first reached on appeal takes the appeal's.
      const wasConvicted = current.standing_outcome === 'CONVICTED';
      const convictionDate = newOutcome !== 'CONVICTED' ? null : wasConvicted ? current.conviction_decided_at : decidedAt;
      const memberState = String(current.member_state).trim();
      await reviseVersions(
        manager,
        'stat_judgment',
        { judgment_id: judgmentId },
        {
          standing_outcome: newOutcome,
          conviction_decided_at: convictionDate,
          conviction_year: newOutcome !== 'CONVICTED' ? null : wasConvicted ? current.conviction_year : yearIn(decidedAt, memberState),
          convicted_offence_ids: convictedOffenceIds,
        },
        seq,
      );
      return;
    }
    case 'JudgmentBecameFinal':
      await reviseVersions(manager, 'stat_judgment', { judgment_id: judgmentId }, { is_final: true }, seq);
      return;
    case 'AppealLodged':
      return;
  }
};
