import type { JudgmentEvent } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { asRecorded, type Projection, type Recorded } from '../projector/projection';
import { advanceRevision } from './revision-guard';

/** Feeds `GET /judgments/{id}` and the investigation → judgments links. */
export class JudgmentRecordProjection implements Projection {
  readonly name = 'judgment-records';
  readonly filter = { streamCategories: ['judgment'] };
  readonly tables = ['judgment_record'];
  readonly queryIndexes = ['judgment_record_investigation'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    for (const event of events) await this.applyOne(asRecorded<JudgmentEvent>(event), manager);
  }

  private async applyOne(event: Recorded<JudgmentEvent>, manager: EntityManager): Promise<void> {
    const { judgmentId } = event.data;
    const at = event.metadata.recordedAt;
    if (event.type === 'JudgmentRecorded') {
      const { data } = event;
      await manager.query(
        `INSERT INTO judgment_record (judgment_id, member_state, revision, investigation_id, person_id, court, decided_at, outcome,
           standing_outcome, convicted_offence_ids, number_of_counts, source, recorded_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11, $12, $12) ON CONFLICT (judgment_id) DO NOTHING`,
        [
          judgmentId,
          data.memberState,
          event.streamRevision,
          data.investigationId,
          data.personId,
          data.court,
          data.decidedAt,
          data.outcome,
          JSON.stringify(data.convictedOffenceIds),
          data.numberOfCounts,
          data.source,
          at,
        ],
      );
      return;
    }
    if (!(await advanceRevision(manager, 'judgment_record', 'judgment_id', judgmentId, event.streamRevision, at))) return;
    switch (event.type) {
      case 'AppealLodged':
        await manager.query(`UPDATE judgment_record SET appeals = appeals || $2::jsonb WHERE judgment_id = $1`, [
          judgmentId,
          JSON.stringify([{ lodgedAt: event.data.lodgedAt, by: event.data.by, outcome: null, decidedAt: null }]),
        ]);
        return;
      case 'JudgmentModifiedOnAppeal': {
        // The pending appeal (the last one) gets its outcome; the standing outcome follows it.
        const { newOutcome, decidedAt, convictedOffenceIds } = event.data;
        await manager.query(
          `UPDATE judgment_record SET standing_outcome = $2, convicted_offence_ids = $3,
             appeals = jsonb_set(appeals, ARRAY[(jsonb_array_length(appeals) - 1)::text], appeals -> (jsonb_array_length(appeals) - 1) || $4::jsonb)
           WHERE judgment_id = $1`,
          [judgmentId, newOutcome, JSON.stringify(convictedOffenceIds), JSON.stringify({ outcome: newOutcome, decidedAt })],
        );
        return;
      }
      case 'JudgmentBecameFinal':
        await manager.query(`UPDATE judgment_record SET final_at = $2 WHERE judgment_id = $1`, [judgmentId, event.data.finalAt]);
        return;
    }
  }
}
