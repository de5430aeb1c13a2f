import { isMemberState, yearInMemberState, type ReportEvent, type ReportFacts } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { asRecorded, type Projection, type Recorded } from '../projector/projection';

/** Column of art8_report for each correctable fact that Art. 8(1)(a) counts by. */
const COLUMN_OF: Partial<Record<keyof ReportFacts, (value: never) => [string, unknown][]>> = {
  reporterKind: (value: string) => [['reporter_kind', value]],
  sourceChannel: (value: string) => [['source_channel', value]],
  provider: (value: ReportFacts['provider']) => [['provider_type', value.providerType]],
  contentCategory: (value: string) => [['content_category', value]],
  countUnit: (value: string) => [['count_unit', value]],
  detectedUnderArt3: (value: boolean | null) => [['detected_under_art3', value]],
};

/** Feeds the Art. 8(1)(a) figures: one row per report, duplicate groups resolved to their root. */
export class ReportStatisticProjection implements Projection {
  readonly name = 'art8-reports';
  readonly filter = { streamCategories: ['report'] };
  readonly tables = ['art8_report'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) await this.applyOne(asRecorded<ReportEvent>(recorded), manager);
  }

  private async applyOne(event: Recorded<ReportEvent>, manager: EntityManager): Promise<void> {
    const { reportId } = event.data;
    if (event.type === 'ReportReceived') {
      const { data } = event;
      await manager.query(
        `INSERT INTO art8_report (report_id, member_state, year, received_at, reporter_kind, source_channel, provider_type,
           content_category, count_unit, detected_under_art3, has_external_reference, actionable, is_withdrawn, group_root, revision)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, false, $1, $12) ON CONFLICT (report_id) DO NOTHING`,
        [
          reportId,
          data.memberState,
          yearInMemberState(data.receivedAt, data.memberState),
          data.receivedAt,
          data.reporterKind,
          data.sourceChannel,
          data.provider.providerType,
          data.contentCategory,
          data.countUnit,
          data.detectedUnderArt3,
          data.externalReference !== null,
          event.streamRevision,
        ],
      );
      return;
    }
    // Apply each later event once: the row remembers the last stream revision it reflects.
    const [row] = await manager.query<{ member_state: string }[]>(`SELECT member_state FROM art8_report WHERE report_id = $1 AND revision < $2`, [
      reportId,
      event.streamRevision,
    ]);
    if (!row) return;
    const set = async (assignments: [string, unknown][]) => {
      const columns = [...assignments, ['revision', event.streamRevision] as [string, unknown]];
      await manager.query(
        `UPDATE art8_report SET ${columns.map(([column], index) => `${column} = $${index + 2}`).join(', ')} WHERE report_id = $1`,
        [reportId, ...columns.map(([, value]) => value)],
      );
    };
    switch (event.type) {
      case 'ReportAssessed':
        return set([['actionable', event.data.actionable]]);
      case 'ReportWithdrawn':
        return set([['is_withdrawn', true]]);
      case 'ReportCorrected': {
        const memberState = row.member_state.trim();
        const assignments = event.data.changes.flatMap((change): [string, unknown][] => {
          if (change.field === 'receivedAt' && isMemberState(memberState)) {
            const receivedAt = change.newValue as string;
            return [['received_at', receivedAt], ['year', yearInMemberState(receivedAt, memberState)]];
          }
          return COLUMN_OF[change.field]?.(change.newValue as never) ?? [];
        });
        return set(assignments);
      }
      case 'ReportMarkedDuplicate': {
        // The whole group of this report joins the target's group, so groups never chain.
        const [target] = await manager.query<{ group_root: string }[]>(`SELECT group_root FROM art8_report WHERE report_id = $1`, [
          event.data.duplicateOfReportId,
        ]);
        const root = target?.group_root ?? event.data.duplicateOfReportId;
        await manager.query(`UPDATE art8_report SET group_root = $2 WHERE group_root = $1`, [reportId, root]);
        return set([]);
      }
    }
  }
}
