import type { ChildEvent } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { asRecorded, type Projection, type Recorded } from '../projector/projection';
import { advanceRevision } from './revision-guard';

/** Feeds `GET /children/{id}` and the report/investigation → children links. */
export class ChildRecordProjection implements Projection {
  readonly name = 'child-records';
  readonly filter = { streamCategories: ['child'] };
  readonly tables = ['child_record', 'child_report'];
  readonly queryIndexes = ['child_record_investigation', 'child_report_report'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) await this.applyOne(asRecorded<ChildEvent>(event), manager);
  }

  private async applyOne(event: Recorded<ChildEvent>, manager: EntityManager): Promise<void> {
    const at = event.metadata.recordedAt;
    if (event.type === 'ChildIdentified') {
      const { childId, memberState, investigationId, ...facts } = event.data;
      await manager.query(
        `INSERT INTO child_record (child_id, member_state, revision, investigation_id, facts, recorded_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (child_id) DO NOTHING`,
        [childId, memberState, event.streamRevision, investigationId, JSON.stringify(facts), at],
      );
      await replaceReportLinks(manager, childId, facts.linkedReportIds);
      return;
    }
    const childId = event.type === 'ChildRecordsMerged' ? event.data.duplicateChildId : event.data.childId;
    if (!(await advanceRevision(manager, 'child_record', 'child_id', childId, event.streamRevision, at))) return;
    if (event.type === 'ChildRecordsMerged') {
      await manager.query(`UPDATE child_record SET merged_into = $2 WHERE child_id = $1`, [childId, event.data.childId]);
      return;
    }
    const changes = Object.fromEntries(event.data.changes.map((change) => [change.field, change.newValue]));
    await manager.query(`UPDATE child_record SET facts = facts || $2::jsonb, correction_count = correction_count + 1 WHERE child_id = $1`, [
      childId,
      JSON.stringify(changes),
    ]);
    const linked = event.data.changes.find((change) => change.field === 'linkedReportIds');
    if (linked) await replaceReportLinks(manager, childId, linked.newValue as string[]);
  }
}

const replaceReportLinks = async (manager: EntityManager, childId: string, reportIds: readonly string[]): Promise<void> => {
  await manager.query(`DELETE FROM child_report WHERE child_id = $1`, [childId]);
  if (reportIds.length > 0) {
    await manager.query(`INSERT INTO child_report (child_id, report_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [childId, reportIds]);
  }
};
