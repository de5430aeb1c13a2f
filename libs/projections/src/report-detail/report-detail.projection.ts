import type { ReportEvent } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { asRecorded, type Projection, type Recorded } from '../projector/projection';
import { ReportDetail } from './report-detail.entity';

/** Feeds `GET /reports/{id}`. */
export class ReportDetailProjection implements Projection {
  readonly name = 'report-detail';
  readonly filter = { streamCategories: ['report'] };
  readonly tables = ['report_detail'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const recorded of events) await this.applyOne(asRecorded<ReportEvent>(recorded), manager);
  }

  private async applyOne(recorded: Recorded<ReportEvent>, manager: EntityManager): Promise<void> {
    const { reportId } = recorded.data;
    const repository = manager.getRepository(ReportDetail);
    if (recorded.type === 'ReportReceived') {
      const { reportId: _id, memberState, ...facts } = recorded.data;
      // Insert only: a redelivered ReportReceived must not undo the events applied after it.
      await manager.query(
        `INSERT INTO report_detail (report_id, member_state, revision, facts, correction_count, recorded_at, updated_at)
         VALUES ($1, $2, $3, $4, 0, $5, $5) ON CONFLICT (report_id) DO NOTHING`,
        [reportId, memberState, recorded.streamRevision, JSON.stringify(facts), recorded.metadata.recordedAt],
      );
      return;
    }
    const row = await repository.findOne({ where: { reportId } });
    // Already reflected (a redelivery) or its ReportReceived is unknown: nothing to do.
    if (!row || row.revision >= recorded.streamRevision) return;
    row.revision = recorded.streamRevision;
    row.updatedAt = new Date(recorded.metadata.recordedAt);
    switch (recorded.type) {
      case 'ReportAssessed':
        row.assessment = { actionable: recorded.data.actionable, reasonIfNot: recorded.data.reasonIfNot, assessedAt: recorded.data.assessedAt };
        break;
      case 'ReportMarkedDuplicate':
        row.duplicateOf = recorded.data.duplicateOfReportId;
        row.duplicateBasis = recorded.data.basis;
        break;
      case 'ReportCorrected':
        row.facts = recorded.data.changes.reduce((facts, change) => ({ ...facts, [change.field]: change.newValue }), row.facts);
        row.correctionCount += 1;
        break;
      case 'ReportWithdrawn':
        row.withdrawnReason = recorded.data.reason;
        break;
    }
    await repository.save(row);
  }
}
