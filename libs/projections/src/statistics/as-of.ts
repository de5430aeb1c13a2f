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
  const [row] = await manager.query<{ seq: string; global_position: string; recorded_at: Date }[]>(
    `SELECT seq, global_position, recorded_at FROM stat_log WHERE seq = (SELECT max(seq) FROM stat_log WHERE ${where})`,
    params,
  );
  return row
    ? { seq: BigInt(row.seq), globalPosition: row.global_position, recordedAt: row.recorded_at.toISOString() }
    : { seq: 0n, globalPosition: null, recordedAt: null };
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

/**
 * Names the state of the statistics tables that a moment reads: which tables (a side-by-side rebuild swaps in
 * new ones, with new oids) and how far they are applied (the moment's seq, or for "now" the last applied).
 * Every figure is a function of the tables at a seq, so two reads with equal keys give equal figures.
 */
export const statisticsStateKey = async (manager: EntityManager, moment: StatisticsMoment): Promise<string> => {
  const [row] = await manager.query<{ tables: string | null; seq: string | null }[]>(
    `SELECT to_regclass('stat_log')::oid::text AS tables, ${moment.seq === null ? '(SELECT max(seq) FROM stat_log)' : '$1::bigint'}::text AS seq`,
    moment.seq === null ? [] : [moment.seq.toString()],
  );
  return `${row?.tables ?? '-'}@${row?.seq ?? 0}`;
};
