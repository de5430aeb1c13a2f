import { isMemberState, yearInMemberState, type ReportEvent, type ReportFacts } from '@registry/domain';
import type { EntityManager } from 'typeorm';
import type { Recorded } from '../projector/projection';
import { currentVersion, openVersion, reviseVersions, type Row } from './versioned-rows';

/** The stat_report column(s) of each correctable report fact that statistics count by. */
const COLUMNS_OF: Partial<Record<keyof ReportFacts, (value: never, memberState: string) => Row>> = {
  receivedAt: (value: string, memberState) => ({
    received_at: value,
    year: isMemberState(memberState) ? yearInMemberState(value, memberState) : new Date(value).getUTCFullYear(),
  }),
  reporterKind: (value: string) => ({ reporter_kind: value }),
  sourceChannel: (value: string) => ({ source_channel: value }),
  provider: (value: ReportFacts['provider']) => ({ provider_type: value.providerType }),
  contentCategory: (value: string) => ({ content_category: value }),
  countUnit: (value: string) => ({ count_unit: value }),
  // The reconciliation counts NCMEC reports that carry a CyberTipline reference: a corrected reference counts too.
  externalReference: (value: string | null) => ({ has_external_reference: value !== null }),
  detectedUnderArt3: (value: boolean | null) => ({ detected_under_art3: value }),
};

/** Report events → versions of stat_report (one row per report; duplicate groups by their root). */
export const applyReportEvent = async (manager: EntityManager, event: Recorded<ReportEvent>, seq: bigint): Promise<void> => {
  const { reportId } = event.data;
  switch (event.type) {
    case 'ReportReceived': {
      const { data } = event;
      await openVersion(
        manager,
        'stat_report',
        {
          report_id: reportId,
          member_state: data.memberState,
          year: yearInMemberState(data.receivedAt, data.memberState),
          received_at: data.receivedAt,
          reporter_kind: data.reporterKind,
          source_channel: data.sourceChannel,
          provider_type: data.provider.providerType,
          content_category: data.contentCategory,
          count_unit: data.countUnit,
          detected_under_art3: data.detectedUnderArt3,
          has_external_reference: data.externalReference !== null,
          actionable: null,
          is_withdrawn: false,
          group_root: reportId,
        },
        seq,
      );
      return;
    }
    case 'ReportAssessed':
      await reviseVersions(manager, 'stat_report', { report_id: reportId }, { actionable: event.data.actionable }, seq);
      return;
    case 'ReportWithdrawn':
      await reviseVersions(manager, 'stat_report', { report_id: reportId }, { is_withdrawn: true }, seq);
      return;
    case 'ReportCorrected': {
      const current = await currentVersion(manager, 'stat_report', { report_id: reportId });
      if (!current) return;
      const memberState = String(current.member_state).trim();
      const changes = Object.assign({}, ...event.data.changes.map((change) => COLUMNS_OF[change.field]?.(change.newValue as never, memberState) ?? {})) as Row;
      if (Object.keys(changes).length > 0) await reviseVersions(manager, 'stat_report', { report_id: reportId }, changes, seq);
      return;
    }
    case 'ReportMarkedDuplicate': {
      // The report's whole group joins the target's group, so groups never chain.
      const target = await currentVersion(manager, 'stat_report', { report_id: event.data.duplicateOfReportId });
      const root = (target?.group_root as string | undefined) ?? event.data.duplicateOfReportId;
      if (root !== reportId) await reviseVersions(manager, 'stat_report', { group_root: reportId }, { group_root: root }, seq);
      return;
    }
  }
};
