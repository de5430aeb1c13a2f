import { logPositionSortKey, type LogPosition } from '@registry/event-store';
import type { EntityManager } from 'typeorm';

/** One access record as auditors see it: who, under which role, what, why and when; never the data read. */
export interface AccessLogEntry {
  readonly globalPosition: string;
  /** Pass as `from` to continue after this entry. */
  readonly position: LogPosition;
  readonly recordedAt: string;
  readonly actor: { readonly userId: string; readonly role: string };
  readonly memberState: string;
  readonly type: string;
  /** The kind of record (REPORT, STREAM_HISTORY, …) or the statistics export (ART8, …). */
  readonly accessed: string;
  readonly subject: string | null;
  readonly parameters: Record<string, string> | null;
  readonly purpose: string | null;
  readonly channel: string;
  readonly correlationId: string;
}

export interface AccessLogFilter {
  readonly memberStates: readonly string[] | 'all';
  readonly actorId?: string;
  /** A record id (uuid) or stream name: reads of the record and of its history. */
  readonly record?: string;
  readonly after?: LogPosition;
  readonly limit: number;
}

interface Row {
  global_position: string;
  position_major: string;
  position_minor: string;
  recorded_at: Date;
  actor_id: string;
  actor_role: string;
  member_state: string;
  event_type: string;
  accessed: string;
  subject: string | null;
  parameters: Record<string, string> | null;
  purpose: string | null;
  channel: string;
  correlation_id: string;
}

/** The access log in log order, after a position, filtered by member state scope, actor and record. */
export const queryAccessLog = async (manager: EntityManager, filter: AccessLogFilter): Promise<AccessLogEntry[]> => {
  const [major, minor] = filter.after ? logPositionSortKey(filter.after) : [0n, 0n];
  const params: unknown[] = [major.toString(), minor.toString(), filter.limit];
  const conditions = ['(position_major, position_minor) > ($1::bigint, $2::bigint)'];
  if (filter.memberStates !== 'all')
    conditions.push(`member_state = ANY($${params.push(filter.memberStates)}::text[])`);
  if (filter.actorId !== undefined) conditions.push(`actor_id = $${params.push(filter.actorId)}`);
  if (filter.record !== undefined) {
    const record = `$${params.push(filter.record)}`;
    conditions.push(
      `(subject = ${record} OR (subject LIKE '%-%' AND substr(subject, strpos(subject, '-') + 1) = ${record}))`,
    );
  }
  const rows = await manager.query<Row[]>(
    `SELECT * FROM access_log WHERE ${conditions.join(' AND ')} ORDER BY position_major, position_minor LIMIT $3`,
    params,
  );
  return rows.map((row) => ({
    globalPosition: row.global_position,
    position: `${row.position_major}/${row.position_minor}`,
    recordedAt: new Date(row.recorded_at).toISOString(),
    actor: { userId: row.actor_id, role: row.actor_role },
    memberState: row.member_state.trim(),
    type: row.event_type,
    accessed: row.accessed,
    subject: row.subject,
    parameters: row.parameters,
    purpose: row.purpose,
    channel: row.channel,
    correlationId: row.correlation_id,
  }));
};
