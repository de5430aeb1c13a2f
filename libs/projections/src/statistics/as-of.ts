import type { EntityManager } from 'typeorm';

/**
 * A moment of the statistics log: the state after the event with statistics sequence `seq` (null: now).
 * Every query of a figure takes one, so the figures of one document always describe the same moment.
 */
export interface StatisticsMoment {
  /** null: the current state. */
  readonly seq: bigint | null;
  /** The global position of the last event included, for people and snapshots. */
  readonly globalPosition: string | null;
  readonly recordedAt: string | null;
  /**
   * Names the state the moment reads: which statistics tables (a side-by-side rebuild swaps in new ones, with new
   * oids) and the seq they are read at (for now, the last applied). Every figure is a function of that state, so
   * two moments with equal states give equal figures (Art8DocumentMemo).
   */
  readonly state: string;
}

/**
 * SQL that keeps the row versions of `alias` valid at the moment; `param` is bound to the seq (null: now).
 * The current form still names the parameter, so every query binds the same parameter list; PostgreSQL
 * plans unnamed statements with their values, so `NULL IS NULL` folds away and partial indexes apply.
 */
export const validAt = (alias: string, moment: StatisticsMoment, param: string): string =>
  moment.seq === null
    ? `(${alias}.valid_to IS NULL AND ${param} IS NULL)`
    : `${alias}.valid_from <= ${param} AND (${alias}.valid_to IS NULL OR ${alias}.valid_to > ${param})`;

const momentOf = async (manager: EntityManager, where: string, params: unknown[]): Promise<StatisticsMoment> => {
  const [row] = await manager.query<{ seq: string | null; global_position: string | null; recorded_at: Date | null; tables: string | null }[]>(
    `SELECT l.seq, l.global_position, l.recorded_at, to_regclass('stat_log')::oid::text AS tables
       FROM (SELECT max(seq) AS seq FROM stat_log WHERE ${where}) m LEFT JOIN stat_log l ON l.seq = m.seq`,
    params,
  );
  const state = `${row?.tables ?? '-'}@${row?.seq ?? 0}`;
  return row?.seq != null
    ? { seq: BigInt(row.seq), globalPosition: row.global_position, recordedAt: row.recorded_at!.toISOString(), state }
    : { seq: 0n, globalPosition: null, recordedAt: null, state };
};

/** Now: the last event the statistics projection applied. */
export const currentMoment = async (manager: EntityManager): Promise<StatisticsMoment> => {
  const moment = await momentOf(manager, 'true', []);
  return { ...moment, seq: null };
};

/** As it stood at the end of a date-time: every event recorded at or before it. */
export const momentAtTime = (manager: EntityManager, at: Date): Promise<StatisticsMoment> =>
  momentOf(manager, 'recorded_at <= $1', [at.toISOString()]);

/** As it stood right after the event at this log position (`[major, minor]`, see logPositionSortKey). */
export const momentAtPosition = (manager: EntityManager, [major, minor]: readonly [bigint, bigint]): Promise<StatisticsMoment> =>
  momentOf(manager, '(position_major, position_minor) <= ($1, $2)', [major.toString(), minor.toString()]);

