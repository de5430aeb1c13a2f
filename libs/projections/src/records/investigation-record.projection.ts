import type { InvestigationEvent } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { asRecorded, type Projection, type Recorded } from '../projector/projection';
import { advanceRevision } from './revision-guard';

/** Feeds `GET /investigations/{id}` and the report ↔ investigation links. */
export class InvestigationRecordProjection implements Projection {
  readonly name = 'investigation-records';
  readonly filter = { streamCategories: ['investigation'] };
  readonly tables = ['investigation_record', 'investigation_report'];
  readonly queryIndexes = ['investigation_report_report'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) await this.applyOne(asRecorded<InvestigationEvent>(event), manager);
  }

  private async applyOne(event: Recorded<InvestigationEvent>, manager: EntityManager): Promise<void> {
    const { investigationId } = event.data;
    const at = event.metadata.recordedAt;
    if (event.type === 'InvestigationOpened') {
      const { memberState, openedAt, trigger, reportIds } = event.data;
      await manager.query(
        `INSERT INTO investigation_record (investigation_id, member_state, revision, opened_at, trigger, recorded_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (investigation_id) DO NOTHING`,
        [investigationId, memberState, event.streamRevision, openedAt, trigger, at],
      );
      await linkReports(manager, investigationId, reportIds);
      return;
    }
    if (!(await advanceRevision(manager, 'investigation_record', 'investigation_id', investigationId, event.streamRevision, at))) return;
    const appendTo = (column: string, item: unknown) =>
      manager.query(`UPDATE investigation_record SET ${column} = ${column} || $2::jsonb WHERE investigation_id = $1`, [
        investigationId,
        JSON.stringify([item]),
      ]);
    switch (event.type) {
      case 'ReportLinkedToInvestigation':
        return linkReports(manager, investigationId, [event.data.reportId]);
      case 'OffenceClassified': {
        const { investigationId: _id, ...offence } = event.data;
        await appendTo('offences', offence);
        return;
      }
      case 'SuspectIdentified':
        await appendTo('suspects', {
          personId: event.data.personId,
          linkedReportIds: event.data.linkedReportIds,
          identifiedAt: at,
          ...(event.data.notes ? { notes: event.data.notes } : {}),
        });
        return;
      case 'ChargeFiled':
        await appendTo('charges', { personId: event.data.personId, offenceIds: event.data.offenceIds, filedAt: event.data.filedAt });
        return;
      case 'InvestigationClosed':
        await manager.query(`UPDATE investigation_record SET outcome = $2, closed_at = $3 WHERE investigation_id = $1`, [
          investigationId,
          event.data.outcome,
          event.data.closedAt,
        ]);
        return;
    }
  }
}

const linkReports = async (manager: EntityManager, investigationId: string, reportIds: readonly string[]): Promise<void> => {
  if (reportIds.length === 0) return;
  await manager.query(
    `INSERT INTO investigation_report (investigation_id, report_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`,
    [investigationId, reportIds],
  );
};
