import type { ChildEvent, InvestigationEvent, JudgmentEvent, ReportEvent, StatisticsEvent } from '@registry/domain';
import { categoryOf, logPositionSortKey, type RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { STATISTICS_TABLES } from '../migrations/1732350000000-statistics';
import { asRecorded, type Projection } from '../projector/projection';
import { applyChildEvent, applyInvestigationEvent, applyJudgmentEvent } from './case-facts';
import { applyStatisticsEvent } from './governance-facts';
import { applyReportEvent } from './report-facts';

export const STATISTICS_PROJECTION = 'statistics';

/**
 * Feeds every Art. 8 figure, the cohort, the quality matrix and the reconciliation from one checkpoint, so all
 * of them describe the same moment. Each applied event gets the next statistics sequence number (stat_log);
 * facts are versioned by it, which is what makes `--as-of` exact for any past event or date.
 */
export class StatisticsProjection implements Projection {
  readonly name = STATISTICS_PROJECTION;
  readonly filter = { streamCategories: ['report', 'investigation', 'child', 'judgment', 'statistics'] };
  readonly tables = STATISTICS_TABLES;

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const [last] = await manager.query<{ seq: string | null }[]>(`SELECT max(seq) AS seq FROM stat_log`);
    let seq = BigInt(last?.seq ?? 0);
    for (const event of events) {
      // Idempotent: an event already in the statistics log was applied before.
      const [seen] = await manager.query<unknown[]>(`SELECT 1 FROM stat_log WHERE global_position = $1`, [event.globalPosition.toString()]);
      if (seen) continue;
      seq += 1n;
      const [major, minor] = logPositionSortKey(event.position);
      await manager.query(
        `INSERT INTO stat_log (seq, global_position, position_major, position_minor, recorded_at, stream_name, event_type) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [seq.toString(), event.globalPosition.toString(), major.toString(), minor.toString(), event.metadata.recordedAt, event.streamName, event.type],
      );
      await this.applyOne(event, manager, seq);
    }
  }

  private async applyOne(event: RecordedEvent, manager: EntityManager, seq: bigint): Promise<void> {
    switch (categoryOf(event.streamName)) {
      case 'report':
        return applyReportEvent(manager, asRecorded<ReportEvent>(event), seq);
      case 'investigation':
        return applyInvestigationEvent(manager, asRecorded<InvestigationEvent>(event), seq);
      case 'child':
        return applyChildEvent(manager, asRecorded<ChildEvent>(event), seq);
      case 'judgment':
        return applyJudgmentEvent(manager, asRecorded<JudgmentEvent>(event), seq);
      case 'statistics':
        return applyStatisticsEvent(manager, asRecorded<StatisticsEvent>(event), seq);
    }
  }
}
