import type { ReportEvent } from '@registry/domain';
import type { RecordedEvent } from '@registry/event-store';
import type { EntityManager } from 'typeorm';
import { insertColumns } from '../projector/bulk-insert';
import { asRecorded, type Projection, type Recorded } from '../projector/projection';

/** A report_detail row as SQL reads and writes it (a type, not an interface: it is also a plain record). */
type DetailRow = {
  report_id: string;
  member_state: string;
  revision: number;
  facts: Record<string, unknown>;
  assessment: { actionable: boolean; reasonIfNot: string | null; assessedAt: string } | null;
  duplicate_of: string | null;
  duplicate_basis: string | null;
  correction_count: number;
  withdrawn_reason: string | null;
  recorded_at: string | Date;
  updated_at: string | Date;
};

const COLUMN_TYPES = {
  report_id: 'uuid',
  member_state: 'char(2)',
  revision: 'int',
  facts: 'jsonb',
  assessment: 'jsonb',
  duplicate_of: 'uuid',
  duplicate_basis: 'text',
  correction_count: 'int',
  withdrawn_reason: 'text',
  recorded_at: 'timestamptz',
  updated_at: 'timestamptz',
} satisfies Record<keyof DetailRow, string>;
const COLUMN_NAMES = Object.keys(COLUMN_TYPES);
/** Rows sent as one JSON array, read back as a record set. */
const ROWS = `jsonb_to_recordset($1::jsonb) AS x(${Object.entries(COLUMN_TYPES).map(([column, type]) => `${column} ${type}`).join(', ')})`;

/**
 * Feeds `GET /reports/{id}`. A batch is applied set-wise: one read of the rows it touches, the events folded
 * into them in log order, then one write of the new rows (COPY when there are many) and one UPDATE of the
 * changed ones.
 */
export class ReportDetailProjection implements Projection {
  readonly name = 'report-detail';
  readonly filter = { streamCategories: ['report'] };
  readonly tables = ['report_detail'];

  async apply(events: readonly RecordedEvent[], manager: EntityManager): Promise<void> {
    const ids = [...new Set(events.map((event) => idOf(asRecorded<ReportEvent>(event))))];
    const stored = await manager.query<DetailRow[]>(`SELECT * FROM report_detail WHERE report_id = ANY($1::uuid[])`, [ids]);
    const rows = new Map(stored.map((row) => [row.report_id, row]));
    const added = new Set<string>();
    const changed = new Set<string>();
    for (const event of events) {
      const recorded = asRecorded<ReportEvent>(event);
      const id = idOf(recorded);
      if (recorded.type === 'ReportReceived') {
        // Insert only: a redelivered ReportReceived must not undo the events applied after it.
        if (!rows.has(id)) {
          rows.set(id, received(recorded));
          added.add(id);
        }
      } else if (applyChange(rows.get(id), recorded) && !added.has(id)) {
        changed.add(id);
      }
    }
    const rowsOf = (keys: Set<string>) => JSON.stringify([...keys].map((id) => rows.get(id)));
    if (added.size > 0) {
      // No row of these ids can exist: the batch read them under the projection's lock, which every writer holds.
      await insertColumns(manager, 'report_detail', COLUMN_NAMES, [...added].map((id) => rows.get(id)!));
    }
    if (changed.size > 0) {
      await manager.query(
        `UPDATE report_detail d SET revision = x.revision, facts = x.facts, assessment = x.assessment, duplicate_of = x.duplicate_of,
           duplicate_basis = x.duplicate_basis, correction_count = x.correction_count, withdrawn_reason = x.withdrawn_reason, updated_at = x.updated_at
         FROM ${ROWS} WHERE d.report_id = x.report_id`,
        [rowsOf(changed)],
      );
    }
  }
}

const idOf = (recorded: Recorded<ReportEvent>): string => recorded.data.reportId.toLowerCase();

const received = (recorded: Recorded<ReportEvent> & { type: 'ReportReceived' }): DetailRow => {
  const { reportId: _id, memberState, ...facts } = recorded.data;
  return {
    report_id: idOf(recorded),
    member_state: memberState,
    revision: recorded.streamRevision,
    facts,
    assessment: null,
    duplicate_of: null,
    duplicate_basis: null,
    correction_count: 0,
    withdrawn_reason: null,
    recorded_at: recorded.metadata.recordedAt,
    updated_at: recorded.metadata.recordedAt,
  };
};

/** Folds one event into its row; false when the row already reflects it (a redelivery) or is unknown. */
const applyChange = (row: DetailRow | undefined, recorded: Recorded<ReportEvent>): boolean => {
  if (!row || row.revision >= recorded.streamRevision || recorded.type === 'ReportReceived') return false;
  row.revision = recorded.streamRevision;
  row.updated_at = recorded.metadata.recordedAt;
  switch (recorded.type) {
    case 'ReportAssessed':
      row.assessment = { actionable: recorded.data.actionable, reasonIfNot: recorded.data.reasonIfNot, assessedAt: recorded.data.assessedAt };
      break;
    case 'ReportMarkedDuplicate':
      row.duplicate_of = recorded.data.duplicateOfReportId;
      row.duplicate_basis = recorded.data.basis;
      break;
    case 'ReportCorrected':
      row.facts = recorded.data.changes.reduce((facts, change) => ({ ...facts, [change.field]: change.newValue }), row.facts);
      row.correction_count += 1;
      break;
    case 'ReportWithdrawn':
      row.withdrawn_reason = recorded.data.reason;
      break;
  }
  return true;
};
