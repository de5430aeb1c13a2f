import type { ChildEvent, InvestigationEvent, JudgmentEvent, ReportEvent, StatisticsEvent } from '@registry/domain';
import { categoryOf, logPositionSortKey, type RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { STATISTICS_TABLES } from '../migrations/1732350000000-statistics';
import { asRecorded, type Projection } from '../projector/projection';
import { applyChildEvent, applyInvestigationEvent, applyJudgmentEvent } from './case-facts';
import { applyStatisticsEvent } from './governance-facts';
import { applyReportEvent } from './report-facts';
import { withHeldWrites } from './held-writes';
import { insertRow } from './versioned-rows';

export const STATISTICS_PROJECTION = 'statistics';

/** The stat_report keys a batch's report events revise or read: report ids, and group roots of duplicate marks. */
const reportKeysOf = (events: readonly RecordedEvent[]): { report_id: string[]; group_root: string[] } => {
  const reportIds = new Set<string>();
  const groupRoots = new Set<string>();
  for (const event of events) {
    if (categoryOf(event.streamName) !== 'report' || event.type === 'ReportReceived') continue;
    const data = event.data as { reportId: string; duplicateOfReportId?: string };
    if (event.type === 'ReportMarkedDuplicate') {
      groupRoots.add(data.reportId);
      if (data.duplicateOfReportId) reportIds.add(data.duplicateOfReportId);
    } else {
      reportIds.add(data.reportId);
    }
  }
  return { report_id: [...reportIds], group_root: [...groupRoots] };
};

/**
 * Feeds every Art. 8 figure, the cohort, the quality matrix and the reconciliation from one checkpoint, so all
 * of them describe the same moment. Each applied event gets the next statistics sequence number (stat_log);
 * facts are versioned by it, which is what makes `--as-of` exact for any past event or date.
 */
export class StatisticsProjection implements Projection {
  readonly name = STATISTICS_PROJECTION;
  // 2: stat_judgment.decided_year (the quality matrix's pending judgments for (c)), filled by a rebuild.
  readonly version = 2;
  readonly filter = { streamCategories: ['report', 'investigation', 'child', 'judgment', 'statistics'] };
  readonly tables = STATISTICS_TABLES;
  // The figures' and as-of's ways in; `apply` finds rows by their ids, group roots and the log's global position.
  readonly queryIndexes = [
    'stat_log_position',
    'stat_log_recorded',
    'stat_report_year',
    'stat_report_year_history',
    'stat_investigation_year',
    'stat_child_year',
    'stat_judgment_year',
  ];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    // The last sequence number, and the events of the batch already in the statistics log (applied before:
    // a batch delivered again changes nothing), in one round trip.
    const [log] = await manager.query<{ seq: string | null; seen: string[] }[]>(
      `SELECT (SELECT max(seq) FROM stat_log)::text AS seq,
              array(SELECT global_position::text FROM stat_log WHERE global_position = ANY($1::bigint[])) AS seen`,
      [events.map((event) => event.globalPosition.toString())],
    );
    let seq = BigInt(log?.seq ?? 0);
    const applied = new Set(log?.seen ?? []);
    // Writes are held and sent together; the current report rows the batch will revise are read at once.
    const batch = withHeldWrites(manager);
    await batch.held.readAhead('stat_report', reportKeysOf(events));
    for (const event of events) {
      if (applied.has(event.globalPosition.toString())) continue;
      seq += 1n;
      const [major, minor] = logPositionSortKey(event.position);
      await insertRow(batch.manager, 'stat_log', {
        seq: seq.toString(),
        global_position: event.globalPosition.toString(),
        position_major: major.toString(),
        position_minor: minor.toString(),
        recorded_at: event.metadata.recordedAt,
        stream_name: event.streamName,
        event_type: event.type,
      });
      await this.applyOne(event, batch.manager, seq);
    }
    await batch.flush();
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
